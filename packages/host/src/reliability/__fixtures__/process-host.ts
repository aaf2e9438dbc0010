/**
 * The REAL host (createHost) with the process runtime and fault plugins (a
 * copy of fault-plugin.mjs per plugin directory, real child processes on the
 * runtime's real socket), plus the measurements the suite reports: a
 * plugin's round trip (publish → its echo stored on the bus) and percentiles.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ActorKind, type Event } from "@holomush/proto";
import { stringify } from "yaml";
import { gameOptions } from "../../host/__fixtures__/game-options.js";
import { createHost, type Host } from "../../host/create-host.js";
import type { RuntimeDeps } from "../../host/host-options.js";
import type { LoadReport } from "../../plugins/plugin-manager.js";
import type { PluginRuntime } from "../../plugins/runtime.js";
import { createProcessRuntime, type ProcessRuntimeOptions } from "../../runtimes/process/process-runtime.js";
import { captureLogs, type LogCapture } from "./log-capture.js";

const here = fileURLToPath(new URL(".", import.meta.url));
/** Inside the package, so the copied plugins resolve @holomush/plugin-sdk from its node_modules. */
const scratch = fileURLToPath(new URL("../../../node_modules/.cache/", import.meta.url));

export interface FaultPlugin {
  name: string;
  /** The program copied in as plugin.mjs (default fault-plugin.mjs). */
  script?: string;
  /** A WASM plugin instead: its module (the manifest's `wasm-plugin` goes in `manifest`). */
  wasm?: Uint8Array;
  env?: Record<string, string>;
  /** `delivery` section of the manifest (kebab-case). */
  delivery?: Record<string, unknown>;
  /** Extra manifest keys (e.g. requires, emits). */
  manifest?: Record<string, unknown>;
  /**
   * A dial-in plugin: no executable in its manifest; the suite starts it as
   * an operator would, once the host waits for it (its token file appears).
   */
  dialIn?: boolean;
}

export interface ProcessHost {
  host: Host;
  report: LoadReport;
  logs: LogCapture;
  root: string;
  /** The process runtime's public socket (`unix:<path>`), where dial-in plugins and strangers connect. */
  address: string;
  /** A plugin's directory (its scratch state lives there too). */
  dir(name: string): string;
  stop(): Promise<void>;
}

type RuntimeTuning = Omit<ProcessRuntimeOptions, "services" | "logger">;

