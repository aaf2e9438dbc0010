/**
 * The process runtime: one Connect server (HTTP/2 on a unix socket in a
 * private run directory) that every process plugin dials, whether the host
 * spawned it or an operator started it (no executable in the manifest).
 * See README.md beside this file for the protocol and the guarantees.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { PLUGIN_API_VERSIONS } from "@holomush/proto";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../../errors.js";
import type { PluginRuntime, RuntimeLoadContext } from "../../plugins/runtime.js";
import type { ServiceDirectory } from "../../plugins/service-directory.js";
import { startHostServer } from "./host-server.js";
import { createBindingRegistry } from "./plugin-bindings.js";
import { type HealthPolicy, PluginSupervisor, type RestartPolicy } from "./plugin-supervisor.js";
import { createProcessInstance, type ProcessInstance } from "./process-instance.js";
import { countingBinding, countingRefusals, type RefusalCounter } from "./refusal-counting.js";
import { createPluginToken, createRunDir } from "./run-dir.js";
import { SPAWN_CONNECTION_FD } from "./spawn-connection.js";
import { baseEnvironment, resolveExecutable, resolveWorkDir } from "./spawn-plugin.js";

/** Options of createProcessRuntime; only `services` and `logger` are required. */
export interface ProcessRuntimeOptions {
  /** The service broker: plugins' provided services are registered here, required ones resolved. */
  services: ServiceDirectory;
  logger: Logger;
  /** Run directory for the socket and token files (default: a fresh `<tmpdir>/holomush-<pid>-*`, mode 0700). */
  runDir?: string;
  /** Grace period for Shutdown, then again after SIGTERM, before SIGKILL (default 2000 ms). */
  shutdownGraceMs?: number;
  /** Crash restart policy (defaults: 250 ms doubling to 8 s; failed after 5 crashes in 60 s). */
  restart?: Partial<RestartPolicy>;
  /** Ping/Pong health checks (default every 5 s, 5 s timeout). */
  health?: Partial<HealthPolicy>;
  /**
   * Tokens for dial-in plugins (no executable), by plugin name, handed to
   * them by the operator. A dial-in plugin without one gets a fresh token
   * written to `<runDir>/<name>.token` (mode 0600).
   */
  dialInTokens?: Record<string, string>;
  /** How long a spawned plugin may take to dial in and say hello (default 10000 ms). */
  connectTimeoutMs?: number;
  /** How long load() waits for a dial-in plugin (default 30000 ms; 0 waits for the load signal only). */
  dialInTimeoutMs?: number;
  /** Api versions the host speaks, most preferred first (default PLUGIN_API_VERSIONS). */
  apiVersions?: readonly string[];
  /** Reported in HostHello (default "0.1.0"). */
  hostVersion?: string;
  /** Counts requests the socket refuses (the host passes its holomush_plugin_refusals_total). */
  refused?: RefusalCounter;
  /** Longest line of a spawned plugin's stdout/stderr that is logged, bytes; longer ones are dropped (default 64 KiB). */
  maxOutputLineBytes?: number;
  /**
   * Host calls one plugin may have in flight on its stream (HostRequest frames, default
   * MAX_HOST_REQUESTS_IN_FLIGHT = 64); each one beyond is answered HOST_REQUESTS_EXHAUSTED.
   */
  maxHostRequestsInFlight?: number;
}

/** The process (`type: binary`) runtime, with its socket address for dial-in plugins. */
export interface ProcessRuntime extends PluginRuntime {
  /** `unix:<socket path>`: what dial-in plugins dial (HOLOMUSH_HOST_ADDRESS); spawned ones inherit fd 3. */
  readonly address: string;
  /** The private run directory. */
  readonly runDir: string;
  load(context: RuntimeLoadContext): Promise<ProcessInstance>;
  /** Stops every plugin (graceful, then killed), closes the socket and removes the run directory. */
  close(): Promise<void>;
}

