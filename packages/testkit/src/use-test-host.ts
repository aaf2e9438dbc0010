/**
 * useTestHost: one test host per vitest test, stopped in afterEach. Call it
 * at module or describe level; the returned function creates the host on its
 * first call inside a test and returns the same one for the rest of it.
 */
import { afterEach } from "vitest";
import { createTestHost, type TestHost, type TestHostOptions } from "./create-test-host.js";

/**
 * ```ts
 * const testHost = useTestHost({ runtimes: [createWasmRuntime()] });
 * it("echoes", async () => {
 *   const t = await testHost();
 *   await t.loadPluginDir("./plugins/echo");
 * });
 * ```
 */
export function useTestHost(options: TestHostOptions = {}): () => Promise<TestHost> {
  let current: Promise<TestHost> | undefined;
  afterEach(async () => {
    const starting = current;
    current = undefined;
    // A host whose start failed was stopped by createTestHost; its error belongs to the test.
    const host = await starting?.catch(() => undefined);
    await host?.stop();
  });
  return () => {
    current ??= createTestHost(options);
    return current;
  };
}
