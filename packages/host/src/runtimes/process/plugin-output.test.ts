import { spawn } from "node:child_process";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { pipePluginOutput } from "./plugin-output.js";

// A real child writing to a real pipe, read by the same code the runtime uses for plugins.
function writer(script: string) {
  return spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
}

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { lines, logger };
}

describe("a plugin's stdout/stderr", () => {
  it("drops a 300 MiB line without a newline, logs that once, and keeps logging later lines", async () => {
    const { lines, logger } = capture();
    const child = writer(`
      const chunk = Buffer.alloc(1 << 20, 120);
      let left = 300;
      const more = () => {
        while (left > 0) { left--; if (!process.stdout.write(chunk)) return process.stdout.once("drain", more); }
        process.stdout.write("\\nafter the flood\\n" + "y".repeat(100000) + "\\nlast line\\n");
      };
      more();
    `);
    pipePluginOutput(child.stdout, logger, "stdout", 64 * 1024);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    await new Promise((resolve) => child.once("close", resolve));
    clearInterval(sampler);
    const messages = lines.map((line) => String(line.msg));
    expect(messages.filter((message) => message.includes("line over 65536 bytes dropped"))).toHaveLength(1);
    expect(messages).toContain("after the flood");
    expect(messages).toContain("last line");
    // Holding the line would have cost ≥ 300 MiB (≥ 600 MiB as a JS string).
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
  }, 60_000);

  it("logs stderr lines as warnings and the unterminated last line at exit", async () => {
    const { lines, logger } = capture();
    const child = writer(`process.stderr.write("first\\nno newline at the end")`);
    pipePluginOutput(child.stderr, logger, "stderr");
    await new Promise((resolve) => child.once("close", resolve));
    expect(lines.map((line) => [line.level, line.stream, line.msg])).toEqual([
      [40, "stderr", "first"],
      [40, "stderr", "no newline at the end"],
    ]);
  });
});
