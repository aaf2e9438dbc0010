/**
 * createHost: the engine wired together — storage, the event bus, sessions
 * and focus, commands, the plugin manager and its runtimes, the metrics. The
 * embedder brings its world (a `WorldDirectory`), its focus kinds, the
 * services it offers plugins, what a connect announces (`presence`) and its
 * transports; then calls start() and stop().
 */
import type { Server } from "node:http";
import { basename, dirname } from "node:path";
import { ActorKind } from "@holomush/proto";
import { type Logger, pino } from "pino";
import type { Authorizer } from "../auth/authorizer.js";
import { createCedarAuthorizer } from "../auth/cedar-authorizer.js";
import type { ClusterOptions } from "../cluster/cluster-options.js";
import { type CommandDispatcher, createCommandDispatcher } from "../commands/command-dispatcher.js";
import { type CommandRegistry, createCommandRegistry } from "../commands/command-registry.js";
import { HostError, HostErrorCode } from "../errors.js";
import { createEventBus, type EventBus, type PublishInput, type PublishResult } from "../events/event-bus.js";
import { createFocusCoordinator, type FocusCoordinator } from "../focus/focus-coordinator.js";
import { createFocusKindRegistry, type FocusKindRegistry } from "../focus/focus-kind-registry.js";
import type { Session } from "../focus/session.js";
import { createSessionRegistry, type SessionRegistry } from "../focus/session-registry.js";
import { createHookRegistry, type HookRegistry } from "../inproc/hook-registry.js";
import type { InprocPluginSource } from "../inproc/inproc-plugin.js";
import { createInprocRuntime } from "../inproc/inproc-runtime.js";
import { installProcessFaultHandlers } from "../inproc/process-faults.js";
import { discoverPlugins, MANIFEST_FILE_NAME } from "../manifest/discover-plugins.js";
import type { ManifestSource, PluginType } from "../manifest/manifest.js";
import { loadManifest } from "../manifest/parse-manifest.js";
import { validateManifest } from "../manifest/validate-manifest.js";
import { createHostMetrics, type HostMetrics } from "../metrics/host-metrics.js";
import { startMetricsServer } from "../metrics/metrics-server.js";
import { createPluginHostApi } from "../plugins/create-plugin-host-api.js";
import { createPluginManager, type LoadReport, type PluginManager } from "../plugins/plugin-manager.js";
import { runtimeRestarts } from "../plugins/running-plugin.js";
import type { PluginRuntime } from "../plugins/runtime.js";
import { baseServiceConfig } from "../plugins/service-config.js";
import { createServiceDirectory, type ServiceDirectory } from "../plugins/service-directory.js";
import { createSessionLinks } from "../plugins/session-links.js";
import type { EventStore } from "../storage/event-store.js";
import type { KvStore } from "../storage/kv-store.js";
import { createMemoryEventStore } from "../storage/memory-event-store.js";
import { createMemoryKvStore } from "../storage/memory-kv-store.js";
import { createCharacterDirectory } from "../world/character-directory.js";
import { createMemoryCharacterStore } from "../world/character-store.js";
import type { WorldDirectory } from "../world/world-directory.js";
import type { HostOptions, PresenceContext } from "./host-options.js";
import { createPluginWiring } from "./plugin-wiring.js";
import { createSessionOutput, type SessionOutput } from "./session-output.js";

export interface ConnectedCharacter {
  session: Session;
}

/** A running host core: its parts (bus, sessions, plugins, the embedder's world, metrics) and the embedder's controls. */
export interface Host {
  readonly logger: Logger;
  readonly bus: EventBus;
  /** The embedder's world (`options.directory`), or the engine's default of names and stable ids. */
  readonly directory: WorldDirectory;
  readonly sessions: SessionRegistry;
  readonly focus: FocusCoordinator;
  readonly focusKinds: FocusKindRegistry;
  readonly commands: CommandRegistry;
  readonly plugins: PluginManager;
  readonly services: ServiceDirectory;
  readonly metrics: HostMetrics;
  readonly kv: KvStore;
  readonly history: EventStore;
  readonly hooks: HookRegistry;
  /** Lines for one session that are not stream events (focus replays). */
  readonly sessionOutput: SessionOutput;
  /** The metrics server's port once started with `metricsPort`. */
  readonly metricsPort: number | undefined;
  /**
   * Registers a plugin before start (or loads it at once after start).
   * `manifest` is the plugin.yaml content as an object (`type` defaults to
   * inproc); `plugin` is the in-process object or factory (other types load
   * through their runtime and ignore it).
   */
  registerPlugin(manifest: Record<string, unknown>, plugin?: InprocPluginSource): Promise<LoadReport | undefined>;
  /** Discovers plugin directories, loads and initializes everything. */
  start(): Promise<LoadReport>;
  /** Saves, unloads in reverse order, closes the bus, runtimes and stores. */
  stop(): Promise<void>;
  /** Publishes an event (cancellable ones pass in-process hooks, then interceptors). */
  publish(input: PublishInput): Promise<PublishResult>;
  /**
   * Opens a session for a character (created on first use) and tells the
   * embedder's `presence`. With `{ exclusive: true }` a character that already
   * has a session is refused with CHARACTER_IN_USE instead of getting a second one.
   */
  connect(characterName: string, options?: { exclusive?: boolean }): Promise<Session>;
  /** Closes a session and tells the embedder's `presence`. */
  disconnect(sessionId: string): Promise<void>;
  /** Runs one line typed by a session's character. */
  execute(sessionId: string, line: string): ReturnType<CommandDispatcher["dispatch"]>;
  /** Reloads a plugin, re-reading its plugin.yaml from disk when it has one. */
  reload(name: string, options?: { withDependents?: boolean }): Promise<string[]>;
}

