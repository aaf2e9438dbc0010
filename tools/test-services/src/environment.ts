/**
 * The two variables through which every test finds its servers
 * (docs/testing.md). Set by the operator to use servers of their own, or by
 * the test support after it started throwaway ones.
 */
export const DATABASE_URL_VARIABLE = "HOLOMUSH_TEST_DATABASE_URL";
export const NATS_URL_VARIABLE = "HOLOMUSH_TEST_NATS_URL";
/** Set by the test support when it could not start NATS (why, in one line). */
export const NATS_SKIP_VARIABLE = "HOLOMUSH_TEST_NATS_SKIPPED";

/** The PostgreSQL superuser URL the tests use; the global setup guarantees it. */
export function testDatabaseUrl(): string {
  const url = process.env[DATABASE_URL_VARIABLE];
  if (!url) {
    throw new Error(
      `${DATABASE_URL_VARIABLE} is not set: run the tests through the package's vitest config (its global setup starts PostgreSQL), or set it to a server of your own`,
    );
  }
  return url;
}

/** The NATS URL the tests use, or undefined when NATS could not be had here (then natsSkipReason() says why). */
export function testNatsUrl(): string | undefined {
  return process.env[NATS_URL_VARIABLE] || undefined;
}

export function natsSkipReason(): string | undefined {
  return testNatsUrl() ? undefined : (process.env[NATS_SKIP_VARIABLE] ?? `${NATS_URL_VARIABLE} is not set`);
}

/** CI must never skip a NATS test: there, failing to start NATS fails the run. */
export function natsIsRequired(): boolean {
  return process.env.CI === "true" || process.env.HOLOMUSH_REQUIRE_NATS === "1";
}
