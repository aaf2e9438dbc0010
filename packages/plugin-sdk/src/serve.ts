/**
 * The SDK's entry points (Serve / ServeWithServices, as in the Go SDK): read the
 * HOLOMUSH_* environment, dial the host, run the session, exit. Exit codes:
 * 0 after a Shutdown, 1 when the host refused the plugin or went away, 2 when
 * started outside a host.
 */
import { PLUGIN_API_VERSIONS } from "@holomush/proto";
import { createHostConnection } from "./host-connection.js";
import { type EnvironmentSource, missingEnvironmentMessage, readPluginEnvironment } from "./plugin-env.js";
import type { PluginHandler, ServiceProvider } from "./plugin-handler.js";
import { runPluginSession, type SessionEnd } from "./plugin-session.js";
import { createServiceRegistry } from "./service-registry.js";

/** How to run a plugin: its handler, identity and what to do when the session ends. */
export interface ServeOptions {
  /** The plugin's event and command handlers. */
  handler: PluginHandler;
  /** Plugin name for the hello (default HOLOMUSH_PLUGIN_NAME); must equal the manifest's. */
  name?: string;
  /** Plugin version for the hello (default HOLOMUSH_PLUGIN_VERSION); must equal the manifest's. */
  version?: string;
  /** Commands this plugin implements (each declared in the manifest). Default none claimed. */
  commands?: string[];
  /** Api versions offered, most preferred first (default the SDK's PLUGIN_API_VERSIONS). */
  apiVersions?: string[];
  /** Environment to read (default process.env). */
  env?: EnvironmentSource;
  /** Exit the process when the session ends (default true); false returns the outcome instead. */
  exit?: boolean;
  /**
   * How EventSink, FocusClient and KvClient reach the host: `"stream"` (default) over the plugin's
   * open stream when the host offers it, else as unary calls; `"unary"` always as unary calls.
   */
  hostCalls?: "stream" | "unary";
}

/** The outcome when `exit: false`. */
export type ServeResult = SessionEnd | { kind: "misconfigured"; missing: string[] };

/** Serves an event/command plugin. */
export function serve(options: ServeOptions): Promise<ServeResult> {
  return serveWithServices(options, undefined);
}

/** Serves a plugin that provides services (`provides`) or needs Init (`requires`, storage). */
export async function serveWithServices(
  options: ServeOptions,
  provider: ServiceProvider | undefined,
): Promise<ServeResult> {
  const exit = options.exit ?? true;
  const env = readPluginEnvironment(options.env ?? process.env);
  if ("missing" in env) {
    process.stderr.write(`${missingEnvironmentMessage(env.missing)}\n`);
    if (exit) process.exit(2);
    return { kind: "misconfigured", missing: env.missing };
  }
  if (exit && env.stdinLifeline) {
    // The host that spawned us keeps our stdin open; EOF means it is gone.
    process.stdin.on("end", () => process.exit(1));
    process.stdin.on("error", () => process.exit(1));
    process.stdin.resume();
  }
  const registry = createServiceRegistry();
  provider?.registerServices?.(registry.router);
  const connection = createHostConnection(env.endpoint);
  const end = await runPluginSession({
    connection,
    handler: options.handler,
    ...(provider ? { provider } : {}),
    registry,
    ...(options.hostCalls ? { hostCalls: options.hostCalls } : {}),
    hello: {
      name: options.name ?? env.name,
      version: options.version ?? env.version,
      apiVersions: options.apiVersions ?? [...PLUGIN_API_VERSIONS],
      commands: options.commands ?? [],
      providedServices: registry.serviceNames(),
    },
  });
  if (end.kind === "refused") {
    process.stderr.write(`holomush plugin: the host refused this plugin: ${end.error.code}: ${end.error.message}\n`);
  } else if (end.kind === "lost") {
    process.stderr.write(`holomush plugin: lost the host connection: ${end.reason}\n`);
  }
  if (exit) {
    // Let callers whose host calls failed with the stream (HOST_CONNECTION_LOST) run their handlers first.
    await new Promise((resolve) => setImmediate(resolve));
    process.exit(end.kind === "shutdown" ? 0 : 1);
  }
  return end;
}
