/**
 * Errors from calls into the host (EventSink, FocusClient, brokered
 * services), carrying the stable code of the host's ErrorDetail so plugins
 * branch on `error.code`, never on message text.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorDetailSchema } from "@holomush/proto";

/** Seed 001's focus error codes. */
export const FocusErrorCode = {
  SESSION_NOT_FOUND: "SESSION_NOT_FOUND",
  SESSION_EXPIRED: "SESSION_EXPIRED",
  FOCUS_ALREADY_MEMBER: "FOCUS_ALREADY_MEMBER",
  FOCUS_KIND_UNREGISTERED: "FOCUS_KIND_UNREGISTERED",
  FOCUS_POLICY_FAILED: "FOCUS_POLICY_FAILED",
  FOCUS_NOT_MEMBER: "FOCUS_NOT_MEMBER",
} as const;

/** One of the FocusErrorCode values. */
export type FocusErrorCode = (typeof FocusErrorCode)[keyof typeof FocusErrorCode];

/** A call into the host failed; `code` is the host's stable ErrorDetail code. */
export class HostCallError extends Error {
  override readonly name: string = "HostCallError";
  /** The host's stable code (ErrorDetail.code), e.g. `EMIT_NAMESPACE_UNDECLARED`. */
  readonly code: string;
  /** The Connect status code of the call. */
  readonly connectCode: Code;
  /** ErrorDetail metadata (plugin, field, limits...). */
  readonly details: Record<string, string>;

  constructor(code: string, message: string, connectCode: Code, details: Record<string, string> = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.connectCode = connectCode;
    this.details = details;
  }
}

/** A FocusClient failure; `code` is one of FocusErrorCode for the seed's cases. */
export class FocusError extends HostCallError {
  override readonly name = "FocusError";
}

/** Normalises what a host call threw into a HostCallError (or `make`'s subclass). */
export function toHostCallError(error: unknown, make: typeof HostCallError = HostCallError): HostCallError {
  if (error instanceof make) return error;
  // Already coded (a call over the stream), but the caller wants the subclass (FocusClient's FocusError).
  if (error instanceof HostCallError)
    return new make(error.code, error.message, error.connectCode, error.details, error);
  const connectError = ConnectError.from(error);
  const [detail] = connectError.findDetails(ErrorDetailSchema);
  const code = detail?.code || Code[connectError.code].replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
  return new make(code, detail?.message || connectError.rawMessage, connectError.code, { ...detail?.metadata }, error);
}

/** True when `error` is a FocusError, and when `code` is given, one with that code. */
export function isFocusError(error: unknown, code?: FocusErrorCode): error is FocusError {
  return error instanceof FocusError && (code === undefined || error.code === code);
}
