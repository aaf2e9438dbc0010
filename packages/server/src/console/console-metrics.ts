/**
 * The console's counters, in the host's registry (so /metrics shows them):
 * connections open, refused and closed by reason, lines read, overlong
 * lines and commands that had to wait for their rate. A second console on
 * the same host shares them.
 */
import { Counter, Gauge, type Registry } from "prom-client";

export type CloseReason =
  | "quit"
  | "client"
  | "reset"
  | "login_timeout"
  | "idle_timeout"
  | "output_overflow"
  | "shutdown";

export interface ConsoleMetrics {
  opened(): void;
  closed(reason: CloseReason): void;
  refused(reason: "max_connections" | "max_per_address"): void;
  line(): void;
  overlong(): void;
  throttled(): void;
}

function shared<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

export function createConsoleMetrics(registry: Registry): ConsoleMetrics {
  const registers = [registry];
  const open = shared(
    registry,
    "holomush_console_connections",
    () => new Gauge({ name: "holomush_console_connections", help: "Console connections open", registers }),
  );
  const closed = shared(
    registry,
    "holomush_console_disconnects_total",
    () =>
      new Counter({
        name: "holomush_console_disconnects_total",
        help: "Console connections closed, by reason",
        labelNames: ["reason"] as const,
        registers,
      }),
  );
  const refused = shared(
    registry,
    "holomush_console_refused_total",
    () =>
      new Counter({
        name: "holomush_console_refused_total",
        help: "Console connections refused by a connection limit",
        labelNames: ["reason"] as const,
        registers,
      }),
  );
  const lines = shared(
    registry,
    "holomush_console_lines_total",
    () => new Counter({ name: "holomush_console_lines_total", help: "Console lines read", registers }),
  );
  const overlong = shared(
    registry,
    "holomush_console_lines_too_long_total",
    () =>
      new Counter({
        name: "holomush_console_lines_too_long_total",
        help: "Console lines discarded for exceeding the line limit",
        registers,
      }),
  );
  const throttled = shared(
    registry,
    "holomush_console_throttled_total",
    () =>
      new Counter({
        name: "holomush_console_throttled_total",
        help: "Console commands that waited for the per-connection rate",
        registers,
      }),
  );
  return {
    opened: () => open.inc(),
    closed(reason) {
      open.dec();
      closed.inc({ reason });
    },
    refused: (reason) => refused.inc({ reason }),
    line: () => lines.inc(),
    overlong: () => overlong.inc(),
    throttled: () => throttled.inc(),
  };
}
