/**
 * What the console allows one client and all of them together. Every limit
 * has a safe default; an operator changes them through `startConsoleServer`
 * options or the `run` command's --console-* flags. 0 turns a limit off
 * where noted (never the line length: an unbounded line buffer is how a
 * client without newlines took the host's memory to ~517 MiB).
 */
import { HostError, HostErrorCode } from "@holomush/host";

/** Bounds on console clients; see DEFAULT_CONSOLE_LIMITS for the defaults. */
export interface ConsoleLimits {
  /** Longest line accepted, in bytes without the newline; longer lines are discarded with a message. Default 8 KiB. */
  maxLineBytes: number;
  /** Open connections at once, all addresses together; later ones are told and closed. Default 1 000. */
  maxConnections: number;
  /** Open connections at once from one remote address. Default 20. */
  maxConnectionsPerAddress: number;
  /** Time to send a name before the connection is closed, ms. Default 60 000. */
  loginTimeoutMs: number;
  /** Time without a complete line (after login) before the connection is closed, ms; 0 = never. Default 30 minutes (the session TTL). */
  idleTimeoutMs: number;
  /** Sustained commands per second per connection; faster lines wait (the socket stops being read). 0 = no limit. Default 20. */
  commandsPerSecond: number;
  /** Commands a connection may send at once before the rate applies. Default 40. */
  commandBurst: number;
  /** Bytes waiting to be sent to a client that is not reading; past it the connection is closed. Default 1 MiB. */
  maxOutputBytes: number;
}

/**
 * Console limits: 8 KiB lines, 1000 connections (20 per address), 60 s login and 30 min idle timeouts, 20 commands/s (burst 40), 1 MiB unread output.
 */
export const DEFAULT_CONSOLE_LIMITS: Readonly<ConsoleLimits> = Object.freeze({
  maxLineBytes: 8 * 1024,
  maxConnections: 1000,
  maxConnectionsPerAddress: 20,
  loginTimeoutMs: 60_000,
  idleTimeoutMs: 30 * 60_000,
  commandsPerSecond: 20,
  commandBurst: 40,
  maxOutputBytes: 1024 * 1024,
});

/** Limits that may be 0 (= off). */
const MAY_BE_OFF = new Set<keyof ConsoleLimits>(["idleTimeoutMs", "commandsPerSecond"]);

/** Defaults overlaid with `given`; a negative, fractional or non-numeric value is a coded error naming the limit. */
export function resolveConsoleLimits(given: Partial<ConsoleLimits> = {}): ConsoleLimits {
  const limits: ConsoleLimits = { ...DEFAULT_CONSOLE_LIMITS };
  for (const [key, value] of Object.entries(given) as Array<[keyof ConsoleLimits, unknown]>) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_CONSOLE_LIMITS)) {
      throw new HostError(HostErrorCode.INVALID_ARGUMENT, `unknown console limit "${key}"`, { field: key });
    }
    const minimum = MAY_BE_OFF.has(key) ? 0 : 1;
    if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
      throw new HostError(
        HostErrorCode.INVALID_ARGUMENT,
        `console limit ${key} must be an integer ≥ ${minimum}, got ${JSON.stringify(value)}`,
        { field: key },
      );
    }
    limits[key] = value;
  }
  return limits;
}
