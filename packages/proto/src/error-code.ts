/**
 * The stable error codes of the HoloMUSH plugin platform: what the host puts
 * in `HostError.code` and, on the wire, in `ErrorDetail.code` (Connect calls)
 * or `{"error":{"code"}}` (WASM host functions). One closed set shared by the
 * host, the SDKs and the PDKs, so plugins branch on a typed code, never on
 * message text. Dependency-free: the WASM PDKs import it too.
 */
export const ErrorCode = {
  // Manifests and discovery
  MANIFEST_NOT_FOUND: "MANIFEST_NOT_FOUND",
  MANIFEST_UNREADABLE: "MANIFEST_UNREADABLE",
  MANIFEST_YAML: "MANIFEST_YAML",
  MANIFEST_INVALID: "MANIFEST_INVALID",
  /** A plugin.yaml over a size, nesting, key, value or alias limit (see manifest-limits.ts). */
  MANIFEST_LIMIT_EXCEEDED: "MANIFEST_LIMIT_EXCEEDED",
  PATH_ESCAPES_PLUGIN_DIR: "PATH_ESCAPES_PLUGIN_DIR",
  DUPLICATE_PLUGIN: "DUPLICATE_PLUGIN",
  // Dependency resolution
  CIRCULAR_DEPENDENCY: "CIRCULAR_DEPENDENCY",
  MISSING_DEPENDENCY: "MISSING_DEPENDENCY",
  DEPENDENCY_VERSION_MISMATCH: "DEPENDENCY_VERSION_MISMATCH",
  MISSING_SERVICE_PROVIDER: "MISSING_SERVICE_PROVIDER",
  DUPLICATE_SERVICE_PROVIDER: "DUPLICATE_SERVICE_PROVIDER",
  // Lifecycle and runtimes
  RUNTIME_UNAVAILABLE: "RUNTIME_UNAVAILABLE",
  PLUGIN_LOAD_FAILED: "PLUGIN_LOAD_FAILED",
  PLUGIN_INIT_FAILED: "PLUGIN_INIT_FAILED",
  PLUGIN_NOT_LOADED: "PLUGIN_NOT_LOADED",
  PLUGIN_ALREADY_LOADED: "PLUGIN_ALREADY_LOADED",
  PLUGIN_UNAVAILABLE: "PLUGIN_UNAVAILABLE",
  PLUGIN_TIMEOUT: "PLUGIN_TIMEOUT",
  PLUGIN_CALL_FAILED: "PLUGIN_CALL_FAILED",
  PLUGIN_OUTPUT_INVALID: "PLUGIN_OUTPUT_INVALID",
  HOOK_INVALID: "HOOK_INVALID",
  // WASM runtime
  WASM_MODULE_INVALID: "WASM_MODULE_INVALID",
  WASM_EXPORT_MISSING: "WASM_EXPORT_MISSING",
  WASM_IMPORT_NOT_GRANTED: "WASM_IMPORT_NOT_GRANTED",
  WASM_MEMORY_LIMIT: "WASM_MEMORY_LIMIT",
  /** A module's tables have no maximum or may grow past the host's element budget. */
  WASM_TABLE_LIMIT: "WASM_TABLE_LIMIT",
  WASM_TRAP: "WASM_TRAP",
  // Lua runtime
  /** The Lua entry script does not compile; the message names file and line. */
  LUA_SYNTAX_ERROR: "LUA_SYNTAX_ERROR",
  /** A Lua call allocated past its state's memory cap. */
  LUA_MEMORY_LIMIT: "LUA_MEMORY_LIMIT",
  // Events and the emit fence
  EMIT_NAMESPACE_UNDECLARED: "EMIT_NAMESPACE_UNDECLARED",
  EMIT_PAYLOAD_INVALID: "EMIT_PAYLOAD_INVALID",
  EMIT_PAYLOAD_TOO_LARGE: "EMIT_PAYLOAD_TOO_LARGE",
  EMIT_TYPE_INVALID: "EMIT_TYPE_INVALID",
  EMIT_STREAM_INVALID: "EMIT_STREAM_INVALID",
  EMIT_LOOP_DETECTED: "EMIT_LOOP_DETECTED",
  EVENT_BUS_CLOSED: "EVENT_BUS_CLOSED",
  // Commands
  COMMAND_UNKNOWN: "COMMAND_UNKNOWN",
  COMMAND_INVALID: "COMMAND_INVALID",
  COMMAND_DUPLICATE: "COMMAND_DUPLICATE",
  // The TCP line console (told to the client, with the limit that applies)
  CONSOLE_LINE_TOO_LONG: "CONSOLE_LINE_TOO_LONG",
  CONSOLE_TOO_MANY_CONNECTIONS: "CONSOLE_TOO_MANY_CONNECTIONS",
  CONSOLE_RATE_LIMITED: "CONSOLE_RATE_LIMITED",
  // Authorization
  PERMISSION_DENIED: "PERMISSION_DENIED",
  POLICY_INVALID: "POLICY_INVALID",
  /** A plugin policy names the System principal, another plugin or a core type without being trusted for it. */
  POLICY_TRUST_VIOLATION: "POLICY_TRUST_VIOLATION",
  // Focus and sessions (docs/focus.md)
  /** No such session. */
  SESSION_NOT_FOUND: "SESSION_NOT_FOUND",
  /** The session has ended. */
  SESSION_EXPIRED: "SESSION_EXPIRED",
  /** The character already has a session and the caller asked not to share it. */
  CHARACTER_IN_USE: "CHARACTER_IN_USE",
  /** The session already follows that target: an idempotent success for callers. */
  FOCUS_ALREADY_MEMBER: "FOCUS_ALREADY_MEMBER",
  /** No focus kind of that name is registered. */
  FOCUS_KIND_UNREGISTERED: "FOCUS_KIND_UNREGISTERED",
  /** The focus kind's policy refused the join. */
  FOCUS_POLICY_FAILED: "FOCUS_POLICY_FAILED",
  /** Presenting to a target the session does not follow. */
  FOCUS_NOT_MEMBER: "FOCUS_NOT_MEMBER",
  FOCUS_KIND_DUPLICATE: "FOCUS_KIND_DUPLICATE",
  // Storage and history
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
  INVALID_CURSOR: "INVALID_CURSOR",
  KV_KEY_INVALID: "KV_KEY_INVALID",
  KV_VALUE_TOO_LARGE: "KV_VALUE_TOO_LARGE",
  STORAGE_UNAVAILABLE: "STORAGE_UNAVAILABLE",
  // Process runtime (Connect over a unix socket)
  UNAUTHENTICATED: "UNAUTHENTICATED",
  HANDSHAKE_INVALID: "HANDSHAKE_INVALID",
  API_VERSION_UNSUPPORTED: "API_VERSION_UNSUPPORTED",
  EXECUTABLE_INVALID: "EXECUTABLE_INVALID",
  SERVICE_NOT_DECLARED: "SERVICE_NOT_DECLARED",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  /** A HostRequest frame the host cannot serve: unknown method, unreadable message, request_id already in flight. */
  HOST_REQUEST_INVALID: "HOST_REQUEST_INVALID",
  /** A plugin has as many HostRequests in flight on its stream as the host allows; this one was not run. */
  HOST_REQUESTS_EXHAUSTED: "HOST_REQUESTS_EXHAUSTED",
  /** (SDK side) the connection to the host is gone: a call in flight, or made after, fails with this. */
  HOST_CONNECTION_LOST: "HOST_CONNECTION_LOST",
  // Cluster mode (NATS JetStream, docs/scale-out.md)
  /** A cluster option is refused (e.g. no shared PostgreSQL, a bad NATS URL or node id). */
  CLUSTER_CONFIG_INVALID: "CLUSTER_CONFIG_INVALID",
  /** NATS JetStream could not be reached, or did not accept an event in time. */
  CLUSTER_UNAVAILABLE: "CLUSTER_UNAVAILABLE",
  // Durable storage (PostgreSQL / PGlite) and plugin schema provisioning
  /** A plugin name cannot become a PostgreSQL schema (`plugin_<name>`). */
  STORAGE_SCHEMA_NAME_INVALID: "STORAGE_SCHEMA_NAME_INVALID",
  /** The host's database role lacks a privilege it needs (CREATEROLE, CREATE on the database). */
  STORAGE_PRIVILEGE_MISSING: "STORAGE_PRIVILEGE_MISSING",
  /** The database's host schema was migrated by a newer host than this one. */
  STORAGE_SCHEMA_TOO_NEW: "STORAGE_SCHEMA_TOO_NEW",
  /** Provisioning a plugin's schema or role failed for another reason. */
  STORAGE_PROVISION_FAILED: "STORAGE_PROVISION_FAILED",
} as const;

