// The interface file extism-js needs (`extism-js src/index.js -i interface.d.ts -o plugin.wasm`):
// the guest's exports (module "main") and the host functions it imports.
// Delete the host functions your plugin does not use: every import must be
// granted in plugin.yaml's wasm-plugin.host-functions or the host refuses it.
declare module "main" {
  export function handle_event(): I32;
  export function handle_command(): I32;
}

declare module "extism:host" {
  interface user {
    emit(ptr: I64): I64;
    log(ptr: I64): I64;
    kv_get(ptr: I64): I64;
    kv_set(ptr: I64): I64;
    kv_delete(ptr: I64): I64;
    kv_list(ptr: I64): I64;
    query_history(ptr: I64): I64;
  }
}
