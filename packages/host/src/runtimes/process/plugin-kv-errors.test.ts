/**
 * Issue 22, hole 11, for process plugins: through a real plugin process and
 * the SDK's KvClient, a KV failure in the host (the database is gone)
 * reaches the plugin as an error with the host's code, never as a missing
 * key; a missing key stays "missing".
 */
import { afterAll, describe, expect, it } from "vitest";
import { HostError, HostErrorCode } from "../../errors.js";
import {
  callOptions,
  commandRequest,
  createFixtureRuntime,
  createMemoryHost,
  echoManifest,
  emptyConfig,
} from "./__fixtures__/test-host.js";

describe("a process plugin's KV reads", () => {
  const fixture = createFixtureRuntime();
  afterAll(() => fixture.runtime.close());

  it("tell a storage failure from a missing key", { timeout: 30_000 }, async () => {
    const host = createMemoryHost("kv-reader", ["test"], fixture.services);
    host.kv.set("here", new TextEncoder().encode("41"));
    let storageDown = false;
    const kvGet = host.kvGet;
    host.kvGet = async (key) => {
      if (storageDown) throw new HostError(HostErrorCode.STORAGE_UNAVAILABLE, "terminating connection");
      return kvGet(key);
    };
    const source = echoManifest("kv-reader", {
      commands: [{ name: "kvget", help: "h", usage: "u", aliases: [], capabilities: [] }],
    });
    const { instance } = await fixture.load(source, host);
    await instance.init?.(emptyConfig(), callOptions());
    const read = async (key: string) =>
      (await instance.handleCommand?.(commandRequest("kvget", key), callOptions()))?.output;
    expect(await read("here")).toBe("value 41");
    expect(await read("nowhere")).toBe("missing");
    storageDown = true;
    expect(await read("here")).toBe("error STORAGE_UNAVAILABLE");
    expect(await read("nowhere")).toBe("error STORAGE_UNAVAILABLE");
    await instance.shutdown("test over");
  });
});
