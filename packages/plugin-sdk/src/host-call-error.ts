/**
 * Errors from calls into the host (EventSink, FocusClient, brokered
 * services), carrying the stable code of the host's ErrorDetail so plugins
 * branch on `error.code`, never on message text.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { type ErrorCode, ErrorDetailSchema, FocusErrorCode, type StatusCodeName } from "@holomush/proto";

// The focus error codes (docs/focus.md) are @holomush/proto's, shared with the host.
export { FocusErrorCode };

/**
 * The code of a failed host call: the host's stable code (ErrorDetail.code), or, when the failure
 * carried none (the connection broke, a deadline passed), the Connect status name.
 */
export type HostCallErrorCode = ErrorCode | StatusCodeName;

/** A call into the host failed; `code` is the host's stable ErrorDetail code. */
export class HostCallError extends Error {
  override readonly name: string = "HostCallError";
  /** The host's stable code (ErrorDetail.code), e.g. `EMIT_NAMESPACE_UNDECLARED`. */
  readonly code: HostCallErrorCode;
  /** The Connect status code of the call. */
  readonly connectCode: Code;
  /** ErrorDetail metadata (plugin, field, limits...). */
  readonly details: Record<string, string>;

  constructor(
    code: HostCallErrorCode,
    message: string,
    connectCode: Code,
    details: Record<string, string> = {},
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.connectCode = connectCode;
    this.details = details;
  }
}

/** A FocusClient failure; `code` is one of FocusErrorCode for focus failures. */
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
  // A newer host may send a code this SDK does not know yet: it is passed on as it came.
  const code = (detail?.code ||
    Code[connectError.code].replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()) as HostCallErrorCode;
  return new make(code, detail?.message || connectError.rawMessage, connectError.code, { ...detail?.metadata }, error);
}

/** True when `error` is a FocusError, and when `code` is given, one with that code. */
export function isFocusError(error: unknown, code?: FocusErrorCode): error is FocusError {
  return error instanceof FocusError && (code === undefined || error.code === code);
}
