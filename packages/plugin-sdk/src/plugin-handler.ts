/**
 * What a plugin author implements (go-plugin style: Handler, CommandHandler,
 * ServiceProvider, EventSinkAware and FocusClientAware, as TypeScript).
 * Every method is optional except what the plugin's manifest implies: a
 * plugin with commands needs handleCommand, one with `provides` a provider.
 */
import type { DescService } from "@bufbuild/protobuf";
import type { Client, ConnectRouter } from "@connectrpc/connect";
import type {
  CommandRequest,
  CommandResponseInit,
  EmitEventInit,
  Event,
  EventResultInit,
  ServiceConfig,
} from "@holomush/proto";
import type { EventSink } from "./event-sink.js";
import type { FocusClient } from "./focus-client.js";
import type { KvClient } from "./kv-client.js";

/** An event to publish with the plugin as actor (@holomush/proto's EmitEventInit). */
export type EmitEvent = EmitEventInit;
// A cancel/mutate result (EventResultInit) and a command response (CommandResponseInit, build it
// with ok / errorf / failuref) are @holomush/proto's *Init shapes.
export type { CommandResponseInit, EventResultInit };

/** What handleEvent may return: events to publish, and for cancellable events a result. */
// biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing is valid.
export type HandleEventResult = EmitEvent[] | { events?: EmitEvent[]; result?: EventResultInit } | undefined | void;

/** Passed with every call the host makes into the plugin. */
export interface CallContext {
  /** Aborted when the host gives up on the call (CancelCall) or the plugin shuts down. */
  signal: AbortSignal;
}

/** Passed with handleEvent: the call context plus whether the host waits for a cancel/mutate result. */
export interface EventContext extends CallContext {
  /** True when the host waits for a cancel/mutate result. */
  cancellable: boolean;
  /** Unix ms after which the host stops waiting. */
  deadlineMs: number;
}

/** What a plugin implements: the event and command handlers and the Init-time setters, all optional. */
export interface PluginHandler {
  /** One event at a time, in order (the host serializes calls to a plugin). */
  handleEvent?(event: Event, context: EventContext): HandleEventResult | Promise<HandleEventResult>;
  /** One of the commands declared in plugin.yaml. */
  handleCommand?(request: CommandRequest, context: CallContext): CommandResponseInit | Promise<CommandResponseInit>;
  /** Called on Shutdown before the process exits. */
  shutdown?(reason: string): void | Promise<void>;
  /** EventSinkAware: receives the sink during Init. */
  setEventSink?(sink: EventSink): void;
  /** FocusClientAware: receives the focus client during Init. */
  setFocusClient?(client: FocusClient): void;
  /** KvClientAware: receives the plugin's own KV store during Init. */
  setKvClient?(kv: KvClient): void;
}

/**
 * The typed client `connectService` returns, e.g. `ServiceClient<typeof WorldService>`, so a plugin
 * can type the variable it keeps the client in without depending on @connectrpc/connect itself.
 */
export type ServiceClient<T extends DescService> = Client<T>;

/** Handed to ServiceProvider.init beside the ServiceConfig. */
export interface InitContext {
  /** A typed client for a required service: `connectService(WorldService, config.requiredServices[name])`. */
  connectService<T extends DescService>(service: T, brokerAddress: string | number): Client<T>;
  eventSink: EventSink;
  focusClient: FocusClient;
  kv: KvClient;
}

/** Implemented by a plugin that provides services (`provides`) or needs Init (`requires`, storage). */
export interface ServiceProvider {
  /** Register Connect implementations of the services in `provides` (before Init). */
  registerServices?(router: ConnectRouter): void;
  /** Receives the connection string, required services (`broker:<id>`) and config. Throw to fail the load. */
  init?(config: ServiceConfig, context: InitContext): void | Promise<void>;
}
