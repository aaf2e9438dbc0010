/**
 * The CLI's logger: one short coloured line per record on a terminal
 * (pino-pretty, run in-thread: no transport worker), JSON lines otherwise —
 * what log collectors read. `--log-format` overrides the guess.
 */
import { type Logger, pino } from "pino";
import pretty from "pino-pretty";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ["auto", "pretty", "json"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export function createCliLogger(
  level: LogLevel,
  format: LogFormat = "auto",
  isTty = process.stdout.isTTY === true,
): Logger {
  const prettyLines = format === "pretty" || (format === "auto" && isTty);
  if (!prettyLines) return pino({ level });
  return pino(
    { level },
    pretty({
      colorize: isTty,
      sync: true,
      translateTime: "HH:MM:ss.l",
      ignore: "pid,hostname",
      singleLine: true,
      messageFormat: "{if plugin}[{plugin}] {end}{msg}",
    }),
  );
}
