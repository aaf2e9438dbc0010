/**
 * Test scaffolding: a PluginHostApi per plugin over shared in-memory maps
 * (KV namespaced by the bound plugin name, like the real host), and a helper
 * that writes a guest into a temporary plugin directory with its manifest.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { ActorKind, type Event, EventSchema, LogLevel } from "@holomush/proto";
import pino from "pino";
import { HostError, HostErrorCode } from "../../../errors.js";
import type { PluginManifest, WasmPluginSection } from "../../../manifest/manifest.js";
import type { PluginHostApi } from "../../../plugins/plugin-host-api.js";
import type { DeliveryOptions, RuntimeLoadContext } from "../../../plugins/runtime.js";

export interface MemoryWorld {
  kv: Map<string, Map<string, Uint8Array>>;
  history: Event[];
  logs: Array<{ plugin: string; level: LogLevel; message: string; fields: Record<string, string> }>;
}

export function createWorld(): MemoryWorld {
  return { kv: new Map(), history: [], logs: [] };
}

export function memoryHostApi(world: MemoryWorld, pluginName: string): PluginHostApi {
  const space = () => {
    const map = world.kv.get(pluginName) ?? new Map<string, Uint8Array>();
    world.kv.set(pluginName, map);
    return map;
  };
  const unsupported = async (): Promise<never> => {
    throw new HostError(HostErrorCode.PERMISSION_DENIED, "not in this test host");
  };
  return {
    pluginName,
    emit: unsupported,
    log: (level, message, fields = {}) => world.logs.push({ plugin: pluginName, level, message, fields }),
    kvGet: async (key) => space().get(key),
    kvSet: async (key, value) => {
      if (key === "") throw new HostError(HostErrorCode.KV_KEY_INVALID, "empty key");
      space().set(key, value);
    },
    kvDelete: async (key) => space().delete(key),
    kvList: async (prefix, pageSize = 100) => {
      const keys = [...space().keys()].filter((key) => key.startsWith(prefix)).sort();
      return {
        entries: keys.slice(0, pageSize).map((key) => ({ key, value: space().get(key) as Uint8Array })),
        nextPageToken: "",
      };
    },
    joinFocus: unsupported,
    leaveFocus: unsupported,
    leaveFocusByTarget: unsupported,
    presentFocus: unsupported,
    callService: async (service) => {
      throw new HostError(HostErrorCode.PERMISSION_DENIED, `no service ${service} in the memory host`);
    },
    queryStreamHistory: async ({ stream, count = 50 }) => {
      const entries = world.history.filter((event) => event.stream === stream).slice(-count);
      return { entries: entries.map((event) => ({ event, cursor: event.id })), nextCursor: "" };
    },
  };
}

export function manifestFor(name: string, wasm: Partial<WasmPluginSection> = {}, extra: Partial<PluginManifest> = {}) {
  const manifest: PluginManifest = {
    name,
    version: "1.0.0",
    type: "wasm",
    description: "",
    requires: [],
    provides: [],
    storage: "kv",
    commands: [],
    policies: [],
    emits: ["location"],
    events: [{ stream: "location:*", types: [], intercept: false }],
    dependencies: [],
    priority: 50,
    config: {},
    delivery: { queueSize: 256, overflow: "drop", timeoutMs: 5000 },
    wasmPlugin: {
      module: "plugin.wasm",
      maxMemoryPages: 16,
      timeoutMs: 2000,
      allowedPaths: {},
      allowedHosts: [],
      ...wasm,
    },
    ...extra,
  };
  return manifest;
}

/** Writes the module into a fresh plugin dir and returns a load context for it. */
export function loadContext(world: MemoryWorld, manifest: PluginManifest, bytes: Uint8Array): RuntimeLoadContext {
  const dir = mkdtempSync(join(tmpdir(), `wasm-${manifest.name}-`));
  writeFileSync(join(dir, manifest.wasmPlugin?.module ?? "plugin.wasm"), bytes);
  return {
    source: { manifest, file: join(dir, "plugin.yaml"), dir },
    host: memoryHostApi(world, manifest.name),
    logger: pino({ level: "silent" }),
    signal: new AbortController().signal,
  };
}

export function sayEvent(id: string, message: string, stream = "location:room1"): Event {
  return create(EventSchema, {
    id,
    stream,
    type: "say",
    timestamp: 1737195000000n,
    actorKind: ActorKind.CHARACTER,
    actorId: "player123",
    payload: JSON.stringify({ message }),
  });
}

export function delivery(timeoutMs = 5000): DeliveryOptions {
  return { cancellable: false, deadlineMs: Date.now() + timeoutMs, signal: new AbortController().signal };
}

export { LogLevel };
