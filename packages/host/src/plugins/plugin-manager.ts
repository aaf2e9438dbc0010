/**
 * Lifecycle (docs/architecture.md): load every plugin in dependency order, initialize
 * them once all are loaded, save, unload, and reload at runtime — keeping
 * declared state, optionally with dependents, and leaving the previous
 * version running when the new one fails.
 */
import type { ServiceConfig } from "@holomush/proto";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../errors.js";
import type { ManifestSource, PluginManifest, PluginType } from "../manifest/manifest.js";
import { dependentsOf, resolveLoadOrder } from "./dependency-graph.js";
import type { PluginHostApi } from "./plugin-host-api.js";
import { type PluginStatus, type RunningPlugin, statusOf } from "./running-plugin.js";
import type { PluginInstance, PluginRuntime } from "./runtime.js";
import { createSerializedCaller } from "./serialized-calls.js";
import { baseServiceConfig } from "./service-config.js";

/** The lifecycle events the host publishes about plugins. */
export type LifecycleEventType =
  | "plugin_loaded"
  | "plugin_unloaded"
  | "plugin_reloaded"
  | "plugin_failed"
  | "plugin_saved";

export interface PluginManagerOptions {
  runtimes: ReadonlyMap<PluginType, PluginRuntime>;
  /** Makes the host API bound to one plugin. */
  createHostApi(source: ManifestSource): PluginHostApi;
  /** Wires a running plugin into the host (bus, commands, services); throw to refuse it. */
  attach(plugin: RunningPlugin): Promise<void>;
  /** Undoes attach: removes subscriptions, commands and services. */
  detach(plugin: RunningPlugin): Promise<void>;
  /** A plugin failed: stop deliveries and service calls; commands stay (they answer "not running"). */
  suspend(plugin: RunningPlugin): Promise<void>;
  publishLifecycle(type: LifecycleEventType, status: PluginStatus): Promise<void>;
  /** Services the host provides itself (satisfy `requires` without a plugin). */
  hostServices: string[];
  /**
   * Installs / removes a plugin's manifest permissions and policies (the
   * authorizer's). Installed before the runtime loads the plugin, so a bad
   * policy refuses it; removed when it fails to load or unloads.
   */
  policies?: {
    install(manifest: PluginManifest): void;
    remove(manifest: PluginManifest): void;
  };
  /** Builds a plugin's Init config; default: name, api version and manifest config. */
  serviceConfig?(source: ManifestSource): Promise<ServiceConfig> | ServiceConfig;
  logger: Logger;
  /** Time allowed for Init (default 10 000 ms). */
  initTimeoutMs?: number;
  /** Time allowed for a graceful shutdown call (default 5 000 ms). */
  shutdownTimeoutMs?: number;
}

/** What a load did: plugins loaded, those that failed, and every problem found. */
export interface LoadReport {
  /** Names of the plugins now running. */
  loaded: string[];
  /** Plugins that failed to load or initialize, with the error. */
  failed: { name: string; error: HostError }[];
  /** Every problem found, including discovery/dependency errors. */
  errors: HostError[];
}

/** Options of PluginManager.reload. */
export interface ReloadOptions {
  /** Also reload every plugin that depends on this one (after it). */
  withDependents?: boolean;
  /** A newer manifest/source; default: the current one (file plugins re-read by the caller). */
  source?: ManifestSource;
}

/** Loads, initializes, saves, reloads and unloads plugins (docs/architecture.md). */
export interface PluginManager {
  /** Loads a batch in dependency order, then initializes it; bad plugins are reported, not thrown. */
  loadAll(sources: ManifestSource[]): Promise<LoadReport>;
  /** Shuts a plugin down and removes it from the host. */
  unload(name: string, reason?: string): Promise<void>;
  /**
   * Replaces a plugin with a fresh instance (keeping declared state); the old one keeps running if the new one fails. Resolves with the names reloaded.
   */
  reload(name: string, options?: ReloadOptions): Promise<string[]>;
  /** Calls every running plugin's save hook. */
  saveAll(): Promise<void>;
  /** The plugin by name, or undefined. */
  get(name: string): RunningPlugin | undefined;
  /** The status of every running plugin in load order, then the skipped ones. */
  list(): PluginStatus[];
  /** Unloads every plugin, dependents first. */
  stopAll(reason: string): Promise<void>;
}

