#!/usr/bin/env node
// A dial-in plugin that speaks the stream by hand (no serve()): after its
// hello it sends hostile HostRequest frames — a request_id reused while the
// first is in flight, unknown methods, an unreadable message, a PluginReply
// to a call the host never made — plus ordinary ones, answers the host's
// Init and Shutdown, and on its command `raw-go` writes every HostResponse (and what the same input
// gets as a unary call) to <state dir>/report.json.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { createHostConnection, toHostCallError } from "@holomush/plugin-sdk";
import {
  CommandStatus,
  EmitEventRequestSchema,
  EmitEventResponseSchema,
  KvGetRequestSchema,
  KvGetResponseSchema,
  KvSetRequestSchema,
  LogRequestSchema,
  PLUGIN_API_VERSIONS,
} from "@holomush/proto";

const name = process.env.HOLOMUSH_PLUGIN_NAME;
const token = readFileSync(process.env.HOLOMUSH_PLUGIN_TOKEN_FILE, "utf8").trim();
const connection = createHostConnection({
  socketPath: process.env.HOLOMUSH_HOST_ADDRESS.replace(/^unix:/, ""),
  token,
});
const responses = [];
let stream;
let hello;
const request = (requestId, method, message) =>
  stream.send({ frame: { case: "hostRequest", value: { requestId, method, message } } });
const answered = (count) =>
  new Promise((resolve) => {
    const check = () => (responses.length >= count ? resolve() : setTimeout(check, 5));
    check();
  });
const summary = (response, output) => ({
  id: Number(response.requestId),
  code: response.code,
  error: response.error?.code ?? "",
  field: response.error?.metadata?.field ?? "",
  ...(response.code === 0 && output ? { value: output(response.message) } : {}),
});

async function hostile() {
  const key = (text) => toBinary(KvGetRequestSchema, create(KvGetRequestSchema, { key: text }));
  // 1. The same request_id twice in one write: the second is refused, the first still answered.
  request(7n, "KvGet", key("dup"));
  request(7n, "KvGet", key("dup"));
  // 2. Methods the service does not have, as a request (Connect is the stream itself).
  request(8n, "Connect", new Uint8Array());
  request(9n, "DropTables", new Uint8Array());
  // 3. A message that is not a KvGetRequest.
  request(10n, "KvGet", new Uint8Array([0xff, 0xff, 0xff, 0xff]));
  // 4. A reply to a call the host never made: ignored.
  stream.send({ frame: { case: "reply", value: { callId: 987654n, reply: { case: "init", value: {} } } } });
  // 5. An emit the manifest does not allow, and one it does.
  const emit = (stream) =>
    toBinary(
      EmitEventRequestSchema,
      create(EmitEventRequestSchema, { events: [{ stream, type: "raw", payload: "{}" }] }),
    );
  request(11n, "EmitEvent", emit("system:alerts"));
  request(12n, "EmitEvent", emit("test:raw"));
  // 6. A key over the limit, then an ordinary write and read back.
  const longKey = "k".repeat(600);
  request(13n, "KvSet", toBinary(KvSetRequestSchema, create(KvSetRequestSchema, { key: longKey })));
  request(
    14n,
    "KvSet",
    toBinary(KvSetRequestSchema, create(KvSetRequestSchema, { key: "mine", value: new Uint8Array([1, 2]) })),
  );
  await answered(9);
  request(15n, "KvGet", key("mine"));
  // 7. A log line as a request (a forged `plugin` field is renamed by the host, as for unary Log).
  const log = create(LogRequestSchema, { level: 3, message: "raw says hi", fields: { plugin: "victim" } });
  request(16n, "Log", toBinary(LogRequestSchema, log));
  await answered(11);
  const decoders = {
    7: (bytes) => fromBinary(KvGetResponseSchema, bytes).found,
    12: (bytes) => fromBinary(EmitEventResponseSchema, bytes).eventIds.length,
    15: (bytes) => Array.from(fromBinary(KvGetResponseSchema, bytes).value),
  };
  const unary = async (run) => {
    try {
      await run();
      return "OK";
    } catch (error) {
      return toHostCallError(error).code;
    }
  };
  const report = {
    capabilities: hello.capabilities,
    responses: responses.map((response) => summary(response, decoders[Number(response.requestId)])),
    unary: {
      longKey: await unary(() => connection.host.kvSet({ key: longKey })),
      undeclaredEmit: await unary(() =>
        connection.host.emitEvent({ events: [{ stream: "system:alerts", type: "raw", payload: "{}" }] }),
      ),
    },
  };
  writeFileSync(join(process.env.FAULT_STATE_DIR, "report.json"), JSON.stringify(report));
}

stream = await connection.openStream((response) => {
  const frame = response.frame;
  if (frame.case === "hello") {
    hello = frame.value;
  } else if (frame.case === "hostResponse") {
    responses.push(frame.value);
  } else if (frame.case === "ping") {
    stream.send({ frame: { case: "pong", value: { nonce: frame.value.nonce } } });
  } else if (frame.case === "call") {
    const call = frame.value;
    const send = (reply) => stream.send({ frame: { case: "reply", value: { callId: call.callId, reply } } });
    if (call.call.case === "command") {
      // `raw-go`: the frames go out once the plugin is loaded; the command answers when all is in.
      void hostile().then(
        () => send({ case: "command", value: { response: { status: CommandStatus.OK, output: "done" } } }),
        (error) =>
          send({
            case: "command",
            value: { response: { status: CommandStatus.OK, output: `failed: ${error.message}` } },
          }),
      );
      return;
    }
    send(call.call.case === "shutdown" ? { case: "shutdown", value: {} } : { case: "init", value: {} });
    if (call.call.case === "shutdown") setTimeout(() => process.exit(0), 50);
  }
});
stream.send({
  frame: {
    case: "hello",
    value: { name, version: "1.0.0", apiVersions: [...PLUGIN_API_VERSIONS], commands: ["raw-go"] },
  },
});
await stream.done;
process.exit(0);
