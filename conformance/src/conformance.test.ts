/**
 * The conformance suite: the same scenarios, through the real host (process
 * runtime, real child processes on a real unix socket), against a plugin per
 * language. Every plugin answers the same `conf <probe>` command (README.md).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProcessRuntime, createWasmRuntime } from "@holomush/host";
import { CommandStatus } from "@holomush/proto";
import { createTestHost, type TestHost } from "@holomush/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { LANGUAGES, type Language, type ScenarioId } from "./languages.js";
import { complete, record, writeReport } from "./report.js";

/** The command timeout the timeout scenario overruns (events: each manifest's delivery.timeout-ms, 1000). */
const COMMAND_TIMEOUT_MS = 1000;

const processHost = (strict = false) =>
  createTestHost({
    runtimes: [(host) => createProcessRuntime(host), createWasmRuntime()],
    strict,
    host: { commandTimeoutMs: COMMAND_TIMEOUT_MS },
  });

/** A copy of a plugin directory whose manifest sets extra env (big dirs are linked, not copied). */
function variant(language: Language, env: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), `conformance-${language.plugin}-`));
  for (const entry of readdirSync(language.dir)) {
    const from = join(language.dir, entry);
    if (entry === "node_modules" || entry === ".venv") symlinkSync(from, join(dir, entry));
    else if (entry !== "plugin.yaml") cpSync(from, join(dir, entry), { recursive: true });
  }
  const manifest = parse(readFileSync(join(language.dir, "plugin.yaml"), "utf8")) as Record<string, unknown>;
  // A plugin resolving packages from an enclosing node_modules gets it beside the copy.
  if (language.nodeModules) symlinkSync(language.nodeModules, join(dir, "node_modules"));
  manifest["binary-plugin"] = { ...(manifest["binary-plugin"] as object), env };
  writeFileSync(join(dir, "plugin.yaml"), stringify(manifest));
  return dir;
}

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

afterAll(() => {
  if (complete()) writeReport();
});

