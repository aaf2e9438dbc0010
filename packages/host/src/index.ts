// @holomush/host — the public API for host embedders. Named exports only;
// everything not listed here is internal.

// ── For embedders: the host ────────────────────────────────────────────────
// ── Authorization ──────────────────────────────────────────────────────────
export type {
  AuthorizationDecision,
  AuthorizationRequest,
  Authorizer,
  Principal,
  PrincipalKind,
} from "./auth/authorizer.js";
export {
  type CedarAuthorizer,
  type CedarAuthorizerOptions,
  type CedarDecision,
  createCedarAuthorizer,
} from "./auth/cedar-authorizer.js";
export type { CedarAuthorizationRequest, CharacterAttributes, ResourceAttributes } from "./auth/cedar-request.js";
export { createManifestAuthorizer } from "./auth/manifest-authorizer.js";
export { TRUST_GRANTS, type TrustGrant } from "./auth/policy-trust-boundary.js";
export type { ClusterOptions } from "./cluster/cluster-options.js";
export type { CommandOutcome } from "./commands/command-dispatcher.js";
// ── Commands ───────────────────────────────────────────────────────────────
export { COMMAND_LIMITS, type ParsedCommand, parseCommandLine } from "./commands/command-parser.js";
export type { CommandRegistry, RegisteredCommand } from "./commands/command-registry.js";
export {
  resetStylesAtEnd,
  stripControlCharacters,
  stripControlCharactersKeepStyles,
} from "./commands/control-characters.js";
// ── Errors ─────────────────────────────────────────────────────────────────
export { HostError, HostErrorCode, type HostErrorContext, isHostError } from "./errors.js";
export type { EventTransport, PreInterceptVerdict } from "./events/bus-types.js";
export { checkEmit, type EmitFencePlugin } from "./events/emit-fence.js";
// ── Events ─────────────────────────────────────────────────────────────────
export type {
  BusDeliveryOptions,
  BusErrorDetail,
  BusMetrics,
  BusSubscriber,
  EventBus,
  EventBusOptions,
  PublishInput,
  PublishResult,
  SubscriberStats,
} from "./events/event-bus.js";
export { EVENT_LIMITS, matchStreamPattern, validateStreamPattern } from "./events/stream-pattern.js";
export type { FocusCoordinator, FocusJoinResult } from "./focus/focus-coordinator.js";
export type { FocusKindPolicy, FocusKindRegistry, FocusStreamSpec } from "./focus/focus-kind-registry.js";
export { createSceneFocusKind, type SceneFocusKindOptions } from "./focus/scene-focus-kind.js";
// ── Sessions and focus ─────────────────────────────────────────────────────
export type { FocusMembership, Session } from "./focus/session.js";
export { watchedStreams } from "./focus/session.js";
export type { OpenSessionInput, SessionChange, SessionListener, SessionRegistry } from "./focus/session-registry.js";
export { createHost, type Host } from "./host/create-host.js";
export type {
  HostOptions,
  PresenceContext,
  RuntimeDeps,
  RuntimeFactory,
  SessionPresence,
} from "./host/host-options.js";
export { type HostService, hostService } from "./host/host-service.js";
export type { SessionMessage, SessionOutput } from "./host/session-output.js";
export { createUlidFactory } from "./ids/ulid-factory.js";
export { checkInprocPlugin } from "./inproc/check-inproc-plugin.js";
export { HOOK_NAMES, HOOK_SPECS, type HookName, type HookOptions, type HookSpec } from "./inproc/hook-spec.js";
// ── In-process plugins ─────────────────────────────────────────────────────
export {
  definePlugin,
  type EventHookResult,
  type InprocPlugin,
  type InprocPluginContext,
  type InprocPluginFactory,
  type InprocPluginSource,
} from "./inproc/inproc-plugin.js";
// ── Record / replay ────────────────────────────────────────────────────────
export { createLineBuffer, type LineBuffer, type LineItem } from "./io/line-buffer.js";
export {
  type DiscoveryResult,
  discoverPlugins,
  MANIFEST_FILE_NAME,
  parsePluginPath,
} from "./manifest/discover-plugins.js";
// ── Manifests, discovery, dependency order ────────────────────────────────
export type * from "./manifest/manifest.js";
export { CAPABILITY_SCOPES, OVERFLOW_POLICIES, PLUGIN_TYPES } from "./manifest/manifest.js";
export { loadManifest, MANIFEST_MAX_BYTES, parseManifest } from "./manifest/parse-manifest.js";
export { type ManifestResult, type ValidateManifestOptions, validateManifest } from "./manifest/validate-manifest.js";
// ── Metrics ────────────────────────────────────────────────────────────────
export { createHostMetrics, type HostMetrics, type PluginLifeSample } from "./metrics/host-metrics.js";
export { DEFAULT_METRICS_LIMITS, type MetricsServerLimits } from "./metrics/metrics-server.js";
export {
  dependentsOf,
  type LoadOrder,
  type ResolveLoadOrderOptions,
  resolveLoadOrder,
  type SkippedPlugin,
} from "./plugins/dependency-graph.js";
export type { FocusTarget, HistoryQuery, KvEntry, KvPage, PluginHostApi } from "./plugins/plugin-host-api.js";
export type { LifecycleEventType, LoadReport, PluginManager, ReloadOptions } from "./plugins/plugin-manager.js";
export { type PluginState, type PluginStatus, type RunningPlugin, runtimeRestarts } from "./plugins/running-plugin.js";
// ── Plugins: lifecycle and the runtime seam (for runtime authors) ──────────
export type {
  BatchDeliveryOptions,
  BatchItemResult,
  CallOptions,
  CommandResponseInit,
  DeliveryOptions,
  EmitEventInit,
  EventOutcome,
  EventResultInit,
  LoadCheck,
  PluginInstance,
  PluginRuntime,
  RestartReason,
  RuntimeLoadContext,
} from "./plugins/runtime.js";
export {
  createServiceDirectory,
  type ServiceDirectory,
  type ServiceEntry,
  type ServiceHandler,
} from "./plugins/service-directory.js";
export { formatHostError, type ValidatePathsOptions, validatePaths } from "./plugins/validate-paths.js";
export {
  parseRecording,
  RECORDING_VERSION,
  type RecordedActor,
  type RecordedCommand,
  type RecordedEntry,
  type RecordedEvent,
  type RecordingHeader,
  recordEvent,
  serializeEntry,
} from "./recording/recording-format.js";
export { checkLuaPlugin } from "./runtimes/lua/check-lua-plugin.js";
export type { LuaLimits } from "./runtimes/lua/lua-engine.js";
export type { LuaHostServices } from "./runtimes/lua/lua-host-services.js";
export type { WorldObject, WorldObjectSpec, WorldObjects } from "./runtimes/lua/lua-object-store.js";
// ── Runtimes ───────────────────────────────────────────────────────────────
export { createLuaRuntime, type LuaRuntimeOptions, luaRuntime } from "./runtimes/lua/lua-runtime.js";
export { checkProcessPlugin } from "./runtimes/process/check-process-plugin.js";
export { DEFAULT_MAX_OUTPUT_LINE_BYTES } from "./runtimes/process/plugin-output.js";
export type { HealthPolicy, RestartPolicy } from "./runtimes/process/plugin-supervisor.js";
export type { ProcessInstance } from "./runtimes/process/process-instance.js";
export {
  createProcessRuntime,
  type ProcessRuntime,
  type ProcessRuntimeOptions,
} from "./runtimes/process/process-runtime.js";
export type { RefusalCounter } from "./runtimes/process/refusal-counting.js";
export { checkWasmPlugin } from "./runtimes/wasm/check-wasm-plugin.js";
export { createWasmRuntime, type WasmRuntime, type WasmRuntimeOptions } from "./runtimes/wasm/wasm-runtime.js";
export type { WorkerEntry } from "./runtimes/wasm/worker-handle.js";
export { createEmbeddedProvisioner, type EmbeddedProvisionerOptions } from "./storage/embedded-provisioner.js";
export {
  type EventStore,
  HISTORY_LIMITS,
  type HistoryEntry,
  type HistoryPage,
  type HistoryRequest,
} from "./storage/event-store.js";
// ── Storage ────────────────────────────────────────────────────────────────
export { KV_LIMITS, type KvStore } from "./storage/kv-store.js";
export { createMemoryEventStore, type MemoryEventStoreOptions } from "./storage/memory-event-store.js";
export { createMemoryKvStore } from "./storage/memory-kv-store.js";
export { type OpenStorageOptions, openStorage, type Storage } from "./storage/open-storage.js";
export type { PgSqlClientOptions } from "./storage/pg-sql-client.js";
export type { PluginDatabase, SchemaProvisioner } from "./storage/plugin-provisioner.js";
export { createSchemaProvisioner, type SchemaProvisionerOptions } from "./storage/schema-provisioner.js";
export type { SqlClient, SqlEngine, SqlExecutor, SqlResult } from "./storage/sql-client.js";
export { createSqlEventStore } from "./storage/sql-event-store.js";
export { createSqlKvStore } from "./storage/sql-kv-store.js";
export { createCharacterDirectory, UNPLACED_LOCATION_ID } from "./world/character-directory.js";
export { checkCharacterName } from "./world/character-name.js";
export {
  type CharacterRecord,
  type CharacterStore,
  characterNameKey,
  createMemoryCharacterStore,
  normalCharacterName,
} from "./world/character-store.js";
export type { DirectoryCharacter, DirectoryLocation, WorldDirectory } from "./world/world-directory.js";
