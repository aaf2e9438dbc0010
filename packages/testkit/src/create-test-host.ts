/**
 * createTestHost: the real host (createHost from @holomush/host) started with
 * in-memory KV and history and the built-in world (builtInWorld from
 * @holomush/server), plus what plugin tests
 * need — loading that throws, characters that type commands, publishing that
 * waits for every plugin, a record of every event and bounded assertions.
 * The plugin's runtime does not change the API: in-process objects and
 * directories load through the same host; other runtimes come in `runtimes`.
 */
import {
  createHost,
  type FocusMembership,
  type FocusTarget,
  type Host,
  HostError,
  type HostOptions,
  type InprocPluginSource,
  type LoadReport,
  type PluginStatus,
  type PublishResult,
  watchedStreams,
} from "@holomush/host";
import type { Event } from "@holomush/proto";
import { builtInWorld, type World } from "@holomush/server";
import { type ActorInput, actorKindOf, actorOf, type EventFilter } from "./event-filter.js";
import { createEventRecorder, type ExpectEventOptions } from "./event-recorder.js";
import { createLogCapture, type LogLevelName, type LogRecord } from "./log-capture.js";
import { createPluginKv, type PluginKv } from "./plugin-kv.js";
import { readPluginDir, requireLoaded } from "./plugin-load-error.js";
import { resolveRuntimes, type TestRuntime } from "./runtime-factory.js";
import { type ConnectedTestCharacter, connectTestCharacter, type TestCharacter } from "./test-character.js";

/** An in-process plugin to load: the plugin.yaml content as an object, and the object or factory. */
export interface TestPluginSpec {
  /** The plugin.yaml content as an object (validated like the file). */
  manifest: Record<string, unknown>;
  /** The plugin object, or a factory called with its context. */
  plugin?: InprocPluginSource;
}

/** How createTestHost builds the host: runtimes, plugins to load, error strictness and log output. */
export interface TestHostOptions {
  /**
   * Runtimes for plugin types other than in-process: a runtime
   * (`createWasmRuntime()`) or a factory called with the host, for runtimes
   * that need its parts (`{ type: "binary", create: (host) =>
   * createProcessRuntime({ services: host.services, logger: host.logger }) }`).
   * Default: none (only in-process plugins load; others fail with RUNTIME_UNAVAILABLE).
   */
  runtimes?: TestRuntime[];
  /**
   * In-process plugins loaded at start, in one batch with `searchPaths`.
   * Dependencies resolve only within a batch (the host's loadAll), so plugins
   * that depend on each other belong here. Default none.
   */
  plugins?: TestPluginSpec[];
  /** Search paths (every subdirectory with a plugin.yaml is a plugin), in the start batch. Default none. */
  searchPaths?: string[];
  /** Plugin directories loaded right after the start batch, as a second batch. Default none. */
  pluginDirs?: string[];
  /**
   * Make deliver(), run(), idle() and the expectations throw when the host
   * logged a plugin problem meanwhile (a refused emit, a throwing handler,
   * a crash). Default true; with false, read them from pluginErrors().
   */
  strict?: boolean;
  /** Also print the host's logs to stderr. Default false (they are kept: logs()). */
  printLogs?: boolean;
  /** Lowest log level kept. Default "debug". */
  logLevel?: LogLevelName;
  /** Other host options (storage, authorizer, a `directory` in place of the built-in world, timeouts). Default: createHost's defaults. */
  host?: Omit<HostOptions, "runtimes" | "pluginDirs" | "logger" | "logLevel">;
}

/** An event to publish with deliver(). */
export interface DeliverInput {
  stream: string;
  type: string;
  /** An object (sent as JSON) or a JSON string. Default `{}`. */
  payload?: unknown;
  /** Default `{ kind: "character", id: "test-character" }` (DEFAULT_TEST_ACTOR). */
  actor?: ActorInput;
  /**
   * Offer the event to intercepting plugins first, as the host does for
   * character events. Default: true for a character actor, else false.
   */
  cancellable?: boolean;
}

