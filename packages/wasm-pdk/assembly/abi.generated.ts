// Generated from @holomush/proto (src/wasm-abi.ts, src/error-code.ts) by
// packages/wasm-pdk/scripts/assembly-abi.ts: AssemblyScript cannot import the
// TypeScript definitions, so their constants are written here. Do not edit;
// run `pnpm --filter @holomush/wasm-pdk generate:abi`.

// Actor kinds (WasmActorKind, docs/wasm-abi.md).
export const ACTOR_CHARACTER: i32 = 0;
export const ACTOR_SYSTEM: i32 = 1;
export const ACTOR_PLUGIN: i32 = 2;

// handle_command statuses (GuestCommandStatus).
export const STATUS_OK: string = "ok";
export const STATUS_ERROR: string = "error";
export const STATUS_FAILURE: string = "failure";
export const STATUS_FATAL: string = "fatal";

// The platform's error codes (ErrorCode), as host functions answer them.
export const ERROR_MANIFEST_NOT_FOUND: string = "MANIFEST_NOT_FOUND";
export const ERROR_MANIFEST_UNREADABLE: string = "MANIFEST_UNREADABLE";
export const ERROR_MANIFEST_YAML: string = "MANIFEST_YAML";
export const ERROR_MANIFEST_INVALID: string = "MANIFEST_INVALID";
export const ERROR_MANIFEST_LIMIT_EXCEEDED: string = "MANIFEST_LIMIT_EXCEEDED";
export const ERROR_PATH_ESCAPES_PLUGIN_DIR: string = "PATH_ESCAPES_PLUGIN_DIR";
export const ERROR_DUPLICATE_PLUGIN: string = "DUPLICATE_PLUGIN";
export const ERROR_CIRCULAR_DEPENDENCY: string = "CIRCULAR_DEPENDENCY";
export const ERROR_MISSING_DEPENDENCY: string = "MISSING_DEPENDENCY";
export const ERROR_DEPENDENCY_VERSION_MISMATCH: string = "DEPENDENCY_VERSION_MISMATCH";
export const ERROR_MISSING_SERVICE_PROVIDER: string = "MISSING_SERVICE_PROVIDER";
export const ERROR_DUPLICATE_SERVICE_PROVIDER: string = "DUPLICATE_SERVICE_PROVIDER";
export const ERROR_RUNTIME_UNAVAILABLE: string = "RUNTIME_UNAVAILABLE";
export const ERROR_PLUGIN_LOAD_FAILED: string = "PLUGIN_LOAD_FAILED";
export const ERROR_PLUGIN_INIT_FAILED: string = "PLUGIN_INIT_FAILED";
export const ERROR_PLUGIN_NOT_LOADED: string = "PLUGIN_NOT_LOADED";
export const ERROR_PLUGIN_ALREADY_LOADED: string = "PLUGIN_ALREADY_LOADED";
export const ERROR_PLUGIN_UNAVAILABLE: string = "PLUGIN_UNAVAILABLE";
export const ERROR_PLUGIN_TIMEOUT: string = "PLUGIN_TIMEOUT";
export const ERROR_PLUGIN_CALL_FAILED: string = "PLUGIN_CALL_FAILED";
export const ERROR_PLUGIN_OUTPUT_INVALID: string = "PLUGIN_OUTPUT_INVALID";
export const ERROR_HOOK_INVALID: string = "HOOK_INVALID";
export const ERROR_WASM_MODULE_INVALID: string = "WASM_MODULE_INVALID";
export const ERROR_WASM_EXPORT_MISSING: string = "WASM_EXPORT_MISSING";
export const ERROR_WASM_IMPORT_NOT_GRANTED: string = "WASM_IMPORT_NOT_GRANTED";
export const ERROR_WASM_MEMORY_LIMIT: string = "WASM_MEMORY_LIMIT";
export const ERROR_WASM_TABLE_LIMIT: string = "WASM_TABLE_LIMIT";
export const ERROR_WASM_TRAP: string = "WASM_TRAP";
export const ERROR_LUA_SYNTAX_ERROR: string = "LUA_SYNTAX_ERROR";
export const ERROR_LUA_MEMORY_LIMIT: string = "LUA_MEMORY_LIMIT";
export const ERROR_EMIT_NAMESPACE_UNDECLARED: string = "EMIT_NAMESPACE_UNDECLARED";
export const ERROR_EMIT_PAYLOAD_INVALID: string = "EMIT_PAYLOAD_INVALID";
export const ERROR_EMIT_PAYLOAD_TOO_LARGE: string = "EMIT_PAYLOAD_TOO_LARGE";
export const ERROR_EMIT_TYPE_INVALID: string = "EMIT_TYPE_INVALID";
export const ERROR_EMIT_STREAM_INVALID: string = "EMIT_STREAM_INVALID";
export const ERROR_EMIT_LOOP_DETECTED: string = "EMIT_LOOP_DETECTED";
export const ERROR_EVENT_BUS_CLOSED: string = "EVENT_BUS_CLOSED";
export const ERROR_COMMAND_UNKNOWN: string = "COMMAND_UNKNOWN";
export const ERROR_COMMAND_INVALID: string = "COMMAND_INVALID";
export const ERROR_COMMAND_DUPLICATE: string = "COMMAND_DUPLICATE";
export const ERROR_CONSOLE_LINE_TOO_LONG: string = "CONSOLE_LINE_TOO_LONG";
export const ERROR_CONSOLE_TOO_MANY_CONNECTIONS: string = "CONSOLE_TOO_MANY_CONNECTIONS";
export const ERROR_CONSOLE_RATE_LIMITED: string = "CONSOLE_RATE_LIMITED";
export const ERROR_PERMISSION_DENIED: string = "PERMISSION_DENIED";
export const ERROR_POLICY_INVALID: string = "POLICY_INVALID";
export const ERROR_POLICY_TRUST_VIOLATION: string = "POLICY_TRUST_VIOLATION";
export const ERROR_SESSION_NOT_FOUND: string = "SESSION_NOT_FOUND";
export const ERROR_SESSION_EXPIRED: string = "SESSION_EXPIRED";
export const ERROR_CHARACTER_IN_USE: string = "CHARACTER_IN_USE";
export const ERROR_FOCUS_ALREADY_MEMBER: string = "FOCUS_ALREADY_MEMBER";
export const ERROR_FOCUS_KIND_UNREGISTERED: string = "FOCUS_KIND_UNREGISTERED";
export const ERROR_FOCUS_POLICY_FAILED: string = "FOCUS_POLICY_FAILED";
export const ERROR_FOCUS_NOT_MEMBER: string = "FOCUS_NOT_MEMBER";
export const ERROR_FOCUS_KIND_DUPLICATE: string = "FOCUS_KIND_DUPLICATE";
export const ERROR_INVALID_ARGUMENT: string = "INVALID_ARGUMENT";
export const ERROR_INVALID_CURSOR: string = "INVALID_CURSOR";
export const ERROR_KV_KEY_INVALID: string = "KV_KEY_INVALID";
export const ERROR_KV_VALUE_TOO_LARGE: string = "KV_VALUE_TOO_LARGE";
export const ERROR_STORAGE_UNAVAILABLE: string = "STORAGE_UNAVAILABLE";
export const ERROR_UNAUTHENTICATED: string = "UNAUTHENTICATED";
export const ERROR_HANDSHAKE_INVALID: string = "HANDSHAKE_INVALID";
export const ERROR_API_VERSION_UNSUPPORTED: string = "API_VERSION_UNSUPPORTED";
export const ERROR_EXECUTABLE_INVALID: string = "EXECUTABLE_INVALID";
export const ERROR_SERVICE_NOT_DECLARED: string = "SERVICE_NOT_DECLARED";
export const ERROR_SERVICE_UNAVAILABLE: string = "SERVICE_UNAVAILABLE";
export const ERROR_STORAGE_SCHEMA_NAME_INVALID: string = "STORAGE_SCHEMA_NAME_INVALID";
export const ERROR_STORAGE_PRIVILEGE_MISSING: string = "STORAGE_PRIVILEGE_MISSING";
export const ERROR_STORAGE_SCHEMA_TOO_NEW: string = "STORAGE_SCHEMA_TOO_NEW";
export const ERROR_STORAGE_PROVISION_FAILED: string = "STORAGE_PROVISION_FAILED";
