// @holomush/plugin-sdk/storage: the database side of `storage: postgres`
// plugins. `connect` opens a pool on the connection string the host passes in
// ServiceConfig; `runMigrations` applies NNNNNN_name.up.sql files.
export { type ConnectOptions, connect, type StorageClient } from "./connect.js";
export { MIGRATION_FILE_PATTERN, type MigrationFile, readMigrationFiles } from "./migration-files.js";
export {
  type MigrationDatabase,
  type MigrationReport,
  type MigrationSession,
  runMigrations,
} from "./run-migrations.js";
export { isStorageError, StorageError, StorageErrorCode, type StorageErrorOptions } from "./storage-error.js";
