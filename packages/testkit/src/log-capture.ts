/**
 * The test host's logger: pino writing nowhere (or to stderr on request),
 * with a hook that keeps every record — including the original error object,
 * before serialization — so plugin failures the host only logs (a refused
 * emit, a throwing handler, a crash) can be asserted on or thrown.
 */
import { HostError, HostErrorCode } from "@holomush/host";
import { type Logger, pino } from "pino";

/** A pino log level name. */
export type LogLevelName = "trace" | "debug" | "info" | "warn" | "error" | "fatal";

/** One log record the test host captured. */
export interface LogRecord {
  /** The record's level. */
  level: LogLevelName;
  /** The record's message (`msg`). */
  message: string;
  /** The plugin concerned, from the record or its logger's bindings. */
  plugin?: string;
  /** A HostError code, when the record carries one. */
  code?: string;
  /** The error logged with the record, as the host logged it. */
  error?: unknown;
  /** True for what a plugin logged itself through its host API. */
  fromPlugin: boolean;
  /** The record's other fields and bindings. */
  fields: Record<string, unknown>;
}

export interface LogCapture {
  readonly logger: Logger;
  /** Every record so far, oldest first. */
  records(): LogRecord[];
  /**
   * Host-side problems with a plugin (warn and above, naming a plugin, not
   * logged by the plugin itself), as HostErrors: a refused emit, a handler
   * that threw, a crash. `since` is a count from `records().length`.
   */
  pluginErrors(since?: number): HostError[];
}

const LEVELS: Record<number, LogLevelName> = {
  10: "trace",
  20: "debug",
  30: "info",
  40: "warn",
  50: "error",
  60: "fatal",
};

export function createLogCapture(options: { print: boolean; level: LogLevelName }): LogCapture {
  const records: LogRecord[] = [];
  const destination = options.print ? pino.destination(2) : { write: () => undefined };
  const logger = pino(
    {
      level: options.level,
      hooks: {
        logMethod(args, method, level) {
          records.push(toRecord(args, level, this.bindings()));
          method.apply(this, args);
        },
      },
    },
    destination,
  );

  return {
    logger,
    records: () => [...records],
    pluginErrors(since = 0) {
      return records
        .slice(since)
        .filter((record) => record.plugin !== undefined && !record.fromPlugin && isProblem(record))
        .map(toHostError);
    },
  };
}

function isProblem(record: LogRecord): boolean {
  return (
    (record.level === "warn" || record.level === "error" || record.level === "fatal") &&
    (record.error !== undefined || record.code !== undefined || record.fields.reason !== undefined)
  );
}

function toRecord(args: unknown[], level: number, bindings: Record<string, unknown>): LogRecord {
  const [first, second] = args;
  const object = typeof first === "object" && first !== null && !(first instanceof Error) ? first : {};
  const fields: Record<string, unknown> = { ...bindings, ...object };
  const message =
    typeof first === "string"
      ? first
      : typeof second === "string"
        ? second
        : first instanceof Error
          ? first.message
          : "";
  const error = first instanceof Error ? first : fields.err;
  const plugin = typeof fields.plugin === "string" ? fields.plugin : undefined;
  const code = typeof fields.code === "string" ? fields.code : error instanceof HostError ? error.code : undefined;
  return {
    level: LEVELS[level] ?? "info",
    message,
    ...(plugin === undefined ? {} : { plugin }),
    ...(code === undefined ? {} : { code }),
    ...(error === undefined ? {} : { error }),
    fromPlugin: fields.source === "plugin",
    fields,
  };
}

/** The logged HostError itself when there is one; otherwise one built from the record. */
function toHostError(record: LogRecord): HostError {
  if (record.error instanceof HostError) return record.error;
  const reason = typeof record.fields.reason === "string" ? record.fields.reason : undefined;
  const detail = reason ?? (record.error instanceof Error ? record.error.message : undefined);
  const message = [`plugin ${record.plugin}`, record.message, detail].filter(Boolean).join(": ");
  const code = Object.values(HostErrorCode).find((known) => known === record.code) ?? HostErrorCode.PLUGIN_CALL_FAILED;
  return new HostError(code, message, {
    ...(record.plugin === undefined ? {} : { plugin: record.plugin }),
    ...(record.error === undefined ? {} : { cause: record.error }),
  });
}
