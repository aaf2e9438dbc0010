/**
 * The ULIDs the host mints (events, sessions, characters, Lua objects and
 * request ids): monotonic within a millisecond, with randomness drawn from a
 * pooled crypto buffer. ulid's own default asks crypto for one byte per
 * character: ~50 µs an id on a fresh millisecond, against ~2.6 µs pooled.
 */
import { monotonicFactory, type ULIDFactory } from "ulid";
import { pooledRandom } from "./random-pool.js";

/** A new ULID source; ids from one source sort in the order they were made (`seedTime`: ms, default now). */
export function createUlidFactory(random: () => number = pooledRandom()): ULIDFactory {
  return monotonicFactory(random);
}
