/**
 * The WASM half of say-floor-server.ts: echo-bot in this worker thread, one
 * plugin.call per message, answered with the call's output. Nothing else:
 * no job batching, watchdog, limits or host functions beyond `log`.
 */
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { createPlugin } from "@extism/extism";

const plugin = await createPlugin(
  { wasm: [{ data: readFileSync(workerData.wasm) }] },
  { functions: { "extism:host/user": { log: () => 0n } } },
);
parentPort.on("message", async (input) => {
  const output = await plugin.call("handle_event", input);
  parentPort.postMessage(output?.text() ?? "");
});
parentPort.postMessage("ready");
