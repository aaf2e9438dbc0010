/**
 * The example WASM plugins (examples/echo-bot, examples/wasm-counter: their
 * real plugin.yaml and built module) running in the REAL host.
 */
import { ActorKind, CommandStatus } from "@holomush/proto";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, publishedId, record, say, startWasmHost } from "./__fixtures__/wasm-host-harness.js";

const ORDERED_EVENTS = 1000;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const message = (payload: string) => (JSON.parse(payload) as { message?: string }).message;

describe("examples/echo-bot through the host", () => {
  it("echoes a character's say on the same stream as PLUGIN/echo-bot and ignores everything else", async () => {
    harness = await startWasmHost(({ paths }) => {
      paths.addExample("echo-bot");
      // The same module subscribed to every event type, to show the guest's
      // own filtering (the real manifest already filters to `say`).
      paths.addExample("echo-bot", { name: "echo-all", events: [{ stream: "location:*", types: [] }] });
    });
    const { host, report } = harness;
    expect(report.failed).toEqual([]);
    const echoes = record(host, "location:*", "echo-bot");
    const allEchoes = record(host, "location:*", "echo-all");

    const said = publishedId(await say(host, 'Hello, "world"!', { stream: "location:tavern" }));
    await host.bus.idle();
    expect(echoes).toHaveLength(1);
    expect(echoes[0]).toMatchObject({
      stream: "location:tavern",
      type: "say",
      actorKind: ActorKind.PLUGIN,
      actorId: "echo-bot",
      payload: JSON.stringify({ message: 'Echo: Hello, "world"!' }),
    });
    expect(echoes[0]?.id > said).toBe(true);
    // Each echo reached the other echo plugin as a plugin's say and was ignored: no ping-pong.
    expect(allEchoes.map((event) => message(event.payload))).toEqual(['Echo: Hello, "world"!']);

    const ignored = [
      say(host, "from a plugin", { actorKind: ActorKind.PLUGIN, actorId: "some-plugin" }),
      say(host, "from the system", { actorKind: ActorKind.SYSTEM, actorId: "host" }),
      say(host, "waves", { type: "pose" }),
      say(host, "", {}),
      say(host, "", { payload: "{}" }),
      say(host, "", { payload: JSON.stringify({ message: 42 }) }),
    ];
    await Promise.all(ignored);
    await host.bus.idle();
    expect(echoes).toHaveLength(1);
    expect(allEchoes).toHaveLength(1);
    // echo-bot got the says (not the pose), echo-all everything: handled, no errors.
    expect(host.bus.stats()["echo-bot"]).toMatchObject({ delivered: 1 + 1 + 5, errors: 0 });
    expect(host.bus.stats()["echo-all"]).toMatchObject({ delivered: 1 + 1 + 6, errors: 0 });
  });

  it(`echoes ${ORDERED_EVENTS} says in the order they were published`, async () => {
    harness = await startWasmHost(
      ({ paths }) => void paths.addExample("echo-bot", { delivery: { overflow: "block" } }),
    );
    const { host } = harness;
    const echoes = record(host, "location:*", "echo-bot");
    for (let i = 0; i < ORDERED_EVENTS; i++) await say(host, `message ${i}`);
    await host.bus.idle();
    const expected = Array.from({ length: ORDERED_EVENTS }, (_, i) => `Echo: message ${i}`);
    expect(echoes.map((event) => message(event.payload))).toEqual(expected);
    expect(echoes.every((event) => event.stream === "location:square")).toBe(true);
    expect(host.bus.stats()["echo-bot"]).toMatchObject({ delivered: ORDERED_EVENTS, errors: 0, drops: 0, timeouts: 0 });
  });
});

describe("examples/wasm-counter through the host", () => {
  it("counts in KV, emits a milestone into history, and answers its counts command", async () => {
    harness = await startWasmHost(({ paths }) => void paths.addExample("wasm-counter"));
    const { host, report } = harness;
    expect(report.loaded).toEqual(["wasm-counter"]);
    const milestones = record(host, "location:*", "wasm-counter");
    const session = await host.connect("alice");
    const here = `location:${session.locationId}`;
    const as = { actorId: session.characterId, stream: here };
    for (let i = 0; i < 10; i++) {
      // core-communication's say/pose carry the speaker's name; the last one here does not.
      const payload = JSON.stringify(i < 9 ? { message: `m${i}`, name: "alice" } : { message: `m${i}` });
      await say(host, `m${i}`, { ...as, type: i % 2 === 0 ? "say" : "pose", payload });
    }
    await say(host, "over there", { ...as, stream: "location:garden" });
    await host.bus.idle();

    const kv = async (key: string) => {
      const value = await host.kv.get("wasm-counter", key);
      return value === undefined ? undefined : new TextDecoder().decode(value);
    };
    expect(await kv(`count:${here}`)).toBe("10");
    expect(await kv("count:location:garden")).toBe("1");
    expect(milestones.map((event) => [event.stream, event.type, event.payload])).toEqual([
      [here, "milestone", JSON.stringify({ stream: here, count: 10 })],
    ]);
    const stored = await host.history.query({ stream: here, count: 1 });
    expect(stored.entries[0]?.event).toMatchObject({ type: "milestone", actorId: "wasm-counter" });

    const counts = (args = "") => host.execute(session.id, `counts${args === "" ? "" : ` ${args}`}`);
    expect(await counts()).toMatchObject({
      status: CommandStatus.OK,
      plugin: "wasm-counter",
      output: `location:garden: 1\n${here}: 10`,
    });
    // query_history through the host's event store: the last 10 events here,
    // oldest first, ending with the counter's own milestone.
    const recent = await counts(`recent ${here}`);
    expect(recent?.status).toBe(CommandStatus.OK);
    // Names where the payload has one, the actor id otherwise; the message, else the raw payload.
    expect(recent?.output.split("\n")).toEqual([
      "pose by alice: m1",
      "say by alice: m2",
      "pose by alice: m3",
      "say by alice: m4",
      "pose by alice: m5",
      "say by alice: m6",
      "pose by alice: m7",
      "say by alice: m8",
      `pose by ${session.characterId}: m9`,
      `milestone by wasm-counter: ${JSON.stringify({ stream: here, count: 10 })}`,
    ]);
    expect(await counts("reset location:garden")).toMatchObject({ status: CommandStatus.OK });
    expect(await kv("count:location:garden")).toBeUndefined();
    expect(await counts("reset location:garden")).toMatchObject({ status: CommandStatus.ERROR });
    expect(await counts("frobnicate")).toMatchObject({ status: CommandStatus.ERROR });
    expect(await counts()).toMatchObject({ status: CommandStatus.OK, output: `${here}: 10` });
  });
});
