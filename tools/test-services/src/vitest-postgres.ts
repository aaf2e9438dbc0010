/** Vitest global setup: a PostgreSQL for this run, unless HOLOMUSH_TEST_DATABASE_URL names one. */
import { ensurePostgres, stopAll } from "./services.js";

export default async function setup(): Promise<() => Promise<void>> {
  const stop = await ensurePostgres();
  return () => stopAll([stop]);
}
