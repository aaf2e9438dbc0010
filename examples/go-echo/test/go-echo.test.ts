/**
 * The Go SDK end to end: the real go-echo binary (built by `go build`)
 * spawned by the real process runtime, on a real unix socket, through the
 * echo and probe scenarios every echo example shares (@holomush/example-suites).
 */
import { join } from "node:path";
import { describeEchoPlugin } from "@holomush/example-suites/echo";
import { createProcessRuntime } from "@holomush/host";
import { goEchoUnbuilt } from "./built.js";

describeEchoPlugin({
  title: "go-echo (Go process plugin)",
  plugin: "go-echo",
  dir: join(import.meta.dirname, ".."),
  runtimes: [(host) => createProcessRuntime(host)],
  skip: goEchoUnbuilt(),
  probeCommand: "goconf",
});
