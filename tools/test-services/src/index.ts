export {
  DATABASE_URL_VARIABLE,
  NATS_SKIP_VARIABLE,
  NATS_URL_VARIABLE,
  natsIsRequired,
  natsSkipReason,
  testDatabaseUrl,
  testNatsUrl,
} from "./environment.js";
export { freePort } from "./free-port.js";
export { findNatsServer, type RunningNats, startNats } from "./nats.js";
export { type RunningPostgres, startPostgres } from "./postgres.js";
export { ensureNats, ensurePostgres, stopAll } from "./services.js";
export { createThrowawayDatabase, type ThrowawayDatabase, urlForDatabase } from "./throwaway-database.js";
