import { describe, expect, it } from "vitest";
import { isHostError } from "../errors.js";
import { describeKvStoreContract } from "./kv-store.contract.js";
import { createMemoryKvStore } from "./memory-kv-store.js";

describeKvStoreContract("memory", async () => createMemoryKvStore());

describe("createMemoryKvStore", () => {
  it("refuses calls after close with STORAGE_UNAVAILABLE", async () => {
    const store = createMemoryKvStore();
    await store.close?.();
    const error = await store.get("ns", "k").catch((caught: unknown) => caught);
    expect(isHostError(error, "STORAGE_UNAVAILABLE")).toBe(true);
  });

  it("refuses an empty namespace", async () => {
    const store = createMemoryKvStore();
    await expect(store.set("", "k", new Uint8Array())).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});
