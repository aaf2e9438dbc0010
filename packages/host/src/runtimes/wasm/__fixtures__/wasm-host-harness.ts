/**
 * Drives the REAL host (createHost) with the WASM runtime over a temp plugin
 * search path: start, publish as a character, watch what the bus stores.
 */
import { ActorKind, type Event } from "@holomush/proto";
import { pino } from "pino";
import type { PublishResult } from "../../../events/event-bus.js";
import { gameOptions } from "../../../host/__fixtures__/game-options.js";
import { createHost, type Host } from "../../../host/create-host.js";
import type { InprocPluginSource } from "../../../inproc/inproc-plugin.js";
import type { LoadReport } from "../../../plugins/plugin-manager.js";
import type { PluginRuntime } from "../../../plugins/runtime.js";
import { createWasmRuntime, type WasmRuntimeOptions } from "../wasm-runtime.js";
import { createPluginSearchPath, type PluginSearchPath } from "./plugin-dirs.js";

export interface HarnessSetup {
  paths: PluginSearchPath;
  /** In-process plugins to register before start: [manifest, object]. */
  inproc: Array<[Record<string, unknown>, InprocPluginSource]>;
}

/** One JSON log line the host wrote at warn level or above. */
export type LogLine = Record<string, unknown> & {
  msg?: string;
  plugin?: string;
  event?: string;
  err?: { code?: string };
};

export interface Harness {
  host: Host;
  report: LoadReport;
  paths: PluginSearchPath;
  /** The host's warnings and errors, parsed (a real pino logger writing to memory). */
  logs: LogLine[];
  /** The same lines as written (JSON.parse would hide a key written twice). */
  rawLogs: string[];
  stop(): Promise<void>;
}

/** `wrap` lets a test observe or steer the runtime's instances (e.g. hold a delivery). */
export async function startWasmHost(
  setup: (target: HarnessSetup) => void | Promise<void>,
  runtime: WasmRuntimeOptions & { wrap?: (runtime: PluginRuntime) => PluginRuntime } = { workers: 2 },
): Promise<Harness> {
  const paths = createPluginSearchPath();
  const spec: HarnessSetup = { paths, inproc: [] };
  const logs: LogLine[] = [];
  const rawLogs: string[] = [];
  const logger = pino(
    { level: "warn" },
    {
      write: (line: string) => {
        rawLogs.push(line.trimEnd());
        logs.push(JSON.parse(line) as LogLine);
      },
    },
  );
  try {
    await setup(spec);
    const host = await createHost({
      ...gameOptions(),
      pluginDirs: [paths.root],
      runtimes: [
        (deps) => (runtime.wrap ?? ((inner) => inner))(createWasmRuntime({ refused: deps.refused, ...runtime })),
      ],
      logger,
    });
    for (const [manifest, plugin] of spec.inproc) await host.registerPlugin(manifest, plugin);
    const report = await host.start();
    return {
      host,
      report,
      paths,
      logs,
      rawLogs,
      async stop() {
        try {
          await host.stop();
        } finally {
          paths.remove();
        }
      },
    };
  } catch (error) {
    paths.remove();
    throw error;
  }
}

export interface SayOptions {
  stream?: string;
  type?: string;
  actorKind?: ActorKind;
  actorId?: string;
  /** Raw payload; default `{"message": <message>}`. */
  payload?: string;
}

/** Publishes through the host as a character (by default) saying `message` in the square. */
export function say(host: Host, message: string, options: SayOptions = {}): Promise<PublishResult> {
  return host.publish({
    stream: options.stream ?? "location:square",
    type: options.type ?? "say",
    payload: options.payload ?? JSON.stringify({ message }),
    actorKind: options.actorKind ?? ActorKind.CHARACTER,
    actorId: options.actorId ?? "char-1",
  });
}

/** Every stored event on streams matching `pattern`, emitted by `plugin` when given. */
export function record(host: Host, pattern: string, plugin?: string): Event[] {
  const seen: Event[] = [];
  host.bus.watch(pattern, (event) => {
    if (plugin === undefined || (event.actorKind === ActorKind.PLUGIN && event.actorId === plugin)) seen.push(event);
  });
  return seen;
}

/** Resolves with the next stored event on `pattern` that satisfies `match`. */
export function nextEvent(host: Host, pattern: string, match: (event: Event) => boolean): Promise<Event> {
  return new Promise((resolve) => {
    const stop = host.bus.watch(pattern, (event) => {
      if (!match(event)) return;
      stop();
      resolve(event);
    });
  });
}

/** Error codes of the failed deliveries of `plugin`, by event id (from the bus's log). */
export function failureCodes(logs: LogLine[], plugin: string): Record<string, string | undefined> {
  const codes: Record<string, string | undefined> = {};
  for (const line of logs) {
    if (line.msg === "event delivery failed" && line.plugin === plugin && line.event)
      codes[line.event] = line.err?.code;
  }
  return codes;
}

/** The id a scripted guest echoed back (`{"id": ...}` payload). */
export function answeredId(event: Event): string {
  return (JSON.parse(event.payload) as { id: string }).id;
}

export function publishedId(result: PublishResult): string {
  if (result.event === undefined) throw new Error("the event was not published");
  return result.event.id;
}
