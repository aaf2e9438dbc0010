/**
 * Issue #13, identity: process plugins (real child processes) and a WASM
 * guest try to act as another plugin or beyond their manifest. A spawned
 * plugin's identity is the connection the host made for it (fd 3, no
 * secret); a dial-in plugin's is its token. Both are attacked: a hello
 * naming another plugin on its own connection and with its own token, a
 * connection to the public socket with no token, a dial-in token replayed
 * on a second connection. Every attempt is refused with a coded error,
 * counted in holomush_plugin_refusals_total, and nothing of the victim's leaks.
 */

import { buildGuest, userImport } from "@holomush/test-services/wat-guests";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../focus/session.js";
import { createWasmRuntime } from "../runtimes/wasm/wasm-runtime.js";
import { type ProcessHost, ping, startProcessHost } from "./__fixtures__/process-host.js";
import { printFigures } from "./figures.js";

let world: ProcessHost;
let alice: Session;
let bob: Session;
const figures: Record<string, string | number> = {};

/** A guest that tries an undeclared emit namespace and another plugin's KV namespace. */
function wasmIntruder(): Promise<Uint8Array> {
  return buildGuest({
    imports: [userImport("emit"), userImport("kv_set"), userImport("kv_get"), userImport("log")].join("\n"),
    strings: {
      forged: '{"stream":"system:alerts","type":"forged","payload":"{}","actor_id":"victim"}',
      write: '{"key":"secret","value":"overwritten","plugin":"victim","namespace":"victim"}',
      read: '{"key":"secret","plugin":"victim","namespace":"victim"}',
      badlog: "not json",
    },
    handleEvent: `
      (drop (call $emit (call $to_block $str:forged)))
      (drop (call $kv_set (call $to_block $str:write)))
      (drop (call $log (call $to_block $str:badlog)))
      (call $output_block (call $kv_get (call $to_block $str:read)))`,
  });
}

beforeAll(async () => {
  world = await startProcessHost(
    [
      { name: "victim" },
      {
        name: "intruder",
        script: "identity-plugin.mjs",
        manifest: {
          requires: ["holomush.world.v1.WorldService"],
          commands: [{ name: "probe", help: "tries one identity attack" }],
        },
      },
      { name: "impostor", script: "identity-plugin.mjs", env: { IDENTITY_HELLO_NAME: "victim" } },
      // Dial-in: started by the suite with a token of their own, as an operator would.
      { name: "dial-impostor", script: "identity-plugin.mjs", dialIn: true, env: { IDENTITY_HELLO_NAME: "victim" } },
      {
        name: "dialer",
        script: "identity-plugin.mjs",
        dialIn: true,
        manifest: { commands: [{ name: "dial-probe", help: "tries one identity attack with a token" }] },
      },
      {
        name: "wasm-intruder",
        wasm: await wasmIntruder(),
        manifest: { "wasm-plugin": { "host-functions": ["emit", "kv_set", "kv_get", "log"] } },
      },
    ],
    // A refused dial-in hello leaves its load waiting for a better one until this, then fails with the refusal.
    { dialInTimeoutMs: 8000 },
    [(deps) => createWasmRuntime({ refused: deps.refused })],
  );
  await world.host.kv.set("victim", "secret", new TextEncoder().encode("the victim's secret"));
  alice = await world.host.connect("alice");
  bob = await world.host.connect("bob");
}, 60_000);

afterAll(async () => {
  printFigures("identity", figures);
  await world?.stop();
}, 30_000);

async function refusals(plugin: string, code: string): Promise<number> {
  const metric = await world.host.metrics.registry.getSingleMetric("holomush_plugin_refusals_total")?.get();
  return metric?.values.find((value) => value.labels.plugin === plugin && value.labels.code === code)?.value ?? 0;
}

/** Alice runs `probe <attempt>`: the (spawned) intruder tries it and answers the host's code. */
async function probe(attempt: string, label = attempt, command = "probe"): Promise<string | undefined> {
  const outcome = await world.host.execute(alice.id, `${command} ${attempt}`);
  figures[`process: ${label}`] = outcome?.output ?? "<no answer>";
  return outcome?.output;
}

/** The same through the dial-in plugin, which holds a token. */
const dialProbe = (attempt: string, label = `dial-in: ${attempt}`) => probe(attempt, label, "dial-probe");

