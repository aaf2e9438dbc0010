/**
 * The in-process runtime: plugins are JS objects living in the host's own
 * event loop. Trusted code (no sandbox), but still bound to its own identity:
 * it reaches the host only through its PluginHostApi.
 */
import { pathToFileURL } from "node:url";
import type { ServiceConfig } from "@holomush/proto";
import { HostError, HostErrorCode } from "../errors.js";
import type { EventOutcome, PluginInstance, PluginRuntime, RuntimeLoadContext } from "../plugins/runtime.js";
import { createServiceClient } from "../plugins/service-client.js";
import { resolveInprocModule } from "./check-inproc-plugin.js";
import type { HookRegistry } from "./hook-registry.js";
import type { EventHookResult, InprocPlugin, InprocPluginContext, InprocPluginSource } from "./inproc-plugin.js";
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

export function createInprocRuntime(options: InprocRuntimeOptions): InprocRuntime {
  return {
    type: "inproc",
    async load(context): Promise<PluginInstance> {
      const { manifest, file } = context.source;
      const plugin = await instantiate(context, options.objects);
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
          await plugin.startup?.(pluginContext);
          options.hooks.add({
            name: manifest.name,
            plugin,
            priority: manifest.priority,
            loadOrder,
            subscriptions: manifest.events,
          });
        },
        async handleEvent(event, delivery) {
          // Interception for in-process plugins runs from the hook registry
          // (validateEvent / filterEvent in pluggy order) before the bus asks
          // other runtimes, so a cancellable delivery has nothing left to do.
          if (delivery.cancellable) return undefined;
          return toOutcome(await plugin.handleEvent?.(event, pluginContext));
        },
        async save() {
          await plugin.save?.();
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
          return plugin.metrics?.() ?? {};
        },
        async shutdown(reason) {
          options.hooks.remove(manifest.name, plugin);
          await plugin.shutdown?.(reason);
        },
      };
      if (typeof plugin.handleCommand === "function") {
        const handleCommand = plugin.handleCommand.bind(plugin);
        instance.handleCommand = async (request) => handleCommand(request, pluginContext);
      }
      return instance;
    },
  };
}