/** A character's focus as the host holds it: memberships, the presented target and watched streams. */
export interface FocusState {
  /** The focus targets the session has joined. */
  memberships: FocusMembership[];
  /** The target the session presents to (its output goes there), if any. */
  presenting?: FocusTarget;
  /** Every stream the session watches (location, character, focus streams). */
  streams: string[];
}

/** A real HoloMUSH host for a test, with helpers to load plugins, act as characters and wait for events. */
export interface TestHost {
  /** The real host underneath, for anything the testkit does not wrap. */
  readonly host: Host;
  /** The built-in world the host's directory is over (move characters, look at rooms). */
  readonly world: World;
  /** Loads an in-process plugin now; throws PluginLoadError (a HostError) when it fails. */
  loadPlugin(manifest: Record<string, unknown>, plugin?: InprocPluginSource): Promise<LoadReport>;
  /** Loads the plugin in `dir` (any type the host has a runtime for); throws PluginLoadError. */
  loadPluginDir(dir: string): Promise<LoadReport>;
  /** Loads several directories as one batch (dependency order among them); throws PluginLoadError. */
  loadPluginDirs(dirs: string[]): Promise<LoadReport>;
  /** Connects a character (created in the built-in world on first use); the same name gives the same one. */
  character(name: string): Promise<TestCharacter>;
  /** Publishes an event and waits until every plugin has handled it and what it caused. */
  deliver(input: DeliverInput): Promise<PublishResult>;
  /** Waits until nothing is queued, published or delivered. */
  idle(): Promise<void>;
  /** Every event stored since the host was created, oldest first (lifecycle events included). */
  emitted(filter?: EventFilter): Event[];
  /** The newest stored event matching `filter`, or undefined. */
  lastEmitted(filter?: EventFilter): Event | undefined;
  /** Waits (bounded) for a matching event; fails listing every event seen. */
  expectEvent(filter: EventFilter, options?: ExpectEventOptions): Promise<Event>;
  /** After the bus is idle, fails if a matching event was published, listing them. */
  expectNoEvent(filter: EventFilter): Promise<void>;
  /** A plugin's KV namespace, through the host's KvStore. */
  kv(plugin: string): PluginKv;
  /** A character's focus memberships and watched streams. */
  focus(character: TestCharacter): FocusState;
  /** A stream's stored history, oldest first (every page). */
  history(stream: string): Promise<Event[]>;
  /** The status of every plugin the host knows: running, failed, stopped or skipped. */
  plugins(): PluginStatus[];
  /** Every log record kept, oldest first. */
  logs(filter?: { plugin?: string; level?: LogLevelName }): LogRecord[];
  /** Every plugin problem the host logged, as HostErrors. */
  pluginErrors(): HostError[];
  /** Disconnects the characters and stops the host (plugins are saved and unloaded). Idempotent. */
  stop(): Promise<void>;
}

/** The actor `deliver()` publishes as when the input names none. */
export const DEFAULT_TEST_ACTOR = { kind: "character", id: "test-character" } as const;

/**
 * Starts a real host (in-memory stores, built-in world) and loads the plugins in `options`; call `stop()` when done.
 */