describe("identity attempts (issue #13)", () => {
  it("a hello naming another plugin, on its own connection or with its own token: the load is refused", async () => {
    // Spawned: the connection the host made for "impostor" says hello as "victim".
    const spawned = world.report.failed.find((entry) => entry.name === "impostor");
    expect(spawned?.error.code).toBe("PERMISSION_DENIED");
    expect(await refusals("impostor", "PERMISSION_DENIED")).toBe(1);
    // Dial-in: "dial-impostor" presents its own valid token with a hello as "victim".
    const dialed = world.report.failed.find((entry) => entry.name === "dial-impostor");
    expect(dialed?.error.code).toBe("PERMISSION_DENIED");
    expect(await refusals("dial-impostor", "PERMISSION_DENIED")).toBe(1);
    expect(world.report.loaded).toEqual(expect.arrayContaining(["victim", "intruder", "dialer", "wasm-intruder"]));
    figures["process: hello as another plugin (spawned)"] = spawned?.error.code ?? "<loaded!>";
    figures["process: hello as another plugin (dial-in token)"] = dialed?.error.code ?? "<loaded!>";
  });

  it("no token: a spawned plugin dialling the public socket is refused before anything is read", async () => {
    const before = await refusals("", "UNAUTHENTICATED");
    expect(await probe(`no-token ${world.address.slice("unix:".length)}`, "no-token")).toBe("UNAUTHENTICATED");
    expect(await refusals("", "UNAUTHENTICATED")).toBe(before + 1);
    const victims = await world.host.kv.get("victim", "secret");
    expect(new TextDecoder().decode(victims)).toBe("the victim's secret");
  });

  it("a dial-in plugin's token replayed on a second connection while the first is live", async () => {
    // The SDK's serve() a second time in the dial-in process: the same token, a second stream.
    expect(await dialProbe("second-stream")).toBe("PLUGIN_ALREADY_LOADED");
    expect(await refusals("dialer", "PLUGIN_ALREADY_LOADED")).toBe(1);
    // The first session is untouched: the plugin still answers on it.
    expect(world.host.plugins.get("dialer")?.state).toBe("running");
    expect(await dialProbe("kv-read secret", "dial-in: kv-read after the replay")).toBe("VALUE:<none>");
  });

  it("another plugin's KV: no request can name it; keys that try land in its own namespace", async () => {
    for (const key of ["secret", "victim/secret", "../victim/secret", "victim:secret"]) {
      expect(await probe(`kv-read ${key}`)).toBe("VALUE:<none>");
    }
    expect(await probe("kv-write secret")).toBe("ALLOWED");
    const victims = await world.host.kv.get("victim", "secret");
    expect(new TextDecoder().decode(victims)).toBe("the victim's secret");
  });

  it("an undeclared emit namespace", async () => {
    const code = await probe("emit system:alerts");
    expect(["EMIT_NAMESPACE_UNDECLARED", "PERMISSION_DENIED"]).toContain(code);
    expect(await refusals("intruder", code ?? "")).toBe(1);
    const stored = await world.host.history.query({ stream: "system:alerts", count: 10 });
    expect(stored.entries).toEqual([]);
  });

  it("a service it did not require, through the broker id of one it did", async () => {
    expect(await probe("service")).toBe("SERVICE_NOT_DECLARED");
    expect(await refusals("intruder", "SERVICE_NOT_DECLARED")).toBe(1);
  });

  it("a focus call for a session that never sent it a command", async () => {
    const before = await refusals("intruder", "PERMISSION_DENIED");
    expect(await probe(`focus ${bob.id}`, "focus on another player's session")).toBe("PERMISSION_DENIED");
    expect(await refusals("intruder", "PERMISSION_DENIED")).toBe(before + 1);
    // Alice's own session (she sent the command): not refused for identity.
    expect(await probe(`focus ${alice.id}`, "focus on the commanding session")).not.toBe("PERMISSION_DENIED");
  });

  it("a WASM guest: forged emit, another plugin's KV, a bad log — refused or kept in its own namespace", async () => {
    let forged = 0;
    const stop = world.host.bus.watch("system:*", () => void forged++);
    await ping(world.host, "wasm-intruder", { seq: 1 });
    await world.host.bus.idle();
    stop();
    expect(forged).toBe(0);
    expect(await refusals("wasm-intruder", "EMIT_NAMESPACE_UNDECLARED")).toBe(1);
    expect(await refusals("wasm-intruder", "INVALID_ARGUMENT")).toBe(1);
    expect(new TextDecoder().decode(await world.host.kv.get("wasm-intruder", "secret"))).toBe("overwritten");
    expect(new TextDecoder().decode(await world.host.kv.get("victim", "secret"))).toBe("the victim's secret");
    figures["wasm: emit to system:"] = "EMIT_NAMESPACE_UNDECLARED";
    figures["wasm: kv with plugin/namespace fields"] = "own namespace";
  });
});
