/**
 * The in-process runtime: plugins are JS objects living in the host's own
 * event loop. Trusted code (no sandbox: a synchronous loop freezes the host),
 * but still bound to its own identity: it reaches the host only through its
 * PluginHostApi. Every call into it runs in its PluginScope, so a fault that
 * escapes later (timer throw, unhandled rejection) fails this plugin only.
 */
import { pathToFileURL } from "node:url";
import type { ServiceConfig } from "@holomush/proto";
import { HostError, HostErrorCode } from "../errors.js";
import type { EventOutcome, PluginInstance, PluginRuntime, RuntimeLoadContext } from "../plugins/runtime.js";
import { createServiceClient } from "../plugins/service-client.js";
import { resolveInprocModule } from "./check-inproc-plugin.js";
import type { HookRegistry } from "./hook-registry.js";
import type { EventHookResult, InprocPlugin, InprocPluginContext, InprocPluginSource } from "./inproc-plugin.js";
import { type FaultOrigin, inPluginScope, type PluginScope } from "./plugin-scope.js";
import { validateHooks } from "./validate-hooks.js";

export interface InprocRuntimeOptions {
  /** Shared registry of in-process hook implementations (event hooks run from it). */
  hooks: HookRegistry;
  /** Plugin objects registered by the embedder, by manifest name. */
  objects: Map<string, InprocPluginSource>;
}

export interface InprocRuntime extends PluginRuntime {
  readonly type: "inproc";
}

let importGeneration = 0;

async function instantiate(context: RuntimeLoadContext, objects: Map<string, InprocPluginSource>) {
  const { manifest, file } = context.source;
  const registered = objects.get(manifest.name);
  if (registered !== undefined) return typeof registered === "function" ? await registered() : registered;
  const absolute = resolveInprocModule(context.source);
  const modulePath = manifest.inprocPlugin?.module;
  // A fresh query string makes Node evaluate the module again on reload.
  const url = `${pathToFileURL(absolute).href}?generation=${++importGeneration}`;
  let exports: Record<string, unknown>;
  try {
    exports = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, `plugin ${manifest.name}: cannot import ${modulePath}`, {
      plugin: manifest.name,
      file,
      field: "inproc-plugin.module",
      cause: error,
    });
  }
  const factory = exports.createPlugin;
  if (typeof factory === "function") return (await factory()) as InprocPlugin;
  const object = exports.plugin ?? exports.default;
  if (typeof object === "object" && object !== null) return object as InprocPlugin;
  throw new HostError(
    HostErrorCode.PLUGIN_LOAD_FAILED,
    `plugin ${manifest.name}: ${modulePath} exports neither createPlugin() nor a plugin object`,
    { plugin: manifest.name, file, field: "inproc-plugin.module" },
  );
}

function toOutcome(result: EventHookResult): EventOutcome | undefined {
  if (result === undefined || result === null) return undefined;
  if (Array.isArray(result)) return { events: result };
  return result;
}

function isThenable(value: unknown): value is PromiseLike<EventHookResult> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === "function";
}

/**
 * The plugin's scope: a fault traced to it is logged (the first at error,
 * repeats at debug: its timers may keep firing) and fails it, once.
 */
function createScope(context: RuntimeLoadContext, onFault: (reason: string) => void): PluginScope {
  const plugin = context.source.manifest.name;
  let faults = 0;
  return {
    plugin,
    fault(error: unknown, origin: FaultOrigin) {
      const message = error instanceof Error ? error.message : String(error);
      const failure = new HostError(HostErrorCode.PLUGIN_CALL_FAILED, `${origin} in plugin code: ${message}`, {
        plugin,
        details: { origin },
        cause: error,
      });
      if (faults++ > 0) {
        context.logger.debug({ plugin, err: failure, faults }, "in-process plugin fault (plugin already failed)");
        return;
      }
      context.logger.error({ plugin, err: failure }, "in-process plugin fault escaped its call; plugin failed");
      onFault(failure.message);
    },
  };
}

export function createInprocRuntime(options: InprocRuntimeOptions): InprocRuntime {
  return {
    type: "inproc",
    async load(context): Promise<PluginInstance> {
      const { manifest, file } = context.source;
      const failureListeners: Array<(reason: string) => void> = [];
      let loaded: InprocPlugin | undefined;
      /** A fault before the manager listened (e.g. from a timer the factory set) is told on onFailure. */
      let failure: string | undefined;
      const scope = createScope(context, (reason) => {
        failure = reason;
        // Its interception hooks stop at once; the manager then suspends its deliveries.
        if (loaded) options.hooks.remove(manifest.name, loaded);
        for (const listener of failureListeners) listener(reason);
      });
      const inScope = <T>(fn: () => T): T => inPluginScope(scope, fn);
      const plugin = await inScope(() => instantiate(context, options.objects));
      loaded = plugin;
      const errors = validateHooks(manifest.name, plugin);
      if (errors.length > 0) {
        throw new HostError(HostErrorCode.HOOK_INVALID, errors.map((error) => error.message).join("; "), {
          plugin: manifest.name,
          file,
          field: errors[0]?.field,
          cause: errors,
        });
      }
      const pluginContext: { -readonly [K in keyof InprocPluginContext]: InprocPluginContext[K] } = {
        name: manifest.name,
        manifest,
        host: context.host,
        config: undefined as unknown as ServiceConfig,
        logger: context.logger,
        client: (service) => createServiceClient(context.host, service),
      };
      const loadOrder = context.loadOrder ?? 0;
      const instance: PluginInstance = {
        async init(config) {
          pluginContext.config = config;
          await inScope(() => plugin.startup?.(pluginContext));
          options.hooks.add({
            name: manifest.name,
            plugin,
            priority: manifest.priority,
            loadOrder,
            subscriptions: manifest.events,
            scope,
          });
        },
        handleEvent(event, delivery) {
          // Interception for in-process plugins runs from the hook registry
          // (validateEvent / filterEvent in pluggy order) before the bus asks
          // other runtimes, so a cancellable delivery has nothing left to do.
          if (delivery.cancellable) return Promise.resolve(undefined);
          // Not async: a synchronous handler costs no promise hop beyond the
          // one the caller needs; a throw still becomes a rejection.
          let result: ReturnType<NonNullable<InprocPlugin["handleEvent"]>>;
          try {
            result = inScope(() => plugin.handleEvent?.(event, pluginContext));
          } catch (error) {
            return Promise.reject(error);
          }
          if (isThenable(result)) return Promise.resolve(result).then(toOutcome);
          return Promise.resolve(toOutcome(result));
        },
        async save() {
          await inScope(() => plugin.save?.());
        },
        snapshotState() {
          const state: Record<string, unknown> = {};
          for (const key of plugin.stateKeys ?? []) state[key] = structuredClone(plugin[key]);
          return state;
        },
        restoreState(state) {
          for (const [key, value] of Object.entries(state)) plugin[key] = value;
        },
        metrics() {
          return inScope(() => plugin.metrics?.()) ?? {};
        },
        async shutdown(reason) {
          options.hooks.remove(manifest.name, plugin);
          await inScope(() => plugin.shutdown?.(reason));
        },
        onFailure(listener) {
          failureListeners.push(listener);
          if (failure !== undefined) listener(failure);
        },
      };
      if (typeof plugin.handleCommand === "function") {
        const handleCommand = plugin.handleCommand.bind(plugin);
        instance.handleCommand = async (request) => inScope(() => handleCommand(request, pluginContext));
      }
      return instance;
    },
  };
}
