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

export type PluginSdkErrorCode = (typeof PluginSdkErrorCode)[keyof typeof PluginSdkErrorCode];

export interface PluginSdkErrorOptions {
  /** Extra context (service name, address, ...). */
  details?: Record<string, string>;
  cause?: unknown;
}

export class PluginSdkError extends Error {
  override readonly name = "PluginSdkError";
  readonly code: PluginSdkErrorCode;
  readonly details: Record<string, string>;

  constructor(code: PluginSdkErrorCode, message: string, options: PluginSdkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

export function isPluginSdkError(error: unknown, code?: PluginSdkErrorCode): error is PluginSdkError {
  return error instanceof PluginSdkError && (code === undefined || error.code === code);
}