export async function startProcessHost(
  plugins: FaultPlugin[],
  tuning: RuntimeTuning = {},
  extraRuntimes: Array<(deps: RuntimeDeps) => PluginRuntime> = [],
  /** Host options beside the suite's own (e.g. a storage engine to watch). */
  hostOptions: Pick<NonNullable<Parameters<typeof createHost>[0]>, "storage"> = {},
): Promise<ProcessHost> {
  mkdirSync(scratch, { recursive: true });
  const root = mkdtempSync(join(scratch, "holomush-reliability-"));
  for (const plugin of plugins) writePlugin(root, plugin);
  const logs = captureLogs("info");
  const dialIns = plugins.filter((plugin) => plugin.dialIn);
  let address = "";
  let runDir = "";
  const host = await createHost({
    ...gameOptions(),
    pluginDirs: [root],
    logger: logs.logger,
    ...hostOptions,
    runtimes: [
      (deps) => {
        const runtime = createProcessRuntime({
          services: deps.services,
          logger: deps.logger,
          refused: deps.refused,
          ...tuning,
        });
        address = runtime.address;
        runDir = runtime.runDir;
        return runtime;
      },
      ...extraRuntimes,
    ],
  });
  const children: ChildProcess[] = [];
  const killChildren = () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  let report: LoadReport;
  try {
    let started = false;
    const starting = host.start().finally(() => {
      started = true;
    });
    // Plugins load one after another: each dial-in one is started when its load waits for it.
    const dialing = dialIns.map(async (plugin) => {
      const tokenFile = join(runDir, `${plugin.name}.token`);
      if (await appears(tokenFile, () => started)) children.push(startDialIn(root, plugin, address, tokenFile));
    });
    report = await starting;
    await Promise.all(dialing);
  } catch (error) {
    killChildren();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    host,
    report,
    logs,
    root,
    address,
    dir: (name) => join(root, name),
    async stop() {
      try {
        await host.stop();
      } finally {
        killChildren();
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/** Whether `path` appears before `over()` (the host writes a dial-in plugin's token file as its load starts). */
async function appears(path: string, over: () => boolean): Promise<boolean> {
  while (!existsSync(path)) {
    if (over()) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/** Starts a dial-in plugin as its operator would: the socket address, its name and the host's token file. */
function startDialIn(root: string, plugin: FaultPlugin, address: string, tokenFile: string): ChildProcess {
  const dir = join(root, plugin.name);
  return spawn(process.execPath, [join(dir, "plugin.mjs")], {
    cwd: dir,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      PATH: process.env.PATH ?? "",
      HOLOMUSH_HOST_ADDRESS: address,
      HOLOMUSH_PLUGIN_NAME: plugin.name,
      HOLOMUSH_PLUGIN_VERSION: "1.0.0",
      HOLOMUSH_PLUGIN_TOKEN_FILE: tokenFile,
      FAULT_STATE_DIR: join(dir, "state"),
      ...plugin.env,
    },
  });
}

function writePlugin(root: string, plugin: FaultPlugin): void {
  const dir = join(root, plugin.name);
  mkdirSync(join(dir, "state"), { recursive: true });
  const common = {
    name: plugin.name,
    version: "1.0.0",
    emits: ["test"],
    events: [{ stream: `location:${plugin.name}`, types: ["ping"] }],
    ...(plugin.delivery ? { delivery: plugin.delivery } : {}),
  };
  if (plugin.wasm) {
    writeFileSync(join(dir, "plugin.wasm"), plugin.wasm);
    const section = (plugin.manifest?.["wasm-plugin"] ?? {}) as Record<string, unknown>;
    const manifest = {
      ...common,
      type: "wasm",
      ...plugin.manifest,
      "wasm-plugin": { module: "plugin.wasm", ...section },
    };
    writeFileSync(join(dir, "plugin.yaml"), stringify(manifest));
    return;
  }
  copyFileSync(join(here, plugin.script ?? "fault-plugin.mjs"), join(dir, "plugin.mjs"));
  chmodSync(join(dir, "plugin.mjs"), 0o755);
  const manifest = {
    ...common,
    type: "binary",
    "binary-plugin": plugin.dialIn
      ? {}
      : { executable: "plugin.mjs", env: { FAULT_STATE_DIR: join(dir, "state"), ...plugin.env } },
    ...plugin.manifest,
  };
  writeFileSync(join(dir, "plugin.yaml"), stringify(manifest));
}

/** Sends `payload` to `plugin` (a character's ping on its stream). */
export async function ping(host: Host, plugin: string, payload: Record<string, unknown>): Promise<void> {
  await host.publish({
    stream: `location:${plugin}`,
    type: "ping",
    payload: JSON.stringify(payload),
    actorKind: ActorKind.CHARACTER,
    actorId: "char-1",
  });
}

/** The echo of ping `seq` from `plugin`, once stored on the bus. */
export function echoOf(host: Host, plugin: string, seq: number): Promise<Event> {
  return new Promise((resolve) => {
    const stop = host.bus.watch("test:out", (event) => {
      if (event.actorId !== plugin || (JSON.parse(event.payload) as { seq?: number }).seq !== seq) return;
      stop();
      resolve(event);
    });
  });
}

/** Round trip of one ping in ms: published → the plugin's echo stored. */
export async function roundTrip(host: Host, plugin: string, seq: number): Promise<number> {
  const started = performance.now();
  const echoed = echoOf(host, plugin, seq);
  await ping(host, plugin, { seq });
  await echoed;
  return performance.now() - started;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** The pid a plugin's echo reports. */
/** The echoing process's nice value at start-up and now. */
export function niceOf(event: Event): { startNice: number; nice: number } {
  return JSON.parse(event.payload) as { startNice: number; nice: number };
}

export function pidOf(event: Event): number {
  return (JSON.parse(event.payload) as { pid: number }).pid;
}
