/**
 * Extism's HTTP kernel functions (`extism:host/env` http_request,
 * http_status_code, http_headers) for a guest whose manifest grants
 * `allowed-hosts`. Two ways, by what the engine offers:
 *
 * - With JS Promise Integration (Node 22+): the Extism SDK suspends the guest
 *   on its own async fetch; the host only hands it `guardedFetch`, which
 *   re-checks every request against the grants and never follows redirects.
 * - Without it (Node 20): these synchronous replacements block the worker on
 *   a round trip to the main thread (like KV calls), which performs the
 *   request through guest-http.ts.
 *
 * A refused or failed request fails the call ("Call error: …"), as in Extism.
 */
import type { CallContext } from "@extism/extism";
import { type GuestHttpReply, type GuestHttpRequest, refusal } from "./guest-http.js";
import { HOST_ENV_NAMESPACE } from "./host-functions.js";

type KernelFunction = (context: CallContext, ...args: bigint[]) => bigint | number;

/** True when the engine can suspend a guest on a promise (WebAssembly.Suspending / promising). */
export const CAN_SUSPEND_GUESTS =
  typeof (WebAssembly as unknown as { Suspending?: unknown }).Suspending === "function" &&
  typeof (WebAssembly as unknown as { promising?: unknown }).promising === "function";

/** The synchronous kernel functions; `roundTrip` answers with a GuestHttpReply as JSON. */
export function buildSyncHttpFunctions(
  roundTrip: (request: string) => string | undefined,
): Record<string, Record<string, KernelFunction>> {
  let status = 0;
  let headers: Record<string, string> | null = null;
  const httpRequest: KernelFunction = (context, requestOffset, bodyOffset) => {
    status = 0;
    headers = null;
    const raw = context.read(requestOffset ?? 0n)?.json() as
      | { url?: unknown; method?: unknown; headers?: unknown; header?: unknown }
      | undefined;
    if (raw === undefined || typeof raw.url !== "string") throw new Error("Call error: http_request needs a url");
    const body = bodyOffset === undefined || bodyOffset === 0n ? undefined : context.read(bodyOffset)?.bytes();
    const request: GuestHttpRequest = {
      url: raw.url,
      ...(typeof raw.method === "string" ? { method: raw.method } : {}),
      ...(isStringRecord(raw.headers ?? raw.header)
        ? { headers: (raw.headers ?? raw.header) as Record<string, string> }
        : {}),
      ...(body === undefined ? {} : { body: Buffer.from(body).toString("base64") }),
    };
    const text = roundTrip(JSON.stringify(request));
    const reply: GuestHttpReply =
      text === undefined ? { ok: false, error: "the host did not answer" } : JSON.parse(text);
    if (!reply.ok) throw new Error(`Call error: ${reply.error}`);
    status = reply.status;
    headers = reply.headers;
    return context.store(Buffer.from(reply.body, "base64"));
  };
  return {
    [HOST_ENV_NAMESPACE]: {
      http_request: httpRequest,
      http_status_code: () => status,
      http_headers: (context) => (headers === null ? 0n : context.store(JSON.stringify(headers))),
    },
  };
}

/** The fetch handed to the Extism SDK when it performs the request itself. */
export function guardedFetch(allowed: readonly string[], timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const refused = refusal(url, allowed);
    if (refused !== undefined) throw new Error(`Call error: ${refused}`);
    return fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  };
}

function isStringRecord(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === "string")
  );
}