/** One of the ErrorCode values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The codes a FocusClient call fails with (docs/focus.md). */
export const FocusErrorCode = {
  SESSION_NOT_FOUND: ErrorCode.SESSION_NOT_FOUND,
  SESSION_EXPIRED: ErrorCode.SESSION_EXPIRED,
  FOCUS_ALREADY_MEMBER: ErrorCode.FOCUS_ALREADY_MEMBER,
  FOCUS_KIND_UNREGISTERED: ErrorCode.FOCUS_KIND_UNREGISTERED,
  FOCUS_POLICY_FAILED: ErrorCode.FOCUS_POLICY_FAILED,
  FOCUS_NOT_MEMBER: ErrorCode.FOCUS_NOT_MEMBER,
} as const;

/** One of the FocusErrorCode values. */
export type FocusErrorCode = (typeof FocusErrorCode)[keyof typeof FocusErrorCode];

/**
 * The names of the Connect status codes, upper snake case (`DEADLINE_EXCEEDED`): what an SDK
 * reports as the code of a failed host call that carried no ErrorDetail.
 */
export const StatusCodeName = {
  CANCELED: "CANCELED",
  UNKNOWN: "UNKNOWN",
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
  DEADLINE_EXCEEDED: "DEADLINE_EXCEEDED",
  NOT_FOUND: "NOT_FOUND",
  ALREADY_EXISTS: "ALREADY_EXISTS",
  PERMISSION_DENIED: "PERMISSION_DENIED",
  RESOURCE_EXHAUSTED: "RESOURCE_EXHAUSTED",
  FAILED_PRECONDITION: "FAILED_PRECONDITION",
  ABORTED: "ABORTED",
  OUT_OF_RANGE: "OUT_OF_RANGE",
  UNIMPLEMENTED: "UNIMPLEMENTED",
  INTERNAL: "INTERNAL",
  UNAVAILABLE: "UNAVAILABLE",
  DATA_LOSS: "DATA_LOSS",
  UNAUTHENTICATED: "UNAUTHENTICATED",
} as const;

/** One of the StatusCodeName values. */
export type StatusCodeName = (typeof StatusCodeName)[keyof typeof StatusCodeName];
