/**
 * The one place that imports the Cedar engine (`@cedar-policy/cedar-wasm`,
 * Node build). It is loaded on demand: compiling the wasm module costs
 * ~50 ms, which hosts that keep the default manifest authorizer never pay.
 *
 * The engine keeps preparsed policy sets in wasm thread-local storage, keyed
 * by id and shared by every caller in the thread, so ids are made unique per
 * authorizer instance (see `nextEngineScope`).
 */
import type * as CedarWasm from "@cedar-policy/cedar-wasm/nodejs";
import { HostError, HostErrorCode } from "../errors.js";
import { avoidJsToWasmDeoptCrash } from "../v8-workarounds.js";

export type CedarModule = typeof CedarWasm;
export type {
  AuthorizationAnswer,
  Context as CedarContext,
  DetailedError,
  EntityJson,
  EntityUidJson,
  Expr as CedarExpr,
  PolicyJson,
  SchemaJson,
  Type as CedarType,
  TypeOfAttribute as CedarTypeOfAttribute,
  ValidationError,
} from "@cedar-policy/cedar-wasm/nodejs";

let loading: Promise<CedarModule> | undefined;

/** Loads (once per process) and returns the Cedar engine. */
export function loadCedar(): Promise<CedarModule> {
  avoidJsToWasmDeoptCrash();
  loading ??= import("@cedar-policy/cedar-wasm/nodejs").then(
    (module) => ("default" in module && module.default ? module.default : module) as CedarModule,
    (error: unknown) => {
      loading = undefined;
      throw new HostError(
        HostErrorCode.RUNTIME_UNAVAILABLE,
        "the Cedar engine (@cedar-policy/cedar-wasm) did not load",
        {
          cause: error,
        },
      );
    },
  );
  return loading;
}

let scopes = 0;

/** A prefix that keeps one authorizer's preparsed policy sets apart from another's. */
export function nextEngineScope(): string {
  scopes += 1;
  return `holomush-${scopes}`;
}

/** Cedar's errors as one line each: message, then its help when it has one. */
export function formatCedarErrors(errors: readonly { message: string; help?: string | null }[]): string {
  return errors.map((error) => (error.help ? `${error.message} (${error.help})` : error.message)).join("; ");
}
