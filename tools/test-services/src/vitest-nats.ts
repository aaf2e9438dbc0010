/** Vitest global setup: a NATS JetStream server for this run, unless HOLOMUSH_TEST_NATS_URL names one. */
import { ensureNats, stopAll } from "./services.js";

export default async function setup(): Promise<() => Promise<void>> {
  const stop = await ensureNats();
  return () => stopAll([stop]);
}
