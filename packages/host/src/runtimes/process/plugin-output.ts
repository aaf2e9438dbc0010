/**
 * A spawned plugin's stdout and stderr as host log lines, one per line,
 * tagged with the stream. Lines are capped: a plugin that wrote 600 MiB
 * without a newline used to grow the host until `RangeError: Invalid string
 * length` ended it. A line over the cap is dropped (the first one per
 * stream is logged with its size, once), the rest of the output goes on.
 */
import type { Logger } from "pino";
import { createLineBuffer } from "../../io/line-buffer.js";

/** Default cap for one line of a plugin's stdout/stderr, bytes. */
export const DEFAULT_MAX_OUTPUT_LINE_BYTES = 64 * 1024;

export function pipePluginOutput(
  stream: NodeJS.ReadableStream | null,
  logger: Logger,
  name: "stdout" | "stderr",
  maxLineBytes = DEFAULT_MAX_OUTPUT_LINE_BYTES,
): void {
  if (!stream) return;
  const lines = createLineBuffer(maxLineBytes);
  let dropped = 0;
  const write = (line: string) => {
    if (name === "stderr") logger.warn({ stream: name }, line);
    else logger.info({ stream: name }, line);
  };
  const flush = () => {
    for (let item = lines.next(); item !== undefined; item = lines.next()) {
      if (item.kind === "line") {
        write(item.line);
        continue;
      }
      if (dropped++ === 0) {
        logger.warn(
          { stream: name, bytes: item.bytes, limit: maxLineBytes },
          `plugin ${name} line over ${maxLineBytes} bytes dropped (further ones are dropped without a log line)`,
        );
      }
    }
  };
  stream.on("data", (chunk: Buffer | string) => {
    lines.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    flush();
  });
  stream.on("end", () => {
    const rest = lines.rest();
    if (rest !== undefined && rest.length > 0) write(rest);
  });
  // A pipe error (the child vanished) ends the output; it must not be an unhandled 'error'.
  stream.on("error", () => {});
}
