import { create } from "@bufbuild/protobuf";
import { ActorKind, CommandRequestSchema, CommandStatus, type Event } from "@holomush/proto";
import { afterEach, describe, expect, it } from "vitest";
import { exampleWasm } from "./__fixtures__/examples.js";
import { createWorld, delivery, loadContext, manifestFor, sayEvent } from "./__fixtures__/memory-host.js";
import { createWasmRuntime, type WasmRuntime } from "./wasm-runtime.js";

let runtime: WasmRuntime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

const call = { deadlineMs: Date.now() + 60_000, signal: new AbortController().signal };

describe("examples/echo-bot (AssemblyScript)", () => {
  it("echoes a character's say on the same stream and ignores everything else", async () => {
    runtime = createWasmRuntime({ workers: 1 });
    const echo = await runtime.load(loadContext(createWorld(), manifestFor("echo-bot"), exampleWasm("echo-bot")));
    const outcome = await echo.handleEvent(sayEvent("e1", 'Hello, "world"!', "location:room7"), delivery());
    expect(outcome?.events).toEqual([
      { stream: "location:room7", type: "say", payload: JSON.stringify({ message: 'Echo: Hello, "world"!' }) },
    ]);
    const fromPlugin: Event = { ...sayEvent("e2", "hi"), actorKind: ActorKind.PLUGIN };
    const pose: Event = { ...sayEvent("e3", "hi"), type: "pose" };
    const empty: Event = { ...sayEvent("e4", ""), payload: "{}" };
    for (const event of [fromPlugin, pose, empty, sayEvent("e5", "")]) {
      await expect(echo.handleEvent(event, delivery())).resolves.toBeUndefined();
    }
  });
});

describe("examples/wasm-counter (every host function)", () => {
  it("counts per stream in KV, emits milestones, logs, and reports with a command", async () => {
    runtime = createWasmRuntime({ workers: 1 });
    const world = createWorld();
    const grant = { hostFunctions: ["emit", "log", "kv_get", "kv_set", "kv_delete", "kv_list", "query_history"] };
    const counter = await runtime.load(
      loadContext(world, manifestFor("wasm-counter", grant), exampleWasm("wasm-counter")),
    );
    const emitted = [];
    for (let i = 0; i < 10; i++) {
      const event = sayEvent(`e${i}`, `m${i}`, "location:a");
      world.history.push(event);
      const outcome = await counter.handleEvent(event, delivery());
      emitted.push(...(outcome?.events ?? []));
    }
    await counter.handleEvent(sayEvent("e10", "x", "location:b"), delivery());
    expect(emitted).toEqual([
      { stream: "location:a", type: "milestone", payload: '{"stream":"location:a","count":10}' },
    ]);
    expect(new TextDecoder().decode(world.kv.get("wasm-counter")?.get("count:location:a"))).toBe("10");
    expect(world.logs.filter((line) => line.plugin === "wasm-counter")).toHaveLength(11);

    const command = (args: string) =>
      counter.handleCommand?.(create(CommandRequestSchema, { command: "counts", args, characterId: "c1" }), call);
    expect(await command("")).toMatchObject({ status: CommandStatus.OK, output: "location:a: 10\nlocation:b: 1" });
    const recent = await command("recent location:a");
    expect(recent?.output?.split("\n")).toHaveLength(10);
    // No `name` in these payloads: the actor id, and the message rather than the raw payload.
    expect(recent?.output).toContain("say by player123: m9");
    expect(await command("reset location:b")).toMatchObject({ status: CommandStatus.OK });
    expect(await command("reset location:b")).toMatchObject({ status: CommandStatus.ERROR });
    expect(await command("")).toMatchObject({ output: "location:a: 10" });
  });
});