describe.each(LANGUAGES)("$label", (language) => {
  let t: TestHost;
  const scenario = (id: ScenarioId, body: () => Promise<void>, timeout = 20_000) => {
    const reason = language.notApplicable?.[id];
    if (reason !== undefined) return it.skip(`${id} (n/a: ${reason})`, () => {});
    const known = language.knownFailures?.[id];
    if (known !== undefined) {
      // Expected to fail (it.fails): the day it passes, this test fails until the entry goes.
      return it.fails(
        `${id} (known failure: ${known})`,
        async () => {
          record(language.plugin, id, { state: "fail", message: known });
          await body();
        },
        timeout,
      );
    }
    return it(
      id,
      async () => {
        try {
          await body();
          record(language.plugin, id, { state: "pass" });
        } catch (error) {
          record(language.plugin, id, { state: "fail", message: String(error) });
          throw error;
        }
      },
      timeout,
    );
  };
  const command = language.command ?? "conf";
  // Scenarios are written with `conf`; each plugin gets its own command name.
  const probe = (line: string) => line.replace(/^conf /, `${command} `);
  const run = async (line: string, who = "Alice") => (await t.character(who)).run(probe(line));

  beforeAll(async () => {
    // CI (CI=true or HOLOMUSH_REQUIRE_TOOLCHAINS=1): a plugin its build skipped fails, never skips.
    if (language.notBuilt) throw new Error(`${language.notBuilt}; CI requires every language built`);
    t = await processHost();
    await t.loadPluginDir(language.dir);
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
  });

  scenario(
    "handshake",
    async () => {
      expect(t.plugins().find((plugin) => plugin.name === language.plugin)?.state).toBe("running");
      // The plugin's preference order wins when both sides share a version...
      const both = await processHost(true);
      const bothDir = variant(language, { CONFORMANCE_API_VERSIONS: "v9,v1" });
      try {
        await both.loadPluginDir(bothDir);
        expect((await (await both.character("Neg")).run(probe("conf status ok v1 agreed"))).output).toBe("v1 agreed");
      } finally {
        await both.stop();
        rmSync(bothDir, { recursive: true, force: true });
      }
      // ...and a plugin that shares none is refused with a coded error.
      const none = await processHost(true);
      const noneDir = variant(language, { CONFORMANCE_API_VERSIONS: "v9" });
      try {
        const refused = await none.loadPluginDir(noneDir).then(
          () => "loaded",
          (error: unknown) => JSON.stringify(error, Object.getOwnPropertyNames(error as object)) + String(error),
        );
        expect(refused).toContain("API_VERSION_UNSUPPORTED");
      } finally {
        await none.stop();
        rmSync(noneDir, { recursive: true, force: true });
      }
    },
    60_000,
  );

  scenario("echo", async () => {
    const alice = await t.character("Alice");
    await t.deliver({ stream: "location:square", type: "say", payload: { message: "hello" }, actor: alice.actor });
    const echo = await t.expectEvent({ type: "say", actor: { kind: "plugin", id: language.plugin } });
    expect(echo.stream).toBe("location:square");
    expect(JSON.parse(echo.payload)).toEqual({ message: "Echo: hello" });
  });

  scenario("command", async () => {
    expect(await run("conf status ok all good")).toMatchObject({ status: CommandStatus.OK, output: "all good" });
    expect(await run("conf status error your fault")).toMatchObject({
      status: CommandStatus.ERROR,
      output: "your fault",
    });
    expect(await run("conf status failure degraded")).toMatchObject({
      status: CommandStatus.FAILURE,
      output: "degraded",
    });
    const bob = await t.character("Bob");
    const request = JSON.parse((await bob.run(probe("conf request  with  spaces "))).output);
    expect(request).toMatchObject({ command, characterId: bob.id, characterName: "Bob" });
    expect(request.args).toContain("request  with  spaces");
    expect(request.sessionId).not.toBe("");
    expect(request.locationId).not.toBe("");
  });

  scenario("kv", async () => {
    expect((await run("conf kv-set color blue")).output).toBe("stored color");
    expect((await run("conf kv-set colour green")).output).toBe("stored colour");
    expect((await run("conf kv-get color")).output).toBe("blue");
    expect(await t.kv(language.plugin).getText("color")).toBe("blue");
    await t.kv("someone-else").set("colossus", "not yours");
    expect((await run("conf kv-list col")).output).toBe("color,colour");
    expect(await run("conf kv-get colossus")).toMatchObject({ status: CommandStatus.ERROR });
    expect(await t.kv("someone-else").getText("color")).toBeUndefined();
  });

  scenario("emitFence", async () => {
    expect(await run("conf emit secret:vault")).toMatchObject({
      status: CommandStatus.ERROR,
      output: "EMIT_NAMESPACE_UNDECLARED",
    });
    expect(t.emitted({ stream: "secret:*" })).toEqual([]);
    expect((await run("conf emit conf:open")).status).toBe(CommandStatus.OK);
    // The actor is not compared: on this branch a WASM guest's `emit` during a command was
    // published as the invoking character while a process plugin's EventSink publishes as the plugin.
    await t.expectEvent({ stream: "conf:open", type: "conf.emitted" });
  });

  scenario("focus", async () => {
    const who = "Carol";
    expect(await run("conf focus present f1", who)).toMatchObject({
      status: CommandStatus.ERROR,
      output: "FOCUS_NOT_MEMBER",
    });
    expect((await run("conf focus join f1", who)).output).toBe("scene:f1:ic,scene:f1:ooc");
    expect(await run("conf focus join f1", who)).toMatchObject({
      status: CommandStatus.ERROR,
      output: "FOCUS_ALREADY_MEMBER",
    });
    expect((await run("conf focus present f1", who)).output).toBe("presenting f1");
    expect(t.focus(await t.character(who)).presenting?.targetId).toBe("f1");
    expect((await run("conf focus leave f1", who)).output).toBe("left f1 (was member: true)");
    expect((await run("conf focus leave f1", who)).output).toBe("left f1 (was member: false)");
  });

  scenario("history", async () => {
    for (const message of ["one", "two", "three"]) {
      await t.deliver({ stream: "conf:history", type: "note", payload: { message } });
    }
    expect((await run("conf history conf:history")).output).toBe("one|two|three");
  });

  scenario("service", async () => {
    expect(await run("conf world", "Dave")).toMatchObject({ status: CommandStatus.OK, output: "Dave" });
  });

  scenario(
    "crash",
    async () => {
      expect((await run("conf crash")).status).not.toBe(CommandStatus.OK);
      const back = await until(
        () => run("conf status ok back"),
        (outcome) => outcome.status === CommandStatus.OK,
        15_000,
      );
      expect(back).toMatchObject({ status: CommandStatus.OK, output: "back" });
      // Its KV survived the restart.
      expect((await run("conf kv-get color")).output).toBe("blue");
    },
    30_000,
  );

  scenario("timeout", async () => {
    const slow = await run(`conf sleep ${3 * COMMAND_TIMEOUT_MS}`);
    // The host gives up at its deadline and tells the player the service is degraded.
    expect(slow).toMatchObject({ status: CommandStatus.FAILURE, output: expect.stringMatching(/took too long/) });
    expect(await run("conf status ok still here")).toMatchObject({ status: CommandStatus.OK, output: "still here" });
  });

  scenario(
    "order",
    async () => {
      const total = 1000;
      for (let seq = 0; seq < total; seq++) {
        await t.deliver({ stream: "conf:seq", type: "conf.seq", payload: { seq } });
        // Stay well inside the plugin's delivery queue (256 by default; overflow drops).
        if (seq % 100 === 99) await t.idle();
      }
      await t.idle();
      const acks = t
        .emitted({ type: "conf.ack", actor: { kind: "plugin", id: language.plugin } })
        .map((event) => (JSON.parse(event.payload) as { seq: number }).seq);
      expect(acks).toEqual(Array.from({ length: total }, (_, seq) => seq));
    },
    120_000,
  );
});