export async function createTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const strict = options.strict ?? true;
  const logs = createLogCapture({ print: options.printLogs ?? false, level: options.logLevel ?? "debug" });
  let created: Host | undefined;
  const runtimes = resolveRuntimes(options.runtimes ?? [], () => created!);
  // The game plugins expect: the built-in world, WorldService, scenes, arrive/leave.
  const game = builtInWorld(
    options.host?.storage?.characters === undefined ? {} : { characters: options.host.storage.characters },
  );
  const host = await createHost({
    ...game,
    ...options.host,
    logger: logs.logger,
    runtimes,
    ...(options.searchPaths === undefined ? {} : { pluginDirs: options.searchPaths }),
  });
  created = host;
  const emitted = createEventRecorder("published");
  host.bus.watch("*", (event) => emitted.push(event));
  const characters = new Map<string, ConnectedTestCharacter>();
  let reported = 0;
  let stopped = false;

  /** Throws the plugin problems logged since the last check (strict mode). */
  function surface(): void {
    const errors = logs.pluginErrors(reported);
    reported = logs.records().length;
    if (!strict || errors.length === 0) return;
    const first = errors[0]!;
    const lines = errors.map((error) => `  - [${error.plugin ?? "?"}] ${error.code}: ${error.message}`);
    throw new HostError(first.code, `plugin error(s) logged by the host:\n${lines.join("\n")}`, {
      ...(first.plugin === undefined ? {} : { plugin: first.plugin }),
      details: first.details,
      cause: first,
    });
  }

  async function idle(): Promise<void> {
    await host.bus.idle();
    surface();
  }

  async function settle<T>(action: () => Promise<T>): Promise<T> {
    surface();
    const result = await action();
    await idle();
    return result;
  }

  /** Load failures are thrown, so their log records are not surfaced again later. */
  async function load(action: () => Promise<LoadReport | undefined>): Promise<LoadReport> {
    try {
      return requireLoaded(await action());
    } finally {
      reported = logs.records().length;
    }
  }

  async function stop(): Promise<void> {
    if (stopped) return;
    stopped = true;
    for (const connected of characters.values()) connected.dispose();
    await host.stop();
  }

  for (const spec of options.plugins ?? []) await host.registerPlugin(spec.manifest, spec.plugin);
  try {
    await load(async () => {
      const report = await host.start();
      const sources = await Promise.all((options.pluginDirs ?? []).map(readPluginDir));
      if (sources.length === 0) return report;
      const dirs = await host.plugins.loadAll(sources);
      return mergeReports(report, dirs);
    });
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    host,
    world: game.directory.world,
    loadPlugin: (manifest, plugin) => load(() => host.registerPlugin(manifest, plugin)),
    loadPluginDir: (dir) => load(async () => host.plugins.loadAll([await readPluginDir(dir)])),
    loadPluginDirs: (dirs) => load(async () => host.plugins.loadAll(await Promise.all(dirs.map(readPluginDir)))),
    async character(name) {
      const key = name.toLowerCase();
      const existing = characters.get(key);
      if (existing !== undefined) return existing.character;
      const connected = await settle(() => connectTestCharacter(name, { host, settle, idle }));
      characters.set(key, connected);
      return connected.character;
    },
    deliver: (input) => settle(() => host.publish(toPublishInput(input))),
    idle,
    emitted: (filter) => emitted.list(filter),
    lastEmitted: (filter) => emitted.list(filter).at(-1),
    expectEvent: (filter, expectOptions) => emitted.expect(filter, idle, expectOptions),
    expectNoEvent: (filter) => emitted.expectNone(filter, idle),
    kv: (plugin) => createPluginKv(host.kv, plugin),
    focus(character) {
      const session = character.session();
      return {
        memberships: session.focus,
        ...(session.presenting === undefined ? {} : { presenting: session.presenting }),
        streams: watchedStreams(session),
      };
    },
    async history(stream) {
      const events: Event[] = [];
      let cursor: string | undefined;
      do {
        const page = await host.history.query({ stream, count: 500, ...(cursor ? { cursor } : {}) });
        events.unshift(...page.entries.map((entry) => entry.event));
        cursor = page.nextCursor === "" ? undefined : page.nextCursor;
      } while (cursor !== undefined);
      return events;
    },
    plugins: () => host.plugins.list(),
    logs: (filter = {}) =>
      logs
        .records()
        .filter(
          (record) =>
            (filter.plugin === undefined || record.plugin === filter.plugin) &&
            (filter.level === undefined || record.level === filter.level),
        ),
    pluginErrors: () => logs.pluginErrors(),
    stop,
  };
}

function toPublishInput(input: DeliverInput) {
  const actor = actorOf(input.actor ?? DEFAULT_TEST_ACTOR);
  const payload = typeof input.payload === "string" ? input.payload : JSON.stringify(input.payload ?? {});
  return {
    stream: input.stream,
    type: input.type,
    payload,
    actorKind: actorKindOf(actor.kind),
    actorId: actor.id ?? (actor.kind === "system" ? "host" : ""),
    cancellable: input.cancellable ?? actor.kind === "character",
  };
}

function mergeReports(first: LoadReport, second: LoadReport): LoadReport {
  return {
    loaded: [...first.loaded, ...second.loaded],
    failed: [...first.failed, ...second.failed],
    errors: [...first.errors, ...second.errors],
  };
}
