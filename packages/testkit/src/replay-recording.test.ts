/**
 * Record with the real CLI (`holomush-host record`, a child process with its
 * TCP console), then replay the file into a test host: a game session becomes
 * a test.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { HostErrorCode, parseRecording } from "@holomush/host";
import { CommandStatus } from "@holomush/proto";
import { afterAll, describe, expect, it } from "vitest";
import { createTestHost } from "./create-test-host.js";
import { replayRecording } from "./replay-recording.js";

const cli = join(dirname(createRequire(import.meta.url).resolve("@holomush/server/package.json")), "dist", "cli.js");
const greeterDir = join(import.meta.dirname, "__fixtures__", "greeter");
const scratch = mkdtempSync(join(tmpdir(), "holomush-replay-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function waitFor(child: ChildProcess, log: () => string, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const match = pattern.exec(log());
      if (match) {
        clearInterval(timer);
        resolve(match);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`host exited early:\n${log()}`));
      }
    }, 50);
  });
}

/** Plays "Alice" + `greet Bob` on a recording host; returns the recording's text. */
async function recordSession(file: string): Promise<string> {
  const plugins = join(scratch, "plugins");
  const child = spawn(
    process.execPath,
    [cli, "record", file, "--plugins", plugins, "--console", "127.0.0.1:0", "--data", join(scratch, "data")],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout?.on("data", (chunk) => (log += chunk));
  child.stderr?.on("data", (chunk) => (log += chunk));
  try {
    const [, port] = await waitFor(child, () => log, /connect with {2}nc 127\.0\.0\.1 (\d+)/);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1");
      let text = "";
      socket.setEncoding("utf8");
      socket.on("error", reject);
      socket.on("data", (chunk) => {
        text += chunk;
        if (text.includes("Alice greets Bob.")) {
          socket.end();
          resolve();
        }
      });
      socket.write("Alice\ngreet Bob\n");
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    await exited;
    return readFileSync(file, "utf8");
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}

describe("record and replay", () => {
  it("records a live session with the CLI and replays it against the plugin as a test", async () => {
    // The recording host runs the greeter from a plugins folder of its own.
    const plugins = join(scratch, "plugins", "greeter");
    await import("node:fs/promises").then((fs) => fs.cp(greeterDir, plugins, { recursive: true }));
    const file = join(scratch, "session.jsonl");
    const entries = parseRecording(await recordSession(file), file);

    expect(entries).toContainEqual(
      expect.objectContaining({
        kind: "command",
        line: "greet Bob",
        character: expect.objectContaining({ name: "Alice" }),
      }),
    );
    const arrive = entries.find((entry) => entry.kind === "event" && entry.type === "arrive");
    expect(arrive).toMatchObject({ actor: { kind: "system" }, stream: expect.stringMatching(/^location:/) });
    expect(JSON.parse(arrive?.kind === "event" ? arrive.payload : "{}")).toMatchObject({ name: "Alice" });
    expect(entries).toContainEqual(
      expect.objectContaining({ kind: "event", type: "welcome", actor: { kind: "plugin", id: "greeter" } }),
    );

    const t = await createTestHost();
    try {
      await t.loadPluginDir(greeterDir);
      const report = await replayRecording(t, file);
      expect(report.commands).toEqual([
        { character: "Alice", line: "greet Bob", output: "Alice greets Bob.", status: CommandStatus.OK },
      ]);
      // The recorded welcome (plugin output) is skipped; the replayed arrive makes the greeter welcome again.
      expect(report.skipped).toBeGreaterThanOrEqual(1);
      expect(report.emitted.map((event) => JSON.parse(event.payload).message)).toContain("Welcome, Alice!");
      expect(report.emitted.every((event) => event.actorId === "greeter")).toBe(true);
    } finally {
      await t.stop();
    }
  }, 60_000);

  it("refuses a malformed recording with its file and line", async () => {
    const file = join(scratch, "bad.jsonl");
    writeFileSync(file, '{"kind":"recording","version":1,"at":0}\n{"kind":"event","id":"x"}\n');
    const t = await createTestHost();
    try {
      await expect(replayRecording(t, file)).rejects.toMatchObject({
        code: HostErrorCode.INVALID_ARGUMENT,
        message: `${file}:2: an event needs id, stream, type, payload (strings) and an actor {kind, id}`,
      });
    } finally {
      await t.stop();
    }
  });
});