/** The process runtime: one Connect server on a unix socket in a private run directory, which every process plugin dials. */
export function createProcessRuntime(options: ProcessRuntimeOptions): ProcessRuntime {
  const { services, logger } = options;
  const restart: RestartPolicy = {
    initialDelayMs: 250,
    maxDelayMs: 8000,
    maxCrashes: 5,
    windowMs: 60_000,
    ...options.restart,
  };
  const health: HealthPolicy = { intervalMs: 5000, timeoutMs: 5000, ...options.health };
  const shutdownGraceMs = options.shutdownGraceMs ?? 2000;
  const apiVersions = options.apiVersions ?? PLUGIN_API_VERSIONS;
  const hostVersion = options.hostVersion ?? "0.1.0";
  const runDir = createRunDir(options.runDir ? { dir: options.runDir } : {});
  const bindings = options.refused
    ? countingRefusals(createBindingRegistry(), options.refused)
    : createBindingRegistry();
  const server = startHostServer({
    socketPath: runDir.socketPath,
    bindings,
    services,
    logger,
    ...(options.maxHostRequestsInFlight !== undefined ? { maxHostRequests: options.maxHostRequestsInFlight } : {}),
  });
  const supervisors = new Set<PluginSupervisor>();
  // Broker ids are numeric like go-plugin's (the SDK parses `broker:<n>`); they
  // are not secrets: a call must also present the token they were issued to.
  let nextBrokerId = 1;

  // Last resort when the host exits without close(): no orphans, no socket file.
  const onExit = () => {
    for (const supervisor of supervisors) supervisor.killNow();
    runDir.remove();
  };
  process.once("exit", onExit);

  async function load(context: RuntimeLoadContext): Promise<ProcessInstance> {
    const { source } = context;
    const { manifest } = source;
    const pluginLogger = context.logger;
    if (manifest.type !== "binary") {
      throw new HostError(
        HostErrorCode.PLUGIN_LOAD_FAILED,
        `the process runtime loads binary plugins, not ${manifest.type}`,
        {
          plugin: manifest.name,
          file: source.file,
          field: "type",
        },
      );
    }
    const section = manifest.binaryPlugin ?? { args: [], env: {} };
    const dialIn = !section.executable;
    // Only dial-in plugins hold a secret; a spawned one is known by the connection made for it.
    let token: string | undefined;
    if (dialIn) {
      token = options.dialInTokens?.[manifest.name];
      if (!token) {
        token = createPluginToken();
        const file = runDir.writeToken(manifest.name, token);
        pluginLogger.info({ tokenFile: file, address: server.address }, "waiting for dial-in plugin");
      }
    }
    const spawn = dialIn
      ? undefined
      : {
          executable: resolveExecutable(source),
          args: section.args,
          cwd: resolveWorkDir(source),
          env: {
            ...baseEnvironment(),
            ...section.env,
            HOLOMUSH_HOST_FD: String(SPAWN_CONNECTION_FD),
            HOLOMUSH_PLUGIN_NAME: manifest.name,
            HOLOMUSH_PLUGIN_VERSION: manifest.version,
            HOLOMUSH_API_VERSIONS: apiVersions.join(","),
            HOLOMUSH_STDIN_LIFELINE: "1",
          },
          ...(options.maxOutputLineBytes === undefined ? {} : { maxOutputLineBytes: options.maxOutputLineBytes }),
        };
    const brokers = new Map<string, string>();
    for (const service of manifest.requires) brokers.set(String(nextBrokerId++), service);

    const supervisor = new PluginSupervisor({
      source,
      host: context.host,
      logger: pluginLogger,
      apiVersions,
      hostVersion,
      ...(spawn ? { spawn } : {}),
      brokers,
      restart,
      health,
      // A spawned plugin's connection is not in the token registry: its refusals are counted here.
      adoptConnection: (socket, binding) =>
        server.adopt(socket, options.refused ? countingBinding(binding, options.refused) : binding),
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      shutdownGraceMs,
    });
    const revoke = token === undefined ? () => undefined : bindings.add(token, supervisor);
    supervisors.add(supervisor);
    const forget = () => {
      services.unregisterOwner(manifest.name);
      revoke();
      supervisors.delete(supervisor);
    };
    try {
      await server.ready;
      await supervisor.start(
        dialIn ? (options.dialInTimeoutMs ?? 30_000) : (options.connectTimeoutMs ?? 10_000),
        context.signal,
      );
      for (const service of supervisor.providedServices) {
        services.register(service, manifest.name, async (method, message, caller, signal) => {
          const reply = await supervisor.call({ case: "service", value: { service, method, message, caller } }, signal);
          if (reply.reply.case !== "service") {
            const why = reply.reply.case === "error" ? reply.reply.value.message : "no service reply";
            throw new ConnectError(why, Code.Internal);
          }
          const { code, errorMessage } = reply.reply.value;
          if (code !== 0) throw new ConnectError(errorMessage, code as Code);
          return reply.reply.value.message;
        });
      }
    } catch (error) {
      await supervisor.stop("load failed");
      forget();
      throw HostError.from(error, HostErrorCode.PLUGIN_LOAD_FAILED, { plugin: manifest.name, file: source.file });
    }
    return createProcessInstance({ source, supervisor, onStopped: forget });
  }

  let closing: Promise<void> | undefined;
  return {
    type: "binary",
    // A dial-in plugin gets its own wait (dialInTimeoutMs), not the host's shorter init timeout.
    loadTimeoutMs: (source) =>
      source.manifest.binaryPlugin?.executable ? undefined : (options.dialInTimeoutMs ?? 30_000) + 1_000,
    address: server.address,
    runDir: runDir.dir,
    load,
    close() {
      closing ??= (async () => {
        await Promise.all([...supervisors].map((supervisor) => supervisor.stop("host stopping")));
        supervisors.clear();
        await server.close();
        runDir.remove();
        process.off("exit", onExit);
      })();
      return closing;
    },
  };
}