/** Wires a host core from `options` (storage, runtimes, limits); `start()` then loads the plugins and `stop()` shuts it down. */
export async function createHost(options: HostOptions = {}): Promise<Host> {
  const logger = options.logger ?? pino({ level: options.logLevel ?? "info" });
  // Loaded only in cluster mode: a single host never loads the NATS client.
  const cluster =
    options.cluster === undefined
      ? undefined
      : await import("../cluster/cluster-node.js").then(({ checkSharedStorage, joinCluster }) => {
          checkSharedStorage(options.storage);
          return joinCluster(options.cluster as ClusterOptions, logger);
        });
  const kv = options.storage?.kv ?? createMemoryKvStore();
  const history = options.storage?.events ?? createMemoryEventStore();
  const characters = options.storage?.characters ?? createMemoryCharacterStore();
  const metrics = createHostMetrics();
  const hooks = createHookRegistry({
    logger,
    ...(options.interceptDeadlineMs === undefined ? {} : { timeoutMs: options.interceptDeadlineMs }),
  });
  // In-process plugins' escaped faults fail the plugin, not the host (process-faults.ts).
  const removeFaultHandlers = options.processFaultHandlers === false ? () => undefined : installProcessFaultHandlers();
  const bus = createEventBus({
    store: history,
    logger: logger.child({ component: "bus" }),
    metrics: metrics.bus,
    // In-process validateEvent / filterEvent run first, in pluggy order.
    preIntercept: async (event) => {
      const verdict = await hooks.runEventHooks(event);
      return {
        cancelled: verdict.cancelled,
        payload: verdict.event.payload,
        ...(verdict.by === undefined ? {} : { by: verdict.by }),
        ...(verdict.reason === undefined ? {} : { reason: verdict.reason }),
      };
    },
    ...(options.interceptDeadlineMs === undefined ? {} : { interceptDeadlineMs: options.interceptDeadlineMs }),
    ...(cluster === undefined ? {} : { transport: cluster.transport }),
  });
  await cluster?.attach(bus);
  // The embedder's world, else names bound to stable ids in the character store (no rooms).
  const directory = options.directory ?? createCharacterDirectory(characters);
  const sessions = createSessionRegistry(options.sessionTtlMs === undefined ? {} : { ttlMs: options.sessionTtlMs });
  const focusKinds = createFocusKindRegistry({ policies: options.focusKinds ?? [] });
  const sessionOutput = createSessionOutput();
  const focus = withReplayToSessions(createFocusCoordinator({ sessions, kinds: focusKinds, history }), sessionOutput);
  // A plugin may provide `help` (HoloMUSH's core-help does); the built-in answers only without one.
  const commands = createCommandRegistry({ reserved: ["quit"] });
  const services = createServiceDirectory();
  const sessionLinks = createSessionLinks();
  const offered = options.services ?? [];
  for (const entry of offered) services.registerService(entry.service, "host", entry.implementation);
  metrics.setPluginCollector(() => hooks.collectMetrics());
  metrics.setQueueDepthCollector(() =>
    Object.fromEntries(Object.entries(bus.stats()).map(([plugin, stats]) => [plugin, stats.queueDepth])),
  );
  metrics.setLifeCollector(() => {
    const now = Date.now();
    const life: Record<string, { uptimeSeconds: number; restarts: number }> = {};
    for (const status of manager.list()) {
      if (status.state !== "running" || status.startedAt === undefined) continue;
      life[status.name] = {
        uptimeSeconds: (now - status.startedAt) / 1000,
        restarts: runtimeRestarts(manager.get(status.name)),
      };
    }
    return life;
  });
  const objects = new Map<string, InprocPluginSource>();
  const registered: ManifestSource[] = [];
  let manager: PluginManager;
  const authorizer: Authorizer =
    options.authorizer ??
    (await createCedarAuthorizer({
      ...options.policy,
      characters: (id) => {
        const location = directory.locationOf(id);
        return location === undefined ? undefined : { location };
      },
    }));
  const runtimes = new Map<PluginType, PluginRuntime>([["inproc", createInprocRuntime({ hooks, objects })]]);
  for (const entry of options.runtimes ?? []) {
    const runtime =
      typeof entry === "function"
        ? entry({
            services,
            logger,
            refused: metrics.hostCallRefused,
            authorizer,
            directory,
            sessions,
            commands,
            focus,
            tellSession: (sessionId, text) => sessionOutput.send(sessionId, { kind: "text", text }),
            disconnectSession: (sessionId) => host.disconnect(sessionId),
          })
        : entry;
    runtimes.set(runtime.type, runtime);
  }
  if (cluster !== undefined) {
    for (const [type, runtime] of runtimes) {
      runtimes.set(
        type,
        cluster.place(runtime, {
          bus,
          sessions,
          commandTimeoutMs: options.commandTimeoutMs ?? 5_000,
          serviceConfig: provisionedConfig,
        }),
      );
    }
  }
  const wiring = createPluginWiring({ bus, commands, services });

  async function provisionedConfig(source: ManifestSource) {
    if (source.manifest.storage !== "postgres") return baseServiceConfig(source);
    const provisioner = options.storage?.provisioner;
    if (provisioner === undefined) {
      throw new HostError(
        HostErrorCode.STORAGE_UNAVAILABLE,
        `plugin ${source.manifest.name} declares storage: postgres but this host has no database (run with a data directory or a PostgreSQL URL)`,
        { plugin: source.manifest.name, file: source.file, field: "storage" },
      );
    }
    return baseServiceConfig(source, (await provisioner.provision(source.manifest.name)).connectionString);
  }

  async function publishAsSystem(stream: string, type: string, payload: unknown) {
    return bus.publish({
      stream,
      type,
      payload: JSON.stringify(payload),
      actorKind: ActorKind.SYSTEM,
      actorId: "host",
    });
  }

  const presenceContext: PresenceContext = { directory, publish: (input) => bus.publish(input) };

  manager = createPluginManager({
    runtimes,
    createHostApi: (source) =>
      createPluginHostApi(source, {
        bus,
        kv,
        history,
        focus,
        authorizer,
        services,
        logger,
        sessionLinks,
        refused: metrics.hostCallRefused,
      }),
    attach: async (plugin) => {
      await wiring.attach(plugin);
      const name = plugin.source.manifest.name;
      plugin.instance.onRestart?.((reason) => metrics.pluginRestarted(name, reason));
    },
    detach: wiring.detach,
    suspend: wiring.suspend,
    publishLifecycle: async (type, status) => {
      if (type === "plugin_failed") {
        metrics.recentErrors.record(status.name, {
          at: Date.now(),
          kind: "failure",
          message: status.error ?? "failed",
        });
      }
      await publishAsSystem("system:plugins", type, status);
    },
    hostServices: offered.map((entry) => entry.service.typeName),
    ...(authorizer.installPolicies && authorizer.removePolicies
      ? {
          policies: {
            install: (manifest) => authorizer.installPolicies?.(manifest),
            remove: (manifest) => void authorizer.removePolicies?.(manifest),
          },
        }
      : {}),
    // A cluster singleton's database is provisioned (its role's password reset) only where it runs.
    serviceConfig: (source) =>
      cluster?.isSingleton(source.manifest.name) ? baseServiceConfig(source) : provisionedConfig(source),
    logger,
  });

  const dispatcher = createCommandDispatcher({
    registry: commands,
    authorizer,
    publish: (input) => bus.publish(input),
    plugin: (name) => manager.get(name),
    logger,
    onDispatch: (plugin, sessionId) => sessionLinks.link(plugin, sessionId),
    ...(options.commandTimeoutMs === undefined ? {} : { timeoutMs: options.commandTimeoutMs }),
  });

  // Sessions follow their character when it moves.
  directory.onMove?.((characterId, toLocationId) => {
    for (const session of sessions.byCharacter(characterId)) sessions.setLocation(session.id, toLocationId);
  });

  let started = false;
  let metricsServer: Server | undefined;

  function sourceFor(manifest: Record<string, unknown>): ManifestSource {
    const name = typeof manifest.name === "string" ? manifest.name : "unnamed";
    // The file is only a label for errors: the source is marked registered.
    const result = validateManifest({ type: "inproc", ...manifest }, `registered plugin ${name}`, process.cwd(), {
      registered: true,
    });
    if (result.source === undefined) {
      throw new HostError(HostErrorCode.MANIFEST_INVALID, result.errors.map((error) => error.format()).join("\n"), {
        plugin: name,
        cause: result.errors,
      });
    }
    return result.source;
  }

  const host: Host = {
    logger,
    bus,
    directory,
    sessions,
    focus,
    focusKinds,
    commands,
    get plugins() {
      return manager;
    },
    services,
    metrics,
    kv,
    history,
    hooks,
    sessionOutput,
    get metricsPort() {
      const address = metricsServer?.address();
      return typeof address === "object" && address !== null ? address.port : undefined;
    },
    async registerPlugin(manifest, plugin) {
      const source = sourceFor(manifest);
      if (plugin !== undefined) objects.set(source.manifest.name, plugin);
      if (!started) {
        registered.push(source);
        return undefined;
      }
      return manager.loadAll([source]);
    },
    async start() {
      if (started) throw new HostError(HostErrorCode.PLUGIN_ALREADY_LOADED, "host already started");
      started = true;
      const discovered = await discoverPlugins(options.pluginDirs ?? []);
      for (const error of discovered.errors) logger.error({ code: error.code, err: error }, error.format());
      const report = await manager.loadAll([...registered, ...discovered.sources]);
      report.errors.unshift(...discovered.errors);
      // A plugin whose manifest is refused failed to load like any other: it belongs in the summary.
      report.failed.unshift(...discovered.errors.map((error) => ({ name: failedPluginName(error), error })));
      if (options.metricsPort !== undefined) {
        metricsServer = await startMetricsServer(
          metrics.registry,
          options.metricsHost ?? "127.0.0.1",
          options.metricsPort,
          {
            logger,
            ...(options.metricsLimits === undefined ? {} : { limits: options.metricsLimits }),
          },
        );
      }
      logger.info({ loaded: report.loaded, failed: report.failed.map((f) => f.name) }, "host started");
      return report;
    },
    async stop() {
      for (const session of sessions.list()) await host.disconnect(session.id).catch(() => undefined);
      await manager.saveAll();
      await manager.stopAll("host stopping");
      await bus.close({ drain: false });
      await cluster?.close();
      for (const runtime of runtimes.values()) await runtime.close?.();
      await new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve()));
      await kv.close?.();
      await history.close?.();
      await options.storage?.provisioner?.close();
      await options.storage?.close?.();
      removeFaultHandlers();
    },
    publish: (input) => bus.publish(input),
    async connect(characterName, connectOptions = {}) {
      const character = await directory.resolveCharacter(characterName);
      // Checked and opened with no await between: two connections cannot both pass.
      if (connectOptions.exclusive && sessions.byCharacter(character.id).length > 0) {
        throw new HostError(HostErrorCode.CHARACTER_IN_USE, `${character.name} is already connected`, {
          details: { character: character.id },
        });
      }
      const session = sessions.open({
        characterId: character.id,
        characterName: character.name,
        playerId: character.id,
        locationId: character.locationId,
      });
      directory.setOnline?.(character.id, true);
      await options.presence?.connected?.(session, presenceContext);
      return session;
    },
    async disconnect(sessionId) {
      const session = sessions.get(sessionId);
      sessions.close(sessionId);
      sessionLinks.forget(sessionId);
      if (sessions.byCharacter(session.characterId).length === 0) directory.setOnline?.(session.characterId, false);
      await options.presence?.disconnected?.(session, presenceContext);
    },
    async execute(sessionId, line) {
      const session = sessions.get(sessionId);
      sessions.touch(sessionId);
      const outcome = await dispatcher.dispatch(session, line);
      if (outcome?.plugin) metrics.commandDispatched(outcome.plugin, String(outcome.status));
      return outcome;
    },
    async reload(name, reloadOptions = {}) {
      const current = manager.get(name);
      let source = current?.source;
      if (current && !current.source.registered) {
        const result = await loadManifest(current.source.file);
        if (result.source === undefined) {
          throw new HostError(HostErrorCode.MANIFEST_INVALID, result.errors.map((e) => e.format()).join("\n"), {
            plugin: name,
            file: current.source.file,
            cause: result.errors,
          });
        }
        source = result.source;
      }
      return manager.reload(name, { ...reloadOptions, ...(source ? { source } : {}) });
    },
  };
  return host;
}

/** The plugin a discovery error is about: its manifest name, else its directory's name. */
function failedPluginName(error: HostError): string {
  if (error.plugin) return error.plugin;
  if (!error.file) return "(unknown)";
  return basename(error.file) === MANIFEST_FILE_NAME ? basename(dirname(error.file)) : basename(error.file);
}

function withReplayToSessions(coordinator: FocusCoordinator, output: SessionOutput): FocusCoordinator {
  return {
    ...coordinator,
    async join(sessionId, target) {
      const result = await coordinator.join(sessionId, target);
      for (const event of result.replay) output.send(sessionId, { kind: "replay", event });
      return result;
    },
  };
}
