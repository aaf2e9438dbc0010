/**
 * Shared by the wasm-* benchmarks: the echo-bot example module, a runtime
 * load context over in-memory maps, a stream of say events, and a started
 * host with echo-bot loaded.
 */

import { pino } from "pino";
import { createHost, type Host } from "../src/host/create-host.js";
import type { DeliveryOptions } from "../src/plugins/runtime.js";
import { exampleWasm } from "../src/runtimes/wasm/__fixtures__/examples.js";
import {
  delivery as benchDelivery,
  createWorld,
  loadContext,
  manifestFor,
  sayEvent,
} from "../src/runtimes/wasm/__fixtures__/memory-host.js";
import { createPluginSearchPath } from "../src/runtimes/wasm/__fixtures__/plugin-dirs.js";
import { encodeGuestEvent } from "../src/runtimes/wasm/guest-input.js";
import { createWasmRuntime } from "../src/runtimes/wasm/wasm-runtime.js";

export const echoBytes = (): Uint8Array => exampleWasm("echo-bot");

export function echoContext(name = "echo-bot") {
  return loadContext(createWorld(), manifestFor(name, { maxMemoryPages: 16, timeoutMs: 5000 }), echoBytes());
}

export const events = Array.from({ length: 100 }, (_, i) => sayEvent(`e${i}`, `message number ${i}`));
export const encodedEvents = events.map(encodeGuestEvent);

export const delivery = (): DeliveryOptions => benchDelivery(60_000);

/** A started host (one WASM worker, silent) with the echo-bot example loaded; `close` stops it and removes its folder. */
export async function startEchoBotHost(): Promise<{ host: Host; close(): Promise<void> }> {
  const paths = createPluginSearchPath();
  paths.addExample("echo-bot");
  const host = await createHost({
    pluginDirs: [paths.root],
    runtimes: [createWasmRuntime({ workers: 1 })],
    logger: pino({ level: "silent" }),
  });
  const close = async () => {
    await host.stop();
    paths.remove();
  };
  const report = await host.start();
  if (report.failed.length > 0) {
    await close();
    throw new Error(`echo-bot did not load: ${report.failed[0]?.error.message}`);
  }
  return { host, close };
}
