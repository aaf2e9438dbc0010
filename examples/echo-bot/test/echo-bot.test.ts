/**
 * The echo-bot as its author tests it: the real .wasm (built by asc) loaded
 * by the WASM runtime, through the echo scenarios every echo example shares
 * (@holomush/example-suites) (docs/wasm-abi.md).
 */
import { join } from "node:path";
import { describeEchoPlugin } from "@holomush/example-suites/echo";
import { createWasmRuntime } from "@holomush/host";

describeEchoPlugin({
  title: "echo-bot (WASM)",
  plugin: "echo-bot",
  dir: join(import.meta.dirname, ".."),
  runtimes: [createWasmRuntime()],
});
