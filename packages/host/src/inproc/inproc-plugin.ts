/**
 * The object an in-process plugin is. Embedders register one directly
 * (`host.registerPlugin(manifest, plugin)`), or a plugin directory names a JS
 * module (`inproc-plugin: { module }`) exporting `plugin` (an object) or
 * `createPlugin` (a factory, called again on every reload).
 */
import type { DescService } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import type { CommandRequest, Event, ServiceConfig } from "@holomush/proto";
import type { Logger } from "pino";
import type { PluginManifest } from "../manifest/manifest.js";
import type { PluginHostApi } from "../plugins/plugin-host-api.js";
import type { CommandResponseInit, EmitEventInit, EventOutcome } from "../plugins/runtime.js";
import type { HookName, HookOptions } from "./hook-spec.js";

/** What an in-process plugin's hooks receive: the host API bound to the plugin, and service clients. */
export interface InprocPluginContext {
  readonly name: string;
  readonly manifest: PluginManifest;
  /** The host API bound to this plugin: emit, log, KV, focus, history. */
  readonly host: PluginHostApi;
  readonly config: ServiceConfig;
  readonly logger: Logger;
  /** A typed client for a service the manifest `requires` (host- or plugin-provided). */
  client<T extends DescService>(service: T): Client<T>;
}

/** What a handleEvent implementation may return. */
// biome-ignore lint/suspicious/noConfusingVoidType: lets `handleEvent(e) { log(e) }` type-check without a return.
export type EventHookResult = EventOutcome | EmitEventInit[] | undefined | void;

/** An in-process plugin: its hooks (all optional) and what it keeps across reloads. */
export interface InprocPlugin {
  /** When given, must equal the manifest name. */
  name?: string;
  /** Properties kept across a reload (bastproxy's attributes_to_save_on_reload). */
  stateKeys?: readonly string[];
  /** tryfirst / trylast per hook. */
  hookOptions?: Partial<Record<HookName, HookOptions>>;
  /** Called once after every plugin is loaded, with the plugin context. */
  startup?(context: InprocPluginContext): void | Promise<void>;
  /** Called before unload, with the reason. */
  shutdown?(reason: string): void | Promise<void>;
  /** One subscribed event at a time, through the plugin's own queue; may return events to publish. */
  handleEvent?(event: Event, context: InprocPluginContext): EventHookResult | Promise<EventHookResult>;
  /** Return a changed event to mutate it, null to block it, undefined to let it pass. */
  filterEvent?(event: Event): Event | null | undefined | Promise<Event | null | undefined>;
  /** Throw to reject the event. */
  validateEvent?(event: Event): void | Promise<void>;
  /** Numbers to export as metrics, read on every scrape. */
  metrics?(): Record<string, number>;
  /** One of the commands declared in the manifest. */
  handleCommand?(
    request: CommandRequest,
    context: InprocPluginContext,
  ): CommandResponseInit | Promise<CommandResponseInit>;
  /** Persist state (the lifecycle's save, docs/architecture.md). */
  save?(): void | Promise<void>;
  [state: string]: unknown;
}

/** A plugin object, or a factory that makes a fresh one (needed for reload). */
export type InprocPluginFactory = () => InprocPlugin | Promise<InprocPlugin>;
/** What the host registers: a plugin object, or a factory (needed for reload). */
export type InprocPluginSource = InprocPlugin | InprocPluginFactory;

/** Identity helper that gives plugin authors type checking. */
export function definePlugin<T extends InprocPlugin>(plugin: T): T {
  return plugin;
}
