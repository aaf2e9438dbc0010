/**
 * Shared by the wasm-* benchmarks: the echo-bot example module, a runtime
 * load context over in-memory maps, and a stream of say events.
 */

import type { DeliveryOptions } from "../src/plugins/runtime.js";
import { exampleWasm } from "../src/runtimes/wasm/__fixtures__/examples.js";
import {
  delivery as benchDelivery,
  createWorld,
  loadContext,
  manifestFor,
  sayEvent,
} from "../src/runtimes/wasm/__fixtures__/memory-host.js";
import { encodeGuestEvent } from "../src/runtimes/wasm/guest-input.js";

export const echoBytes = (): Uint8Array => exampleWasm("echo-bot");

export function echoContext(name = "echo-bot") {
  return loadContext(createWorld(), manifestFor(name, { maxMemoryPages: 16, timeoutMs: 5000 }), echoBytes());
}

export const events = Array.from({ length: 100 }, (_, i) => sayEvent(`e${i}`, `message number ${i}`));
export const encodedEvents = events.map(encodeGuestEvent);

export const delivery = (): DeliveryOptions => benchDelivery(60_000);
