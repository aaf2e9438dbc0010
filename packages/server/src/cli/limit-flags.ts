/**
 * The `run` command's limit flags (--console-*, --metrics-*,
 * --plugin-output-max-line-bytes): parsed as whole numbers and turned into
 * the options the console, the metrics server and the process runtime take.
 * Unset flags keep each component's default.
 */

import { DEFAULT_MAX_OUTPUT_LINE_BYTES, DEFAULT_METRICS_LIMITS, type MetricsServerLimits } from "@holomush/host";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { ConsoleLimits } from "../console/console-limits.js";
import { DEFAULT_CONSOLE_LIMITS } from "../console/console-limits.js";

function integer(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number)) {
    throw new InvalidArgumentError(`expected a whole number ≥ 0, got "${value}"`);
  }
  return number;
}

function positive(value: string): number {
  const number = integer(value);
  if (number === 0) throw new InvalidArgumentError("expected a whole number ≥ 1, got 0");
  return number;
}

/** Console flag → ConsoleLimits key, with its help text. */
const CONSOLE_FLAGS: Array<[flag: string, key: keyof ConsoleLimits, help: string]> = [
  ["--console-max-line-bytes <n>", "maxLineBytes", "longest console line, bytes; longer lines are discarded"],
  ["--console-max-connections <n>", "maxConnections", "console connections open at once"],
  ["--console-max-connections-per-address <n>", "maxConnectionsPerAddress", "console connections from one address"],
  ["--console-login-timeout-ms <ms>", "loginTimeoutMs", "time to give a name before the connection closes"],
  ["--console-idle-timeout-ms <ms>", "idleTimeoutMs", "time without a line before a connection closes (0 = never)"],
  ["--console-commands-per-second <n>", "commandsPerSecond", "commands per second per connection (0 = no limit)"],
  ["--console-command-burst <n>", "commandBurst", "commands a connection may send at once before the rate applies"],
  ["--console-max-output-bytes <n>", "maxOutputBytes", "unsent output before a client that does not read is dropped"],
];

/** commander's camelCase name of a flag ("--console-max-line-bytes <n>" → "consoleMaxLineBytes"). */
const optionName = (flag: string) =>
  (flag.split(" ")[0] ?? "").replace(/^--/, "").replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** Each flag can also come from HOLOMUSH_<FLAG> ("--console-max-line-bytes" → HOLOMUSH_CONSOLE_MAX_LINE_BYTES). */
function limitOption(flag: string, help: string, parse: (value: string) => number): Option {
  const variable = `HOLOMUSH_${(flag.split(" ")[0] ?? "").replace(/^--/, "").replaceAll("-", "_").toUpperCase()}`;
  return new Option(flag, help).argParser(parse).env(variable);
}

export function addLimitFlags(command: Command): Command {
  for (const [flag, key, help] of CONSOLE_FLAGS) {
    command.addOption(limitOption(flag, `${help} (default ${DEFAULT_CONSOLE_LIMITS[key]})`, integer));
  }
  const { maxConnections, requestTimeoutMs } = DEFAULT_METRICS_LIMITS;
  command.addOption(
    limitOption(
      "--metrics-max-connections <n>",
      `metrics connections open at once (default ${maxConnections})`,
      positive,
    ),
  );
  command.addOption(
    limitOption(
      "--metrics-request-timeout-ms <ms>",
      `time a metrics client has to send its request (default ${requestTimeoutMs})`,
      positive,
    ),
  );
  command.addOption(
    limitOption(
      "--plugin-output-max-line-bytes <n>",
      `longest line of a plugin's stdout/stderr that is logged (default ${DEFAULT_MAX_OUTPUT_LINE_BYTES})`,
      positive,
    ),
  );
  return command;
}

export interface LimitFlags {
  [option: string]: unknown;
  metricsMaxConnections?: number;
  metricsRequestTimeoutMs?: number;
  pluginOutputMaxLineBytes?: number;
}

/** The metrics server limits the flags set. */
export function metricsLimitsFrom(flags: LimitFlags): Partial<MetricsServerLimits> {
  return {
    ...(flags.metricsMaxConnections === undefined ? {} : { maxConnections: flags.metricsMaxConnections }),
    ...(flags.metricsRequestTimeoutMs === undefined ? {} : { requestTimeoutMs: flags.metricsRequestTimeoutMs }),
  };
}

/** The console limits the flags set (the others keep their defaults). */
export function consoleLimitsFrom(flags: LimitFlags): Partial<ConsoleLimits> {
  const limits: Partial<ConsoleLimits> = {};
  for (const [flag, key] of CONSOLE_FLAGS) {
    const value = flags[optionName(flag)];
    if (typeof value === "number") limits[key] = value;
  }
  return limits;
}
