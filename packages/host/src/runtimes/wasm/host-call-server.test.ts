import { describe, expect, it } from "vitest";
import { createWorld, memoryHostApi } from "./__fixtures__/memory-host.js";
import { serveHostCall } from "./host-call-server.js";

describe("serveHostCall", () => {
  const world = createWorld();
  const host = memoryHostApi(world, "plugin-a");

  it("round-trips KV values as UTF-8 or base64", async () => {
    expect(await serveHostCall(host, "kv_set", '{"key":"k","value":"héllo"}')).toBe("{}");
    expect(JSON.parse(await serveHostCall(host, "kv_get", '{"key":"k"}'))).toEqual({ found: true, value: "héllo" });
    expect(JSON.parse(await serveHostCall(host, "kv_get", '{"key":"k","encoding":"base64"}'))).toEqual({
      found: true,
      value: Buffer.from("héllo").toString("base64"),
    });
    expect(JSON.parse(await serveHostCall(host, "kv_list", '{"prefix":"k"}'))).toEqual({
      entries: [{ key: "k", value: "héllo" }],
      next_page_token: "",
    });
    expect(JSON.parse(await serveHostCall(host, "kv_delete", '{"key":"k"}'))).toEqual({ deleted: true });
    expect(JSON.parse(await serveHostCall(host, "kv_get", '{"key":"k"}'))).toEqual({ found: false });
  });

  it("answers refusals as {error:{code,message}} instead of throwing", async () => {
    const answers = await Promise.all([
      serveHostCall(host, "kv_set", "not json"),
      serveHostCall(host, "kv_set", '{"key":1}'),
      serveHostCall(host, "kv_set", '{"key":"","value":"v"}'),
      serveHostCall(host, "kv_get", '{"key":"k","encoding":"hex"}'),
    ]);
    expect(answers.map((answer) => JSON.parse(answer).error.code)).toEqual([
      "INVALID_ARGUMENT",
      "INVALID_ARGUMENT",
      "KV_KEY_INVALID",
      "INVALID_ARGUMENT",
    ]);
  });
});
