/**
 * Test doubles for the process runtime tests: an in-memory PluginHostApi per
 * plugin, manifests for the echo fixture, and a pino logger that keeps lines.
 */
import { join } from "node:path";
import { Writable } from "node:stream";
import { create } from "@bufbuild/protobuf";
import {
  ActorKind,
  type CommandRequest,
  CommandRequestSchema,
  type Event,
  EventSchema,
  type ServiceConfig,
  ServiceConfigSchema,
  WorldService,
} from "@holomush/proto";
import { type Logger, pino } from "pino";
import { HostError, HostErrorCode } from "../../../errors.js";
import type { BinaryPluginSection, ManifestSource, PluginManifest } from "../../../manifest/manifest.js";
import type { PluginHostApi } from "../../../plugins/plugin-host-api.js";
import type { EmitEventInit, EventOutcome, PluginInstance } from "../../../plugins/runtime.js";
import { createServiceDirectory, type ServiceDirectory } from "../../../plugins/service-directory.js";
import type { ProcessInstance } from "../process-instance.js";
import { createProcessRuntime, type ProcessRuntime, type ProcessRuntimeOptions } from "../process-runtime.js";
import { fixturesDir, prepareFixturePlugins } from "./fixture-plugins.js";

export interface MemoryHost extends PluginHostApi {
  readonly emitted: EmitEventInit[];
  readonly logs: { level: number; message: string }[];
  readonly kv: Map<string, Uint8Array>;
}

/** `emits`: the namespaces the emit double accepts (the real fence checks the manifest). */
/** A PluginHostApi over in-memory maps; service calls go to `services` when given (as the host's do). */
export function createMemoryHost(
  pluginName: string,
  emits: string[] = ["test"],
  services?: ServiceDirectory,
): MemoryHost {
  const emitted: EmitEventInit[] = [];
  const logs: { level: number; message: string }[] = [];
  const kv = new Map<string, Uint8Array>();
  return {
    pluginName,
    emitted,
    logs,
    kv,
    async emit(events) {
      for (const event of events) {
        if (!emits.includes(event.stream?.split(":")[0] ?? "")) {
          throw new HostError(HostErrorCode.EMIT_NAMESPACE_UNDECLARED, `namespace of ${event.stream} not declared`, {
            plugin: pluginName,
          });
        }
      }
      emitted.push(...events);
      return events.map((_, index) => `id-${emitted.length - events.length + index}`);
    },
    log: (level, message) => {
      logs.push({ level, message });
    },
    kvGet: async (key) => kv.get(key),
    kvSet: async (key, value) => {
      kv.set(key, value);
    },
    kvDelete: async (key) => kv.delete(key),
    kvList: async (prefix) => ({
      entries: [...kv].filter(([key]) => key.startsWith(prefix)).map(([key, value]) => ({ key, value })),
      nextPageToken: "",
    }),
    joinFocus: async () => ["scene:1:ic"],
    leaveFocus: async () => false,
    leaveFocusByTarget: async () => 0,
    presentFocus: async () => {
      throw new HostError(HostErrorCode.FOCUS_NOT_MEMBER, "not a member of that scene", { plugin: pluginName });
    },
    queryStreamHistory: async () => ({ entries: [], nextCursor: "" }),
    callService: async (service, method, request, signal) => {
      if (services === undefined) {
        throw new HostError(HostErrorCode.SERVICE_UNAVAILABLE, `no service ${service} in the test host`, {
          plugin: pluginName,
        });
      }
      return services.call(service, method, request, pluginName, signal);
    },
  };
}

export function echoManifest(
  name: string,
  overrides: Partial<PluginManifest> = {},
  binary: Partial<BinaryPluginSection> = {},
): ManifestSource {
  const manifest: PluginManifest = {
    name,
    version: "1.0.0",
    type: "binary",
    description: "",
    requires: ["holomush.world.v1.WorldService"],
    provides: [],
    storage: "kv",
    commands: [],
    policies: [],
    emits: ["test"],
    events: [],
    dependencies: [],
    priority: 50,
    config: {},
    delivery: { queueSize: 256, overflow: "drop", timeoutMs: 5000 },
    binaryPlugin: { executable: "plugin.mjs", args: [], env: {}, ...binary },
    ...overrides,
  };
  const dir = join(fixturesDir, "echo-plugin");
  return { manifest, dir, file: join(dir, "plugin.yaml") };
}

export interface CapturedLogger {
  logger: Logger;
  lines: () => Record<string, unknown>[];
}

export function captureLogger(): CapturedLogger {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: "debug" }, sink), lines: () => lines };
}

/** An event whose JSON payload tells the echo fixture what to do. */
export function fixtureEvent(payload: unknown, seq = 0): Event {
  return create(EventSchema, {
    id: `01HZ${String(seq).padStart(22, "0")}`,
    stream: "location:1",
    type: "say",
    timestamp: BigInt(Date.now()),
    actorKind: ActorKind.CHARACTER,
    actorId: "char-1",
    payload: JSON.stringify(payload),
  });
}

/** Delivers like the host core does: one call, a deadline, a signal that aborts at the deadline. */
export function deliver(instance: PluginInstance, payload: unknown, timeoutMs = 5000, seq = 0) {
  return instance.handleEvent(fixtureEvent(payload, seq), {
    cancellable: false,
    deadlineMs: Date.now() + timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
  });
}

export function callOptions(timeoutMs = 5000) {
  return { deadlineMs: Date.now() + timeoutMs, signal: AbortSignal.timeout(timeoutMs) };
}

export function commandRequest(command: string, args = "", sessionId = "s1"): CommandRequest {
  return create(CommandRequestSchema, { command, args, sessionId, invokedAs: command });
}

export function emptyConfig(): ServiceConfig {
  return create(ServiceConfigSchema, {});
}

/** The first emitted event's JSON payload. */
export function firstPayload(outcome: EventOutcome | undefined): Record<string, unknown> {
  return JSON.parse(outcome?.events?.[0]?.payload ?? "{}") as Record<string, unknown>;
}

export interface FixtureRuntime {
  runtime: ProcessRuntime;
  services: ServiceDirectory;
  log: CapturedLogger;
  load(source: ManifestSource, host?: MemoryHost): Promise<{ instance: ProcessInstance; host: MemoryHost }>;
}

/** A runtime with WorldService registered by the host and fast restarts. */
export function createFixtureRuntime(options: Partial<ProcessRuntimeOptions> = {}): FixtureRuntime {
  prepareFixturePlugins();
  const services = createServiceDirectory();
  services.registerService(WorldService, "host", {
    getLocation: (request) => ({ location: { id: request.locationId, name: `Room ${request.locationId}` } }),
  });
  const log = captureLogger();
  const runtime = createProcessRuntime({
    services,
    logger: log.logger,
    restart: { initialDelayMs: 20, maxDelayMs: 100 },
    shutdownGraceMs: 1000,
    ...options,
  });
  return {
    runtime,
    services,
    log,
    async load(source, host = createMemoryHost(source.manifest.name, source.manifest.emits, services)) {
      const instance = await runtime.load({
        source,
        host,
        logger: log.logger.child({ plugin: source.manifest.name }),
        signal: new AbortController().signal,
      });
      return { instance, host };
    },
  };
}

/** True while a pid is running. */
export function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until `check` passes (for process exits the OS reports asynchronously). */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
