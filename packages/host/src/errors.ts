/**
 * The host's one error model: a closed set of stable codes, each error
 * carrying the plugin, file and field at fault where they are known.
 * Wire-facing layers map these onto ConnectError + ErrorDetail. The set itself
 * is the platform's wire vocabulary, defined once in @holomush/proto (ErrorCode)
 * and shared with the SDKs and PDKs.
 */
import { ErrorCode } from "@holomush/proto/wire";

/** The host's error codes: @holomush/proto's ErrorCode, under the host's name. */
export const HostErrorCode = ErrorCode;
/** One of the HostErrorCode values. */
export type HostErrorCode = ErrorCode;

/** Where an error happened, as precisely as the layer that raised it knows. */
export interface HostErrorContext {
  /** Plugin at fault or concerned. */
  plugin?: string;
  /** File at fault, e.g. the manifest's path. */
  file?: string;
  /** Field path inside the file, e.g. `commands[2].capabilities[0].scope`. */
  field?: string;
  /** Extra details for logs and wire error metadata. */
  details?: Record<string, string>;
  cause?: unknown;
}

/** The host's coded error: a stable `code`, and the plugin, file and field at fault where known. */
export class HostError extends Error {
  override readonly name = "HostError";
  readonly code: HostErrorCode;
  readonly plugin: string | undefined;
  readonly file: string | undefined;
  readonly field: string | undefined;
  readonly details: Record<string, string>;

  constructor(code: HostErrorCode, message: string, context: HostErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.code = code;
    this.plugin = context.plugin;
    this.file = context.file;
    this.field = context.field;
    this.details = context.details ?? {};
  }

  /** Normalises anything thrown into a HostError, keeping it as `cause`. */
  static from(
    error: unknown,
    fallback: HostErrorCode = HostErrorCode.PLUGIN_CALL_FAILED,
    context: HostErrorContext = {},
  ) {
    if (error instanceof HostError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new HostError(fallback, message, { ...context, cause: error });
  }

  /** `path: field: CODE: message`, the format of `holomush-host validate`. */
  format(): string {
    const parts = [this.file, this.field].filter((part): part is string => Boolean(part));
    return [...parts, this.code, this.message].join(": ");
  }
}

/** True when `error` is a HostError, and when `code` is given, one with that code. */
export function isHostError(error: unknown, code?: HostErrorCode): error is HostError {
  return error instanceof HostError && (code === undefined || error.code === code);
}
