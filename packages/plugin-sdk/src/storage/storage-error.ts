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

export type StorageErrorCode = (typeof StorageErrorCode)[keyof typeof StorageErrorCode];

export interface StorageErrorOptions {
  /** The migration file at fault, if any. */
  file?: string;
  details?: Record<string, string>;
  cause?: unknown;
}

export class StorageError extends Error {
  override readonly name = "StorageError";
  readonly code: StorageErrorCode;
  readonly file: string | undefined;
  readonly details: Record<string, string>;

  constructor(code: StorageErrorCode, message: string, options: StorageErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = options.file;
    this.details = options.details ?? {};
  }
}

export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}
