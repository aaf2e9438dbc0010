import { HostCallError, host, onCommand, onEvent } from "@holomush/wasm-pdk";
import { afterEach, describe, expect, it } from "vitest";
import { installJsPdkStandIn, type JsPdkStandIn } from "./js-pdk-stand-in.js";

let pdk: JsPdkStandIn | undefined;
afterEach(() => pdk?.uninstall());

const event = (stream: string, payload: string) =>
  JSON.stringify({ id: "e1", stream, type: "say", timestamp: 1, actor_kind: 0, actor_id: "c1", payload });

describe("installJsPdkStandIn + @holomush/wasm-pdk", () => {
  it("hands the handler a typed event and serialises object payloads and results", () => {
    pdk = installJsPdkStandIn();
    const handler = onEvent<{ n: number }>((typed) => ({
      events: [{ stream: typed.stream, type: "seen", payload: { n: (typed.payload.n ?? 0) + 1 } }],
      result: { cancel: true, reason: "test", payload: { n: 0 } },
    }));
    const { output } = pdk.call(handler, event("location:a", '{"n":41}'));
    expect(JSON.parse(output ?? "")).toEqual({
      events: [{ stream: "location:a", type: "seen", payload: '{"n":42}' }],
      result: { cancel: true, reason: "test", payload: '{"n":0}' },
    });
    expect(pdk.call(handler, event("location:a", "not json")).output).toContain('"n\\":1');
  });

  it("backs every host function with the plugin's own state", () => {
    pdk = installJsPdkStandIn({
      emits: ["location"],
      history: [{ id: "h1", stream: "location:a", type: "say" }],
    });
    const handler = onEvent(() => {
      host.kvSet("count", "1");
      host.kvSet("other", "2");
      expect(host.kvGet("count")).toBe("1");
      expect(host.kvGet("missing")).toBeUndefined();
      expect(host.kvList("c").entries).toEqual([{ key: "count", value: "1" }]);
      expect(host.kvDelete("other")).toBe(true);
      expect(host.queryHistory("location:a", 5).entries.map((entry) => entry.cursor)).toEqual(["h1"]);
      host.emit({ stream: "location:a", type: "ping", payload: { ok: true } });
      host.log("info", "done");
      expect(() => host.emit({ stream: "global:x", type: "ping" })).toThrow(HostCallError);
    });
    pdk.call(handler, event("location:a", "{}"));
    expect(pdk.emitted).toEqual([{ stream: "location:a", type: "ping", payload: '{"ok":true}' }]);
    expect([...pdk.backend.kv]).toEqual([["count", "1"]]);
    expect(pdk.backend.logs.map((line) => line.message)).toEqual(["done"]);
  });

  it("tells a host error from a missing key: kvGet throws, it never answers undefined", () => {
    pdk = installJsPdkStandIn({ kv: new Map([["count", "41"]]) });
    const backend = pdk.backend;
    const handler = onEvent(() => {
      // The counter pattern: undefined means "start at 0"; an error must not.
      const next = Number(host.kvGet("count") ?? "0") + 1;
      host.kvSet("count", String(next));
    });
    backend.failures.set("kv_get", { code: "STORAGE_UNAVAILABLE", message: "terminating connection" });
    expect(() => pdk?.call(handler, event("location:a", "{}"))).toThrow(HostCallError);
    expect(() => pdk?.call(handler, event("location:a", "{}"))).toThrow(/STORAGE_UNAVAILABLE/);
    expect(backend.kv.get("count")).toBe("41");
    backend.failures.delete("kv_get");
    pdk.call(handler, event("location:a", "{}"));
    expect(backend.kv.get("count")).toBe("42");
  });

  it("refuses host functions the interface file does not declare", () => {
    pdk = installJsPdkStandIn({ hostFunctions: ["log"] });
    const handler = onEvent(() => {
      host.kvSet("k", "v");
    });
    expect(() => pdk?.call(handler, event("location:a", "{}"))).toThrow(/WASM_IMPORT_NOT_GRANTED/);
  });

  it("writes a command response with status, output and events", () => {
    pdk = installJsPdkStandIn();
    const handler = onCommand((request) => ({
      status: "ok",
      output: `hello ${request.character_name}`,
      events: [{ stream: "location:a", type: "waved", payload: { by: request.character_id } }],
    }));
    const { output } = pdk.call(
      handler,
      JSON.stringify({ command: "wave", character_id: "c1", character_name: "Ann" }),
    );
    expect(JSON.parse(output ?? "")).toEqual({
      status: "ok",
      output: "hello Ann",
      events: [{ stream: "location:a", type: "waved", payload: '{"by":"c1"}' }],
    });
  });
});
