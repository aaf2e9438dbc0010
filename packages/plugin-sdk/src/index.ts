// @holomush/plugin-sdk: write HoloMUSH process plugins in TypeScript.
// A curated list of named exports; anything not listed here is internal.

// Required services handed over in Init
export { parseBrokerServices } from "./broker-services.js";
// Command responses
export {
  type CommandStatusName,
  type EmitEventInit,
  errorf,
  failuref,
  fatalf,
  isSuccess,
  MAX_COMMAND_OUTPUT_BYTES,
  ok,
  statusFromName,
  statusToName,
} from "./command-response.js";
// Errors
export {
  isPluginSdkError,
  PluginSdkError,
  PluginSdkErrorCode,
  type PluginSdkErrorOptions,
} from "./errors.js";
// Capabilities injected during init
export { createEventSink, type EmitIntent, type EventSink } from "./event-sink.js";
export { createFocusClient, type FocusClient, type FocusTarget, type HistoryQuery } from "./focus-client.js";
export {
  FocusError,
  FocusErrorCode,
  HostCallError,
  type HostCallErrorCode,
  isFocusError,
  toHostCallError,
} from "./host-call-error.js";
// The connection to the host (one HTTP/2 connection shared by sink, focus client and services)
export {
  BROKER_HEADER,
  createHostConnection,
  type HostConnection,
  type HostConnectionOptions,
} from "./host-connection.js";
export { HOST_CONNECTION_LOST, type HostCalls } from "./host-requests.js";
export type { HostStream, RequestFrameInit } from "./host-stream.js";
export { createKvClient, type KvClient, type KvListPage } from "./kv-client.js";
export {
  type EnvironmentSource,
  type HostEndpoint,
  type PluginEnvironment,
  readPluginEnvironment,
} from "./plugin-env.js";
export type {
  CallContext,
  CommandResponseInit,
  EmitEvent,
  EventContext,
  EventResultInit,
  HandleEventResult,
  InitContext,
  PluginHandler,
  ServiceClient,
  ServiceProvider,
} from "./plugin-handler.js";
export type { SessionEnd } from "./plugin-session.js";
// Serving a plugin
export { type ServeOptions, type ServeResult, serve, serveWithServices } from "./serve.js";
