/**
 * The KvStore contract, run against every engine (in-memory here; PostgreSQL
 * and PGlite in the storage issue). Test support only: not part of the build.
 * Each test uses fresh, randomly named namespaces, so a persistent engine can
 * reuse one database across tests.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KV_LIMITS, type KvStore } from "./kv-store.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array | undefined) => (value === undefined ? undefined : new TextDecoder().decode(value));

export function describeKvStoreContract(label: string, factory: () => Promise<KvStore>): void {
  describe(`KvStore contract: ${label}`, () => {
    let store: KvStore;
    let ns: string;
    let other: string;

    beforeEach(async () => {
      store = await factory();
      ns = `contract-${randomUUID()}`;
      other = `contract-${randomUUID()}`;
    });
    afterEach(async () => {
      await store.close?.();
    });

    /** Every key under `prefix`, following page tokens to the end. */
    async function listAll(namespace: string, prefix: string, pageSize: number) {
      const keys: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await store.list(namespace, prefix, pageSize, token);
        keys.push(...page.entries.map((entry) => entry.key));
        token = page.nextPageToken || undefined;
        pages++;
      } while (token);
      return { keys, pages };
    }

    it("returns undefined for a missing key and round-trips a value", async () => {
      expect(await store.get(ns, "missing")).toBeUndefined();
      await store.set(ns, "greeting", bytes("hello"));
      expect(text(await store.get(ns, "greeting"))).toBe("hello");
      await store.set(ns, "greeting", bytes("bye"));
      expect(text(await store.get(ns, "greeting"))).toBe("bye");
    });

    it("keeps an empty value distinct from a missing key", async () => {
      await store.set(ns, "empty", new Uint8Array());
      expect(await store.get(ns, "empty")).toEqual(new Uint8Array());
      expect((await store.list(ns, "", 0)).entries).toEqual([{ key: "empty", value: new Uint8Array() }]);
    });

    it("copies values so callers cannot mutate stored bytes", async () => {
      const value = bytes("abc");
      await store.set(ns, "k", value);
      value[0] = 0x7a;
      const read = await store.get(ns, "k");
      expect(text(read)).toBe("abc");
      read?.fill(0x79);
      expect(text(await store.get(ns, "k"))).toBe("abc");
      const listed = await store.list(ns, "", 0);
      listed.entries[0]?.value.fill(0x78);
      expect(text(await store.get(ns, "k"))).toBe("abc");
    });

    it("isolates namespaces", async () => {
      await store.set(ns, "shared", bytes("mine"));
      expect(await store.get(other, "shared")).toBeUndefined();
      expect((await store.list(other, "", 0)).entries).toEqual([]);
      expect(await store.delete(other, "shared")).toBe(false);
      await store.set(other, "shared", bytes("theirs"));
      expect(text(await store.get(ns, "shared"))).toBe("mine");
      expect(text(await store.get(other, "shared"))).toBe("theirs");
    });

    it("delete reports whether the key existed", async () => {
      await store.set(ns, "k", bytes("v"));
      expect(await store.delete(ns, "k")).toBe(true);
      expect(await store.delete(ns, "k")).toBe(false);
      expect(await store.get(ns, "k")).toBeUndefined();
    });

    it("lists by prefix across more than two pages without gaps or duplicates", async () => {
      const wanted = Array.from({ length: 25 }, (_, i) => `user:${String(i).padStart(2, "0")}`);
      for (const key of [...wanted].reverse()) await store.set(ns, key, bytes(key));
      for (const key of ["use", "usez", "room:1", "user", "v"]) await store.set(ns, key, bytes(key));
      const first = await store.list(ns, "user:", 10);
      expect(first.entries).toHaveLength(10);
      expect(first.nextPageToken).not.toBe("");
      expect(text(first.entries[0]?.value)).toBe("user:00");
      const all = await listAll(ns, "user:", 10);
      expect(all.pages).toBe(3);
      expect(all.keys).toEqual(wanted);
    });

    it("ends without a page token when the last page is exactly full", async () => {
      for (let i = 0; i < 20; i++) await store.set(ns, `k${String(i).padStart(2, "0")}`, bytes("v"));
      const first = await store.list(ns, "k", 10);
      const second = await store.list(ns, "k", 10, first.nextPageToken);
      expect(second.entries.map((entry) => entry.key)).toEqual(
        Array.from({ length: 10 }, (_, i) => `k${String(i + 10)}`),
      );
      expect(second.nextPageToken).toBe("");
    });

    it("includes a key equal to the prefix and lists everything for an empty prefix", async () => {
      for (const key of ["a", "ab", "abc", "b"]) await store.set(ns, key, bytes(key));
      expect((await store.list(ns, "a", 0)).entries.map((entry) => entry.key)).toEqual(["a", "ab", "abc"]);
      expect((await listAll(ns, "", 1)).keys).toEqual(["a", "ab", "abc", "b"]);
    });

    it("continues after the token's key even if that key was deleted meanwhile", async () => {
      for (const key of ["p1", "p2", "p3", "p4"]) await store.set(ns, key, bytes(key));
      const first = await store.list(ns, "p", 2);
      await store.delete(ns, "p2");
      const second = await store.list(ns, "p", 2, first.nextPageToken);
      expect(second.entries.map((entry) => entry.key)).toEqual(["p3", "p4"]);
    });

    it("lists in UTF-8 byte order, not UTF-16 order", async () => {
      const keys = ["a", "B", "é", "z", "\uE000", "😀", "\u007F", "ab"];
      for (const key of keys) await store.set(ns, key, bytes(key));
      const expected = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      expect(expected.indexOf("\uE000")).toBeLessThan(expected.indexOf("😀"));
      expect((await listAll(ns, "", 3)).keys).toEqual(expected);
    });

    it("defaults the page size to 100 and accepts up to 1000", async () => {
      for (let i = 0; i < 150; i++) await store.set(ns, `k${String(i).padStart(3, "0")}`, bytes("v"));
      const page = await store.list(ns, "", 0);
      expect(page.entries).toHaveLength(KV_LIMITS.defaultPageSize);
      expect(page.nextPageToken).not.toBe("");
      const big = await store.list(ns, "", KV_LIMITS.maxPageSize);
      expect(big.entries).toHaveLength(150);
      expect(big.nextPageToken).toBe("");
    });

    it.each([-1, 1001, 1.5])("refuses page size %s", async (size) => {
      await expect(store.list(ns, "", size)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    });

    it("refuses a garbage page token and one issued for another prefix", async () => {
      for (const key of ["a1", "a2", "a3", "b1"]) await store.set(ns, key, bytes(key));
      const page = await store.list(ns, "a", 1);
      await expect(store.list(ns, "b", 1, page.nextPageToken)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
      for (const token of ["not a token!", "e30", "AAAA"]) {
        await expect(store.list(ns, "a", 1, token)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
      }
    });

    it("validates keys: 1..512 UTF-8 bytes, no NUL, well-formed", async () => {
      await store.set(ns, "k".repeat(KV_LIMITS.maxKeyBytes), bytes("v"));
      expect(text(await store.get(ns, "k".repeat(KV_LIMITS.maxKeyBytes)))).toBe("v");
      // 257 two-byte characters: 257 UTF-16 units but 514 bytes.
      for (const key of ["", "é".repeat(257), "a\0b", "\uD800x"]) {
        await expect(store.set(ns, key, bytes("v"))).rejects.toMatchObject({ code: "KV_KEY_INVALID" });
        await expect(store.get(ns, key)).rejects.toMatchObject({ code: "KV_KEY_INVALID" });
        await expect(store.delete(ns, key)).rejects.toMatchObject({ code: "KV_KEY_INVALID" });
      }
      await expect(store.list(ns, "a\0", 0)).rejects.toMatchObject({ code: "KV_KEY_INVALID" });
    });

    it("accepts a 1 MiB value and refuses one byte more", async () => {
      await store.set(ns, "big", new Uint8Array(KV_LIMITS.maxValueBytes).fill(7));
      expect((await store.get(ns, "big"))?.byteLength).toBe(KV_LIMITS.maxValueBytes);
      await expect(store.set(ns, "bigger", new Uint8Array(KV_LIMITS.maxValueBytes + 1))).rejects.toMatchObject({
        code: "KV_VALUE_TOO_LARGE",
      });
      expect(await store.get(ns, "bigger")).toBeUndefined();
    });
  });
}
