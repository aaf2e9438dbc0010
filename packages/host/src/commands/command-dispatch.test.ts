import { join } from "node:path";
import { CommandStatus, type Event } from "@holomush/proto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testWorldDirectory } from "../host/__fixtures__/game-options.js";
import { createWorld } from "../host/__fixtures__/test-world.js";
import { createHost, type Host } from "../host/create-host.js";
import type { PluginInstance, PluginRuntime } from "../plugins/runtime.js";

const fixtures = join(import.meta.dirname, "..", "host", "__fixtures__", "lifecycle");

// A runtime whose instance can be made to "crash", to show a down plugin's commands.
function crashableRuntime() {
  let crash: ((reason: string) => void) | undefined;
  const runtime: PluginRuntime = {
    type: "lua",
    async load(): Promise<PluginInstance> {
      return {
        handleEvent: async () => undefined,
        handleCommand: async () => ({ status: CommandStatus.OK, output: "up" }),
        shutdown: async () => undefined,
        onFailure(listener) {
          crash = listener;
        },
      };
    },
  };
  return { runtime, crash: (reason: string) => crash?.(reason) };
}

describe("command dispatch through the host", () => {
  let host: Host;
  let sessionId: string;
  const crashable = crashableRuntime();
  const published: Event[] = [];

  beforeAll(async () => {
    host = await createHost({
      // A world with rooms, so a command's context carries a real location.
      directory: testWorldDirectory(createWorld()),
      pluginDirs: [fixtures],
      logger: pino({ level: "silent" }),
      commandTimeoutMs: 150,
      runtimes: [crashable.runtime],
    });
    await host.registerPlugin(
      {
        name: "fragile",
        version: "1.0.0",
        type: "lua",
        "lua-plugin": { entry: "main.lua" },
        commands: [{ name: "ping", help: "answers up" }],
      },
      {},
    );
    await host.start();
    sessionId = (await host.connect("Alice")).id;
    host.bus.watch("*", (event) => published.push(event));
  });

  afterAll(async () => {
    await host.stop();
  });

  const run = async (line: string) => {
    const outcome = await host.execute(sessionId, line);
    if (outcome === undefined) throw new Error("no outcome");
    return outcome;
  };

  it("dispatches with the full CommandRequest context, by name and by alias", async () => {
    const byName = await run("fine  with args");
    expect(byName.status).toBe(CommandStatus.OK);
    expect(byName.output).toBe("fine: with args from Alice at square");
    expect((await run("OK x")).output).toBe("fine: x from Alice at square");
  });

  it("tells the player about an unknown command", async () => {
    const outcome = await run("frobnicate now");
    expect(outcome.status).toBe(CommandStatus.ERROR);
    expect(outcome.output).toBe('Huh? "frobnicate" is not a command. Type "help" for the list.');
  });

  it("times out a command that never answers, and the plugin keeps working", async () => {
    const outcome = await run("slow");
    expect(outcome.status).toBe(CommandStatus.FAILURE);
    expect(outcome.output).toMatch(/took too long/);
    expect((await run("fine again")).status).toBe(CommandStatus.OK);
  });

  it("maps a throwing handler and a missing status to FATAL", async () => {
    const thrown = await run("boom");
    expect(thrown.status).toBe(CommandStatus.FATAL);
    // The thrown text is for the log, not the player.
    expect(thrown.output).toBe('"boom" failed (plugin scripted). The details are in the host log.');
    expect((await run("nostatus")).status).toBe(CommandStatus.FATAL);
  });

  it("refuses events outside the plugin's declared namespaces and publishes none", async () => {
    const before = published.length;
    const outcome = await run("badevent");
    expect(outcome.status).toBe(CommandStatus.FATAL);
    expect(outcome.output).toMatch(/EMIT|emits|secret/i);
    expect(published.slice(before).filter((event) => event.stream.startsWith("secret"))).toEqual([]);
  });

  it("lists commands with help and shows one command's usage", async () => {
    const list = await run("help");
    expect(list.output).toMatch(/fine\s+answers ok/);
    expect((await run("help fine")).output).toMatch(/Aliases: ok/);
  });

  it("tells the player when the plugin behind a command is down", async () => {
    expect((await run("ping")).output).toBe("up");
    crashable.crash("segfault");
    await host.bus.idle();
    const outcome = await run("ping");
    expect(outcome.status).toBe(CommandStatus.FAILURE);
    expect(outcome.output).toBe('"ping" is unavailable right now: plugin fragile is not running.');
    expect(host.plugins.list().find((status) => status.name === "fragile")).toMatchObject({
      state: "failed",
      error: "segfault",
    });
  });

  it("rejects arguments over 8192 bytes with a clear message", async () => {
    const outcome = await run(`fine ${"x".repeat(9000)}`);
    expect(outcome.status).toBe(CommandStatus.ERROR);
    expect(outcome.output).toMatch(/too long/);
  });
});
