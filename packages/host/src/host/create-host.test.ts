import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ActorKind, type Event } from "@holomush/proto";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { HostErrorCode } from "../errors.js";
import { createHost, type Host } from "./create-host.js";

const fixtures = join(import.meta.dirname, "__fixtures__", "lifecycle");
const logger = pino({ level: "silent" });
const hosts: Host[] = [];
const dirs: string[] = [];

async function startHost(pluginDirs = [fixtures]) {
  const host = await createHost({ pluginDirs, logger });
  hosts.push(host);
  const lifecycle: Event[] = [];
  host.bus.watch("system:plugins", (event) => lifecycle.push(event));
  const report = await host.start();
  return { host, report, lifecycle };
}

function say(host: Host, message: string) {
  return host.publish({
    stream: "location:square",
    type: "say",
    payload: JSON.stringify({ message }),
    actorKind: ActorKind.CHARACTER,
    actorId: "someone",
  });
}

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("createHost lifecycle", () => {
  it("loads a diamond in dependency order and initializes after all are loaded", async () => {
    const { host, report, lifecycle } = await startHost();
    expect(report.failed).toEqual([]);
    const order = host.plugins
      .list()
      .sort((a, b) => a.loadOrder - b.loadOrder)
      .map((status) => status.name);
    expect(order[0]).toBe("base");
    expect(order.indexOf("top")).toBeGreaterThan(order.indexOf("left"));
    expect(order.indexOf("top")).toBeGreaterThan(order.indexOf("right"));
    expect(lifecycle.filter((event) => event.type === "plugin_loaded").map((e) => JSON.parse(e.payload).name)).toEqual(
      order,
    );
  });

  it("delivers subscribed events and re-publishes what a plugin emits as that plugin", async () => {
    const { host } = await startHost();
    const emitted: Event[] = [];
    host.bus.watch("log:*", (event) => emitted.push(event));
    await say(host, "one");
    await host.bus.idle();
    expect(emitted).toHaveLength(1);
    expect(emitted[0]?.actorKind).toBe(ActorKind.PLUGIN);
    expect(emitted[0]?.actorId).toBe("base");
    expect(JSON.parse(emitted[0]?.payload ?? "{}").count).toBe(1);
  });

  it("reloads a plugin keeping its declared state, with its dependents after it", async () => {
    const { host, lifecycle } = await startHost();
    for (const word of ["a", "b", "c"]) await say(host, word);
    await host.bus.idle();
    expect(host.hooks.collectMetrics().base?.count).toBe(3);
    const reloaded = await host.reload("base", { withDependents: true });
    expect(reloaded).toEqual(["base", "left", "right", "top"]);
    expect(host.hooks.collectMetrics().base?.count).toBe(3);
    await say(host, "d");
    await host.bus.idle();
    expect(host.hooks.collectMetrics().base?.count).toBe(4);
    expect(lifecycle.filter((event) => event.type === "plugin_reloaded")).toHaveLength(4);
  });

  it("leaves the previous version running when a reload fails", async () => {
    const host = await createHost({ logger });
    hosts.push(host);
    let generation = 0;
    await host.registerPlugin(
      { name: "flaky", version: "1.0.0", commands: [{ name: "gen", help: "which generation" }] },
      () => {
        generation += 1;
        if (generation > 1) throw new Error("broken on purpose");
        const mine = generation;
        return { handleCommand: async () => ({ status: 1, output: `generation ${mine}` }) };
      },
    );
    await host.start();
    await expect(host.reload("flaky")).rejects.toMatchObject({ code: HostErrorCode.PLUGIN_LOAD_FAILED });
    const session = await host.connect("Tester");
    expect((await host.execute(session.id, "gen"))?.output).toBe("generation 1");
    expect(host.plugins.get("flaky")?.state).toBe("running");
  });

  it("unload removes the plugin's subscriptions and commands and announces it", async () => {
    const { host, lifecycle } = await startHost();
    await host.plugins.unload("top");
    await host.plugins.unload("scripted");
    const session = await host.connect("Tester");
    expect((await host.execute(session.id, "fine"))?.output).toMatch(/is not a command/);
    expect(Object.keys(host.bus.stats())).not.toContain("scripted");
    expect(
      lifecycle.filter((event) => event.type === "plugin_unloaded").map((e) => JSON.parse(e.payload).name),
    ).toEqual(["top", "scripted"]);
  });

  it("reports a cycle with the names in it and still loads the others", async () => {
    const dir = mkdtempSync(join(tmpdir(), "holomush-cycle-"));
    dirs.push(dir);
    for (const [name, dependsOn] of [
      ["a", "b"],
      ["b", "c"],
      ["c", "a"],
      ["d", undefined],
    ] as const) {
      cpSync(join(fixtures, "left"), join(dir, name), { recursive: true });
      const deps = dependsOn ? `dependencies: [${dependsOn}]\n` : "";
      writeFileSync(
        join(dir, name, "plugin.yaml"),
        `name: ${name}\nversion: 1.0.0\ntype: inproc\n${deps}inproc-plugin:\n  module: plugin.mjs\n`,
      );
    }
    const { report } = await startHost([dir]);
    const cycle = report.errors.find((error) => error.code === HostErrorCode.CIRCULAR_DEPENDENCY);
    expect(cycle?.message).toMatch(/a -> b -> c -> a|b -> c -> a -> b|c -> a -> b -> c/);
    expect(report.loaded).toEqual(["d"]);
  });

  it("loads a plugin registered after start that depends on a running one", async () => {
    const { host } = await startHost();
    const late = await host.registerPlugin(
      { name: "late", version: "1.0.0", dependencies: [{ name: "base", version: "^1.2.0" }] },
      {},
    );
    expect(late?.loaded).toEqual(["late"]);
    const clash = await host.registerPlugin(
      { name: "needs-new-base", version: "1.0.0", dependencies: [{ name: "base", version: "^2.0.0" }] },
      {},
    );
    expect(clash?.failed[0]?.error.code).toBe(HostErrorCode.DEPENDENCY_VERSION_MISMATCH);
  });

  it("refuses a plugin whose runtime is not available, naming the type", async () => {
    const host = await createHost({ logger });
    hosts.push(host);
    const dir = mkdtempSync(join(tmpdir(), "holomush-lua-"));
    dirs.push(dir);
    cpSync(join(fixtures, "left"), join(dir, "scripty"), { recursive: true });
    writeFileSync(join(dir, "scripty", "main.lua"), "-- nothing\n");
    writeFileSync(
      join(dir, "scripty", "plugin.yaml"),
      "name: scripty\nversion: 1.0.0\ntype: lua\nlua-plugin:\n  entry: main.lua\n",
    );
    const second = await createHost({ logger, pluginDirs: [dir] });
    hosts.push(second);
    const report = await second.start();
    expect(report.failed[0]?.error.code).toBe(HostErrorCode.RUNTIME_UNAVAILABLE);
    expect(second.plugins.list().find((status) => status.name === "scripty")?.state).toBe("skipped");
  });
});
