/**
 * A throwaway host process for the "host dies" tests: loads the echo
 * fixture, prints its run directory and the plugin's pid, then either waits
 * to be killed (`wait`) or exits without calling close() (`exit`).
 */
import { callOptions, createFixtureRuntime, echoManifest, emptyConfig } from "./test-host.js";

const fixture = createFixtureRuntime();
const { instance } = await fixture.load(echoManifest("orphan-check"));
await instance.init?.(emptyConfig(), callOptions());
process.stdout.write(`${JSON.stringify({ runDir: fixture.runtime.runDir, pluginPid: instance.pid })}\n`);
if (process.argv[2] === "exit") process.exit(0);
setInterval(() => undefined, 60_000);
