/**
 * Issue 22, hole 5, with a real WASM module in the real host: an `emit`
 * host call made while the guest handles a command must be published as
 * the PLUGIN (actor_kind PLUGIN, actor_id = plugin name), as process
 * plugins' EmitEvent is; only the events of the command's response speak
 * for the invoking character (that is what a command like `say` is for).
 */
import { ActorKind, CommandStatus } from "@holomush/proto";
import { buildGuest, userImport } from "@holomush/test-services/wat-guests";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, record, startWasmHost } from "./__fixtures__/wasm-host-harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

/** `shout`: emits `loud:1/emitted` through the host function, answers with `loud:1/answered`. */
function shoutGuest(): Promise<Uint8Array> {
  return buildGuest({
    imports: userImport("emit"),
    strings: {
      emit: '{"stream":"loud:1","type":"emitted","payload":"{}"}',
      reply: '{"status":"ok","output":"shouted","events":[{"stream":"loud:1","type":"answered","payload":"{}"}]}',
    },
    handleEvent: "",
    extra: `(func (export "handle_command") (result i32)
      (drop (call $emit (call $to_block $str:emit)))
      (call $output $str:reply)
      (i32.const 0))`,
  });
}

describe("a WASM plugin's emit during a command", () => {
  it("is published as the plugin, never as the invoking character", { timeout: 30_000 }, async () => {
    const guest = await shoutGuest();
    harness = await startWasmHost(({ paths }) => {
      paths.addWasm(
        {
          name: "shouter",
          version: "1.0.0",
          emits: ["loud"],
          commands: [{ name: "shout", help: "Shout", usage: "shout" }],
          "wasm-plugin": { "host-functions": ["emit"] },
        },
        guest,
      );
    });
    expect(harness.report.errors).toEqual([]);
    const seen = record(harness.host, "loud:*");
    const session = await harness.host.connect("alice");
    const outcome = await harness.host.execute(session.id, "shout");
    expect(outcome).toMatchObject({ status: CommandStatus.OK, output: "shouted" });
    await harness.host.bus.idle();
    const byType = Object.fromEntries(seen.map((event) => [event.type, [event.actorKind, event.actorId]]));
    expect(byType).toEqual({
      emitted: [ActorKind.PLUGIN, "shouter"],
      answered: [ActorKind.CHARACTER, session.characterId],
    });
  });
});
