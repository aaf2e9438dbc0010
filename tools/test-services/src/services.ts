/**
 * Finds or starts the servers the tests need, once per run: whatever the
 * variables in environment.ts name is used as it is; what they leave unset is
 * started here and named in them, so child processes (vitest workers, turbo's
 * package runs) inherit it. Returns what to stop afterwards.
 */
import { DATABASE_URL_VARIABLE, NATS_SKIP_VARIABLE, NATS_URL_VARIABLE, natsIsRequired } from "./environment.js";
import { findNatsServer, startNats } from "./nats.js";
import { startPostgres } from "./postgres.js";

export type Stop = () => Promise<void>;

export async function ensurePostgres(): Promise<Stop | undefined> {
  if (process.env[DATABASE_URL_VARIABLE]) return undefined;
  const server = await startPostgres();
  process.env[DATABASE_URL_VARIABLE] = server.url;
  return async () => {
    delete process.env[DATABASE_URL_VARIABLE];
    await server.stop();
  };
}

export async function ensureNats(): Promise<Stop | undefined> {
  if (process.env[NATS_URL_VARIABLE] || process.env[NATS_SKIP_VARIABLE]) return undefined;
  const binary = findNatsServer();
  if (!binary) {
    const reason = "nats-server is not on PATH (Debian: apt-get install nats-server), so the NATS tests are skipped";
    if (natsIsRequired()) throw new Error(`${reason.split(",")[0]}: CI must run the NATS tests`);
    process.env[NATS_SKIP_VARIABLE] = reason;
    console.warn(`test-services: ${reason}`);
    return undefined;
  }
  const server = await startNats(binary);
  process.env[NATS_URL_VARIABLE] = server.url;
  return async () => {
    delete process.env[NATS_URL_VARIABLE];
    await server.dispose();
  };
}

/** Stops what was started, in reverse order, even if one stop fails. */
export async function stopAll(stops: readonly (Stop | undefined)[]): Promise<void> {
  const errors: unknown[] = [];
  for (const stop of [...stops].reverse()) {
    try {
      await stop?.();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, "test-services: stopping a server failed");
}
