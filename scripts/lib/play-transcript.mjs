/**
 * Plays a docBlocks transcript against a line console over TCP: types the
 * `> ` lines, and waits for each answer line in order (other lines between
 * them, such as other plugins' events, are skipped). Resolves with the lines
 * received; rejects naming the answer that never came.
 */
import { connect } from "node:net";

export function playTranscript(port, steps, { timeoutMs = 20_000 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    socket.setEncoding("utf8");
    const received = [];
    let buffer = "";
    let cursor = 0;
    let index = 0;
    const timer = setTimeout(
      () => finish(new Error(`no "${steps[index]?.expect}" within ${timeoutMs} ms; got:\n${received.join("\n")}`)),
      timeoutMs,
    );
    function finish(error) {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(received);
    }
    function advance() {
      while (index < steps.length) {
        const step = steps[index];
        if ("type" in step) {
          socket.write(`${step.type}\n`);
          index += 1;
          continue;
        }
        const found = received.findIndex(
          (line, at) => at >= cursor && (step.prefix ? line.startsWith(step.expect) : line === step.expect),
        );
        if (found === -1) return;
        cursor = found + 1;
        index += 1;
      }
      finish();
    }
    socket.on("error", finish);
    socket.on("data", (chunk) => {
      buffer += chunk;
      const lines = buffer.split("\r\n");
      buffer = lines.pop() ?? "";
      received.push(...lines);
      advance();
    });
    socket.on("connect", advance);
  });
}
