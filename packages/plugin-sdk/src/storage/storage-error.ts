/**
 * Coded errors of the storage SDK (`@holomush/plugin-sdk/storage`). Codes are
 * stable strings a plugin can branch on; messages name the file or setting
 * at fault and keep the driver's error as `cause`.
 */
export const StorageErrorCode = {
  /** The connection string is empty or not a postgres URL. */
  CONNECTION_STRING_INVALID: "CONNECTION_STRING_INVALID",
  /** The migrations directory cannot be read. */
  MIGRATIONS_UNREADABLE: "MIGRATIONS_UNREADABLE",
  /** A `.sql` file is not named `NNNNNN_name.up.sql` or `NNNNNN_name.down.sql`. */
  MIGRATION_NAME_INVALID: "MIGRATION_NAME_INVALID",
  /** Two `.up.sql` files share a version number. */
  MIGRATION_VERSION_DUPLICATE: "MIGRATION_VERSION_DUPLICATE",
  /** A migration failed; it was rolled back, earlier ones stay applied. */
  MIGRATION_FAILED: "MIGRATION_FAILED",
} as const;

/** One of the StorageErrorCode values. */
export type StorageErrorCode = (typeof StorageErrorCode)[keyof typeof StorageErrorCode];

/** Optional context for a StorageError. */
export interface StorageErrorOptions {
  /** The migration file at fault, if any. */
  file?: string;
  /** Extra context (setting, version, ...). */
  details?: Record<string, string>;
  /** The driver's or file system's error, kept as `Error.cause`. */
  cause?: unknown;
}

/** An error of the storage SDK; branch on `code`, not the message. */
export class StorageError extends Error {
  override readonly name = "StorageError";
  /** The stable code. */
  readonly code: StorageErrorCode;
  /** The migration file at fault, if any. */
  readonly file: string | undefined;
  /** Extra context; empty when none. */
  readonly details: Record<string, string>;

  constructor(code: StorageErrorCode, message: string, options: StorageErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = options.file;
    this.details = options.details ?? {};
  }
}

/** True when `error` is a StorageError, and when `code` is given, one with that code. */
export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}
