/**
 * The `extism:host/user` functions a HoloMUSH guest may import, and the
 * grant check run at load. Shared by the main thread (validation) and the
 * worker (binding), so it imports nothing from Node or Extism.
 */
import type { ErrorCode, GuestError } from "@holomush/proto/wire";
import { WASM_HOST_FUNCTION_NAMES } from "./host-function-names.js";

/** Import namespace of user host functions (Extism convention). */
export const HOST_USER_NAMESPACE = "extism:host/user";
/** Extism kernel imports (memory, input/output, config, vars, log). */
export const HOST_ENV_NAMESPACE = "extism:host/env";
/** WASI preview 1, served sandboxed (see docs/wasm-abi.md "WASI"). */
export const WASI_NAMESPACE = "wasi_snapshot_preview1";

/** The manifest validator's list is the single source (pure constants, safe in the worker). */
export const HOST_FUNCTION_NAMES = WASM_HOST_FUNCTION_NAMES;
export type HostFunctionName = (typeof HOST_FUNCTION_NAMES)[number];

/** What `wasm-plugin.host-functions` means when absent. */
export const DEFAULT_HOST_FUNCTIONS: readonly HostFunctionName[] = ["log"];

/** Host functions answered by the main thread (they need async host state). */
export const MAIN_THREAD_FUNCTIONS: ReadonlySet<HostFunctionName> = new Set([
  "kv_get",
  "kv_set",
  "kv_delete",
  "kv_list",
  "query_history",
]);

export function isHostFunctionName(name: string): name is HostFunctionName {
  return (HOST_FUNCTION_NAMES as readonly string[]).includes(name);
}

/** Guest-visible error object (@holomush/proto's GuestError); every host function returns it instead of trapping. */
export type { GuestError };

export function guestError(code: ErrorCode, message: string): GuestError {
  return { error: { code, message } };
}
