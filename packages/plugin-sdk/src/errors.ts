/**
 * The SDK's coded errors. Codes are stable strings a plugin can branch on
 * (`error.code === "BROKER_ADDRESS_INVALID"`); messages are for people.
 */
export const PluginSdkErrorCode = {
  /** A required service's address is not `broker:<non-negative safe integer>`. */
  BROKER_ADDRESS_INVALID: "BROKER_ADDRESS_INVALID",
  /** Two required services were given the same broker id. */
  BROKER_ID_DUPLICATE: "BROKER_ID_DUPLICATE",
  /** A required service name is empty or not a fully-qualified proto service name. */
  SERVICE_NAME_INVALID: "SERVICE_NAME_INVALID",
  /** A command status name is not one of ok, error, failure, fatal, unspecified. */
  COMMAND_STATUS_UNKNOWN: "COMMAND_STATUS_UNKNOWN",
  /** The connection inherited from the host (HOLOMUSH_HOST_FD) is gone and cannot be re-opened. */
  HOST_CONNECTION_LOST: "HOST_CONNECTION_LOST",
} as const;

/** One of the PluginSdkErrorCode values. */
export type PluginSdkErrorCode = (typeof PluginSdkErrorCode)[keyof typeof PluginSdkErrorCode];

/** Optional context for a PluginSdkError. */
export interface PluginSdkErrorOptions {
  /** Extra context (service name, address, ...). */
  details?: Record<string, string>;
  /** The underlying error, kept as `Error.cause`. */
  cause?: unknown;
}

/** An error raised by the SDK itself; branch on `code`, not the message. */
export class PluginSdkError extends Error {
  override readonly name = "PluginSdkError";
  /** The stable code. */
  readonly code: PluginSdkErrorCode;
  /** Extra context (service name, address, ...); empty when none. */
  readonly details: Record<string, string>;

  constructor(code: PluginSdkErrorCode, message: string, options: PluginSdkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** True when `error` is a PluginSdkError, and when `code` is given, one with that code. */
export function isPluginSdkError(error: unknown, code?: PluginSdkErrorCode): error is PluginSdkError {
  return error instanceof PluginSdkError && (code === undefined || error.code === code);
}
