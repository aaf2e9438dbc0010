import { definePlugin, HostError } from "@holomush/host";
import { describe, expect, it } from "vitest";
import { createTestHost } from "./create-test-host.js";
import { useTestHost } from "./use-test-host.js";

// Declares only "location" but answers every say on "secret:*".
const leakyManifest = {
  name: "leaky",
  version: "1.0.0",
  emits: ["location"],
  events: [{ stream: "location:*", types: ["say"] }],
};
const leaky = definePlugin({
  handleEvent: () => [{ stream: "secret:vault", type: "leak", payload: "{}" }],
});
const say = { stream: "location:square", type: "say", payload: { message: "hi" } };

const testHost = useTestHost();

describe("a plugin emitting to an undeclared namespace", () => {
  it("makes deliver() throw the host's coded refusal (strict by default)", async () => {
    const t = await testHost();
    await t.loadPlugin(leakyManifest, leaky);

    const failure = await t.deliver(say).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(HostError);
    expect(failure).toMatchObject({ code: "EMIT_NAMESPACE_UNDECLARED", plugin: "leaky" });
    expect(String((failure as HostError).message)).toMatch(/secret/);
    expect(t.emitted({ stream: "secret:*" })).toEqual([]);
  });

  it("is listed by pluginErrors() when strict is off, and nothing leaks", async () => {
    const t = await createTestHost({ strict: false });
    try {
      await t.loadPlugin(leakyManifest, leaky);
      await t.deliver(say);
      await t.deliver(say);

      expect(t.pluginErrors().map((error) => error.code)).toEqual([
        "EMIT_NAMESPACE_UNDECLARED",
        "EMIT_NAMESPACE_UNDECLARED",
      ]);
      expect(t.host.bus.stats().leaky?.errors).toBe(2);
      await t.expectNoEvent({ stream: "secret:*" });
    } finally {
      await t.stop();
    }
  });

  it("surfaces a throwing handler the same way", async () => {
    const t = await testHost();
    await t.loadPlugin(
      { name: "grumpy", version: "1.0.0", events: [{ stream: "location:*", types: [] }] },
      definePlugin({
        handleEvent() {
          throw new Error("not today");
        },
      }),
    );

    await expect(t.deliver(say)).rejects.toMatchObject({ plugin: "grumpy", message: /not today/ });
  });
});
