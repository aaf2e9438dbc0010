// The host functions a guest may be granted: shared by the manifest section and the
// worker's bindings, so it imports nothing.

/**
 * `extism:host/user` functions a wasm plugin may be granted (`wasm-plugin.host-functions`);
 * the WASM runtime binds exactly these. Absent means `["log"]` (decided by the runtime).
 */
export const WASM_HOST_FUNCTION_NAMES = [
  "emit",
  "log",
  "kv_get",
  "kv_set",
  "kv_delete",
  "kv_list",
  "query_history",
] as const;