export function createPluginManager(options: PluginManagerOptions): PluginManager {
  const plugins = new Map<string, RunningPlugin>();
  const skipped = new Map<string, PluginStatus>();
  let sources: ManifestSource[] = [];
  let nextLoadOrder = 0;
  const initTimeoutMs = options.initTimeoutMs ?? 10_000;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 5_000;
  const log = options.logger;

  async function instantiate(source: ManifestSource, loadOrder: number): Promise<RunningPlugin> {
    const { manifest, file } = source;
    const runtime = options.runtimes.get(manifest.type);
    if (runtime === undefined) {
      throw new HostError(HostErrorCode.RUNTIME_UNAVAILABLE, `no runtime for plugin type "${manifest.type}"`, {
        plugin: manifest.name,
        file,
        field: "type",
      });
    }
    options.policies?.install(manifest);
    const host = options.createHostApi(source);
    const logger = log.child({ plugin: manifest.name });
    let instance: PluginInstance;
    try {
      const loadTimeoutMs = Math.max(initTimeoutMs, runtime.loadTimeoutMs?.(source) ?? 0);
      instance = await runtime.load({ source, host, logger, signal: AbortSignal.timeout(loadTimeoutMs), loadOrder });
    } catch (error) {
      options.policies?.remove(manifest);
      throw HostError.from(error, HostErrorCode.PLUGIN_LOAD_FAILED, { plugin: manifest.name, file });
    }
    const plugin: RunningPlugin = {
      source,
      instance,
      calls: createSerializedCaller(manifest.name),
      host,
      loadOrder,
      state: "running",
      startedAt: Date.now(),
    };
    instance.onFailure?.((reason) => void markFailed(plugin, reason));
    return plugin;
  }

  async function initialize(plugin: RunningPlugin): Promise<void> {
    const { source, instance } = plugin;
    const config = await (options.serviceConfig?.(source) ?? baseServiceConfig(source));
    try {
      await plugin.calls.call("init", initTimeoutMs, async (signal, deadlineMs) =>
        instance.init?.(config, { signal, deadlineMs }),
      );
    } catch (error) {
      await stopInstance(plugin, "init failed");
      throw HostError.from(error, HostErrorCode.PLUGIN_INIT_FAILED, {
        plugin: source.manifest.name,
        file: source.file,
      });
    }
  }

  async function stopInstance(plugin: RunningPlugin, reason: string): Promise<void> {
    try {
      await plugin.calls.call("shutdown", shutdownTimeoutMs, async () => plugin.instance.shutdown(reason));
    } catch (error) {
      log.warn({ plugin: plugin.source.manifest.name, err: error }, "plugin shutdown failed");
    }
  }

  async function markFailed(plugin: RunningPlugin, reason: string): Promise<void> {
    if (plugin.state !== "running" || plugins.get(plugin.source.manifest.name) !== plugin) return;
    plugin.state = "failed";
    plugin.failure = reason;
    log.error({ plugin: plugin.source.manifest.name, reason }, "plugin failed");
    await options.suspend(plugin);
    await options.publishLifecycle("plugin_failed", statusOf(plugin));
  }

  function skip(source: ManifestSource, error: HostError) {
    const { manifest, dir } = source;
    skipped.set(manifest.name, {
      name: manifest.name,
      version: manifest.version,
      type: manifest.type,
      state: "skipped",
      loadOrder: -1,
      dir,
      error: error.message,
    });
  }

  async function loadAll(input: ManifestSource[]): Promise<LoadReport> {
    // Running plugins take part in resolution (a later batch may depend on
    // them, and a name or service they hold is taken); only `input` loads.
    const running = inLoadOrder().map((plugin) => plugin.source);
    const fresh = new Set(input);
    const all = resolveLoadOrder([...running, ...input], { hostServices: options.hostServices });
    const resolved = {
      order: all.order.filter((source) => fresh.has(source)),
      skipped: all.skipped.filter(({ source }) => fresh.has(source)),
      errors: all.errors.filter((error) => !running.some((source) => source.manifest.name === error.plugin)),
    };
    sources = [...running, ...input.filter((source) => !running.some((r) => r.manifest.name === source.manifest.name))];
    const report: LoadReport = { loaded: [], failed: [], errors: [...resolved.errors] };
    const fail = (source: ManifestSource, error: HostError) => {
      report.failed.push({ name: source.manifest.name, error });
      if (!report.errors.includes(error)) report.errors.push(error);
      skip(source, error);
      // A plugin that is not built (e.g. its toolchain is missing here) is expected: one line, no stack.
      if (error.details.notBuilt === "true")
        log.warn({ plugin: source.manifest.name, code: error.code }, error.message);
      else log.error({ plugin: source.manifest.name, code: error.code, err: error }, "plugin not loaded");
    };
    for (const { source, error } of resolved.skipped) fail(source, error);
    // Phase 1: load every plugin (initialize only after all are loaded).
    const loaded: RunningPlugin[] = [];
    for (const source of resolved.order) {
      const failedDependency = failedDependencyOf(source, report);
      if (failedDependency !== undefined) {
        fail(source, dependencyError(source, failedDependency));
        continue;
      }
      try {
        loaded.push(await instantiate(source, nextLoadOrder++));
      } catch (error) {
        fail(source, HostError.from(error, HostErrorCode.PLUGIN_LOAD_FAILED));
      }
    }
    // Phase 2: initialize and attach in load order.
    for (const plugin of loaded) {
      const { source } = plugin;
      const failedDependency = failedDependencyOf(source, report);
      try {
        if (failedDependency !== undefined) throw dependencyError(source, failedDependency);
        await initialize(plugin);
        await options.attach(plugin);
      } catch (error) {
        if (plugin.state === "running") await stopInstance(plugin, "not attached");
        options.policies?.remove(source.manifest);
        fail(source, HostError.from(error, HostErrorCode.PLUGIN_LOAD_FAILED));
        continue;
      }
      plugins.set(source.manifest.name, plugin);
      skipped.delete(source.manifest.name);
      report.loaded.push(source.manifest.name);
      await options.publishLifecycle("plugin_loaded", statusOf(plugin));
    }
    return report;
  }

  function failedDependencyOf(source: ManifestSource, report: LoadReport): string | undefined {
    return report.failed.find(({ name }) => dependentsOf(name, sources).includes(source.manifest.name))?.name;
  }

  function dependencyError(source: ManifestSource, dependency: string): HostError {
    return new HostError(
      HostErrorCode.MISSING_DEPENDENCY,
      `plugin ${source.manifest.name} depends on ${dependency}, which failed to load`,
      { plugin: source.manifest.name, file: source.file, field: "dependencies" },
    );
  }

  function requireRunning(name: string): RunningPlugin {
    const plugin = plugins.get(name);
    if (plugin === undefined) {
      throw new HostError(HostErrorCode.PLUGIN_NOT_LOADED, `plugin ${name} is not loaded`, { plugin: name });
    }
    return plugin;
  }

  async function unload(name: string, reason = "unload"): Promise<void> {
    const plugin = requireRunning(name);
    plugins.delete(name);
    await options.detach(plugin);
    options.policies?.remove(plugin.source.manifest);
    plugin.state = "stopped";
    await stopInstance(plugin, reason);
    await options.publishLifecycle("plugin_unloaded", statusOf(plugin));
  }

  /** Loads and initializes the new version beside the old one; swaps only when both succeeded. */
  async function reloadOne(old: RunningPlugin, source: ManifestSource): Promise<void> {
    const name = old.source.manifest.name;
    let next: RunningPlugin;
    try {
      next = await instantiate(source, old.loadOrder);
    } catch (error) {
      options.policies?.install(old.source.manifest);
      throw error;
    }
    try {
      const state = await old.calls.call("snapshot", shutdownTimeoutMs, async () => old.instance.snapshotState?.());
      if (state !== undefined) await next.instance.restoreState?.(state);
      await initialize(next);
    } catch (error) {
      if (next.state === "running") await stopInstance(next, "reload failed");
      options.policies?.install(old.source.manifest);
      throw HostError.from(error, HostErrorCode.PLUGIN_LOAD_FAILED, { plugin: name });
    }
    const wasRunning = old.state === "running";
    await options.detach(old);
    try {
      await options.attach(next);
    } catch (error) {
      await stopInstance(next, "reload failed");
      options.policies?.install(old.source.manifest);
      if (wasRunning) await options.attach(old);
      throw HostError.from(error, HostErrorCode.PLUGIN_LOAD_FAILED, { plugin: name });
    }
    plugins.set(name, next);
    sources = sources.map((s) => (s.manifest.name === name ? source : s));
    old.state = "stopped";
    await stopInstance(old, "reload");
    await options.publishLifecycle("plugin_reloaded", statusOf(next));
  }

  async function reload(name: string, reloadOptions: ReloadOptions = {}): Promise<string[]> {
    const first = requireRunning(name);
    await reloadOne(first, reloadOptions.source ?? first.source);
    const done = [name];
    if (reloadOptions.withDependents) {
      for (const dependent of dependentsOf(name, sources)) {
        const plugin = plugins.get(dependent);
        if (plugin === undefined) continue;
        await reloadOne(plugin, plugin.source);
        done.push(dependent);
      }
    }
    return done;
  }

  async function saveAll(): Promise<void> {
    for (const plugin of inLoadOrder()) {
      try {
        await plugin.calls.call("save", shutdownTimeoutMs, async () => plugin.instance.save?.());
        await options.publishLifecycle("plugin_saved", statusOf(plugin));
      } catch (error) {
        log.warn({ plugin: plugin.source.manifest.name, err: error }, "plugin save failed");
      }
    }
  }

  function inLoadOrder(): RunningPlugin[] {
    return [...plugins.values()].sort((a, b) => a.loadOrder - b.loadOrder);
  }

  async function stopAll(reason: string): Promise<void> {
    // Reverse load order: a plugin stops before whatever it depends on.
    for (const plugin of inLoadOrder().reverse()) await unload(plugin.source.manifest.name, reason);
  }

  return {
    loadAll,
    unload,
    reload,
    saveAll,
    get: (name) => plugins.get(name),
    list: () => [...inLoadOrder().map(statusOf), ...skipped.values()],
    stopAll,
  };
}
