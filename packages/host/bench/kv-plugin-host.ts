/**
 * A host with the process runtime and the SDK's own `serve` dialled in as a
 * plugin from this process: the `KvClient` its handler gets is the one a
 * plugin's handler gets (a HostRequest frame on the plugin's open stream).
 * Shared by `kv-host-service.bench.ts` and `profile-kv-stream.ts`.
 */
import { type KvClient, serve } from "@holomush/plugin-sdk";
import { pino } from "pino";
import { createHost, type Host } from "../src/host/create-host.js";
import { createProcessRuntime, type ProcessRuntime } from "../src/runtimes/process/process-runtime.js";
import type { Storage } from "../src/storage/open-storage.js";

export interface KvPluginHost {
  host: Host;
  /** The plugin's KvClient, riding its stream. */
  kv: KvClient;
  /** The process runtime's socket (`unix:…`), for a second, unary connection. */
  address: string;
  /** Stops the host and waits for the plugin's `serve` to end. */
  stop(): Promise<void>;
}

export async function startKvPluginHost(storage: Storage, name: string, token: string): Promise<KvPluginHost> {
  const logger = pino({ level: "silent" });
  let runtime: ProcessRuntime | undefined;
  const host = await createHost({
    logger,
    storage,
    runtimes: [
      (deps) => {
        runtime = createProcessRuntime({ ...deps, dialInTokens: { [name]: token } });
        return runtime;
      },
    ],
  });
  await host.start();
  const loading = host.registerPlugin({ name, version: "1.0.0", type: "binary", "binary-plugin": {} });
  const address = runtime?.address ?? "";
  let kv: KvClient | undefined;
  const serving = serve({
    handler: {
      setKvClient(client) {
        kv = client;
      },
    },
    exit: false,
    env: {
      HOLOMUSH_HOST_ADDRESS: address,
      HOLOMUSH_PLUGIN_NAME: name,
      HOLOMUSH_PLUGIN_VERSION: "1.0.0",
      HOLOMUSH_PLUGIN_TOKEN: token,
    },
  });
  const report = await loading;
  if (report?.loaded[0] !== name || kv === undefined) {
    throw new Error(`kv plugin ${name} did not load: ${report?.errors[0]?.message}`);
  }
  return {
    host,
    kv,
    address,
    async stop() {
      await host.stop();
      await serving;
    },
  };
}
