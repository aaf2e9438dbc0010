/**
 * docs/embedding.md's program, run as an embedder runs it: a real child
 * process on the built @holomush/host, driven over its stdin transport.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  child?.kill();
  child = undefined;
});

/** Starts the program; `expectLine` waits (bounded) for a line matching `pattern`. */
function startTavern() {
  const program = join(import.meta.dirname, "tavern-host.ts");
  const process_ = spawn(process.execPath, ["--import", "tsx", program], { cwd: join(import.meta.dirname, "..") });
  child = process_;
  const lines: string[] = [];
  let stderr = "";
  const waiters = new Set<() => void>();
  process_.stderr.on("data", (chunk) => (stderr += String(chunk)));
  let partial = "";
  process_.stdout.on("data", (chunk) => {
    const parts = (partial + String(chunk)).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  return {
    send: (line: string) => process_.stdin.write(`${line}\n`),
    async expectLine(pattern: RegExp) {
      const deadline = Date.now() + 30_000;
      while (!lines.some((line) => pattern.test(line))) {
        if (Date.now() > deadline || process_.exitCode !== null) {
          throw new Error(`no line matching ${pattern}; stdout:\n${lines.join("\n")}\nstderr:\n${stderr}`);
        }
        await new Promise<void>((wake) => {
          waiters.add(wake);
          setTimeout(wake, 250);
        }).finally(() => waiters.clear());
      }
      return lines.splice(0, lines.findIndex((line) => pattern.test(line)) + 1).at(-1);
    },
  };
}

describe("docs/embedding.md's tavern host", () => {
  it("refuses a name its world does not know, plays a command, and replays a table on sitting down", async () => {
    const tavern = startTavern();
    tavern.send("Eve");
    await tavern.expectLine(/^Eve is not on the guest list$/);
    tavern.send("Ada");
    await tavern.expectLine(/^welcome, Ada$/);
    // The toast goes to a table Ada does not watch yet: nothing shows until she sits there.
    tavern.send("toast corner to the cook");
    tavern.send("say hello, hall");
    expect(await tavern.expectLine(/^\[location:hall\]/)).toBe("[location:hall] guest-ada: hello, hall");
    tavern.send("sit corner");
    expect(await tavern.expectLine(/^\[table:corner\]/)).toBe("[table:corner] guest-ada: to the cook");
  }, 60_000);
});
