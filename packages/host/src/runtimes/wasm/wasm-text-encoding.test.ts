/**
 * Text that is not ASCII through the WASM runtime: the example AssemblyScript
 * plugins (built with @holomush/wasm-pdk) in the REAL host, with accents,
 * emoji and ill-formed text in and out. A trap's text never reaches a player.
 */
import { CommandStatus } from "@holomush/proto";
import { buildGuest } from "@holomush/test-services/wat-guests";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, record, say, startWasmHost } from "./__fixtures__/wasm-host-harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const message = (payload: string) => (JSON.parse(payload) as { message?: string }).message;
const TEXTS = ["café", "😀", "日本語 and ñ", "mixed ✓ 😀 é"];

// Generous limits: worker start-up on a loaded machine, not the behaviour under test.
describe("AssemblyScript plugins and non-ASCII text", { timeout: 30_000 }, () => {
  it("echo-bot echoes accents, emoji and CJK unchanged", async () => {
    harness = await startWasmHost(({ paths }) => void paths.addExample("echo-bot"));
    const echoes = record(harness.host, "location:*", "echo-bot");
    for (const text of TEXTS) await say(harness.host, text);
    await harness.host.bus.idle();
    expect(echoes.map((event) => message(event.payload))).toEqual(TEXTS.map((text) => `Echo: ${text}`));
    expect(harness.host.bus.stats()["echo-bot"]).toMatchObject({ errors: 0 });
  });

  it("echo-bot turns ill-formed text (a lone surrogate) into U+FFFD instead of trapping", async () => {
    harness = await startWasmHost(({ paths }) => void paths.addExample("echo-bot"));
    const echoes = record(harness.host, "location:*", "echo-bot");
    await say(harness.host, "bad \ud800 half");
    await harness.host.bus.idle();
    expect(echoes.map((event) => message(event.payload))).toEqual(["Echo: bad \ufffd half"]);
    expect(harness.host.bus.stats()["echo-bot"]).toMatchObject({ errors: 0 });
  });

  it("a command answer with non-ASCII text (wasm-counter's counts recent) reaches the player", async () => {
    harness = await startWasmHost(({ paths }) => void paths.addExample("wasm-counter"));
    const session = await harness.host.connect("zoe");
    const here = `location:${session.locationId}`;
    await say(harness.host, "café 😀", { actorId: session.characterId, stream: here });
    await harness.host.bus.idle();
    const recent = await harness.host.execute(session.id, `counts recent ${here}`);
    expect(recent?.status).toBe(CommandStatus.OK);
    expect(recent?.output).toContain("café 😀");
  });
});

describe("ill-formed output and traps", { timeout: 30_000 }, () => {
  it("invalid UTF-8 bytes in a guest's output are replaced, not trusted", async () => {
    // {"status":"ok","output":"a<FF>b"} as raw bytes: 0xFF is never valid UTF-8.
    const bytes = [...new TextEncoder().encode('{"status":"ok","output":"a'), 0xff, ...new TextEncoder().encode('b"}')];
    const data = bytes.map((byte) => `\\${byte.toString(16).padStart(2, "0")}`).join("");
    const wasm = await buildGuest({
      handleEvent: "",
      extra: `(data (i32.const 4096) "${data}")
        (func (export "handle_command") (result i32) (call $output (i32.const 4096) (i32.const ${bytes.length})) (i32.const 0))`,
    });
    harness = await startWasmHost(({ paths }) => {
      paths.addWasm({ name: "raw-bytes", version: "1.0.0", commands: [{ name: "raw", help: "raw" }] }, wasm);
    });
    expect(harness.report.failed).toEqual([]);
    const session = await harness.host.connect("alice");
    const answer = await harness.host.execute(session.id, "raw");
    expect(answer).toMatchObject({ status: CommandStatus.OK, output: "a\ufffdb" });
  });

  it("a command that traps tells the player it failed, never the trap's text", async () => {
    const wasm = await buildGuest({
      handleEvent: "",
      extra: `(func (export "handle_command") (result i32) unreachable)`,
    });
    harness = await startWasmHost(({ paths }) => {
      paths.addWasm({ name: "faulty", version: "1.0.0", commands: [{ name: "boom", help: "traps" }] }, wasm);
    });
    const session = await harness.host.connect("alice");
    const answer = await harness.host.execute(session.id, "boom");
    expect(answer?.status).toBe(CommandStatus.FATAL);
    expect(answer?.output).toBe('"boom" failed (plugin faulty). The details are in the host log.');
    expect(answer?.output).not.toMatch(/unreachable|trap|wasm/i);
    expect(harness.logs.some((line) => line.msg === "command failed" && line.err?.code === "WASM_TRAP")).toBe(true);
  });
});
