/**
 * The Python SDK end to end: the real py-echo plugin (in the venv `pnpm build`
 * makes) spawned by the real process runtime, on a real unix socket, through
 * the echo and probe scenarios every echo example shares (@holomush/example-suites).
 */
import { join } from "node:path";
import { describeEchoPlugin } from "@holomush/example-suites/echo";
import { createProcessRuntime } from "@holomush/host";
import { pyEchoUnbuilt } from "./built.js";

describeEchoPlugin({
  title: "py-echo (Python process plugin)",
  plugin: "py-echo",
  dir: join(import.meta.dirname, ".."),
  runtimes: [(host) => createProcessRuntime(host)],
  skip: pyEchoUnbuilt(),
  probeCommand: "pyconf",
});
