/**
 * The one boundary where host errors become wire errors: every HostErrorCode
 * maps to a Connect code, and every ConnectError the host returns to a plugin
 * carries an ErrorDetail with the stable code so SDKs never parse text.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorDetailSchema } from "@holomush/proto";
import { HostError, HostErrorCode } from "../../errors.js";

const codeFor: Partial<Record<HostErrorCode, Code>> = {
  // The caller asked for something malformed.
  INVALID_ARGUMENT: Code.InvalidArgument,
  INVALID_CURSOR: Code.InvalidArgument,
  KV_KEY_INVALID: Code.InvalidArgument,
  KV_VALUE_TOO_LARGE: Code.InvalidArgument,
  EMIT_PAYLOAD_INVALID: Code.InvalidArgument,
  EMIT_PAYLOAD_TOO_LARGE: Code.InvalidArgument,
  EMIT_TYPE_INVALID: Code.InvalidArgument,
  EMIT_STREAM_INVALID: Code.InvalidArgument,
  COMMAND_INVALID: Code.InvalidArgument,
  HANDSHAKE_INVALID: Code.InvalidArgument,
  HOST_REQUEST_INVALID: Code.InvalidArgument,
  // The caller may not do this.
  PERMISSION_DENIED: Code.PermissionDenied,
  EMIT_NAMESPACE_UNDECLARED: Code.PermissionDenied,
  SERVICE_NOT_DECLARED: Code.PermissionDenied,
  UNAUTHENTICATED: Code.Unauthenticated,
  // The target does not exist or is in the wrong state.
  SESSION_NOT_FOUND: Code.NotFound,
  COMMAND_UNKNOWN: Code.NotFound,
  SESSION_EXPIRED: Code.FailedPrecondition,
  FOCUS_NOT_MEMBER: Code.FailedPrecondition,
  FOCUS_KIND_UNREGISTERED: Code.FailedPrecondition,
  FOCUS_POLICY_FAILED: Code.FailedPrecondition,
  API_VERSION_UNSUPPORTED: Code.FailedPrecondition,
  PLUGIN_ALREADY_LOADED: Code.FailedPrecondition,
  FOCUS_ALREADY_MEMBER: Code.AlreadyExists,
  // The host or a provider cannot serve right now.
  SERVICE_UNAVAILABLE: Code.Unavailable,
  STORAGE_UNAVAILABLE: Code.Unavailable,
  PLUGIN_UNAVAILABLE: Code.Unavailable,
  PLUGIN_TIMEOUT: Code.DeadlineExceeded,
  HOST_REQUESTS_EXHAUSTED: Code.ResourceExhausted,
};

/** The Connect code for a host error code (Internal when unmapped). */
export function connectCodeFor(code: HostErrorCode): Code {
  return codeFor[code] ?? Code.Internal;
}

/** Normalises anything thrown by a host API into a ConnectError with an ErrorDetail. */
export function toConnectError(error: unknown): ConnectError {
  if (error instanceof ConnectError) {
    if (error.findDetails(ErrorDetailSchema).length > 0) return error;
    return withDetail(error.rawMessage, error.code, codeNameFor(error.code), {}, error);
  }
  const hostError = HostError.from(error, HostErrorCode.PLUGIN_CALL_FAILED);
  const metadata: Record<string, string> = { ...hostError.details };
  if (hostError.plugin) metadata.plugin = hostError.plugin;
  if (hostError.field) metadata.field = hostError.field;
  return withDetail(hostError.message, connectCodeFor(hostError.code), hostError.code, metadata, hostError);
}

function withDetail(
  message: string,
  code: Code,
  detailCode: string,
  metadata: Record<string, string>,
  cause: unknown,
): ConnectError {
  return new ConnectError(
    message,
    code,
    undefined,
    [{ desc: ErrorDetailSchema, value: { code: detailCode, message, metadata } }],
    cause,
  );
}

/** The stable code for a plain ConnectError (e.g. a provider's own error). */
function codeNameFor(code: Code): string {
  return Code[code].replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}
