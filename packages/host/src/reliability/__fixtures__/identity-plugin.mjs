#!/usr/bin/env node
// A process plugin that tries to act as someone else or beyond its manifest
// (the identity suite runs it). `probe <attempt> [arg]` makes one attempt
// through the SDK (or a raw connection) and answers the host's error code,
// or ALLOWED if the host let it through. IDENTITY_HELLO_NAME makes its hello
// claim another plugin's name (with its own token).
import { createHostConnection, errorf, ok, serve, serveWithServices, toHostCallError } from "@holomush/plugin-sdk";
import { SceneService } from "@holomush/proto";

let context;
let config;

async function attempt(name, arg) {
  switch (name) {
    case "no-token": {
      // A raw connection to the host socket that presents no token.
      const socketPath = (process.env.HOLOMUSH_HOST_ADDRESS ?? "").slice("unix:".length);
      await createHostConnection({ socketPath, token: "" }).host.kvGet({ key: "secret" });
      return "ALLOWED";
    }
    case "second-stream":
      // Replays this plugin's credentials on a second connection while the first is live.
      await serve({ handler: { handleEvent: async () => [] } });
      return "ALLOWED";
    case "kv-read":
      return `VALUE:${(await context.kv.getText(arg)) ?? "<none>"}`;
    case "kv-write":
      await context.kv.set(arg, "written by intruder");
      return "ALLOWED";
    case "emit":
      await context.eventSink.emit({ stream: arg, type: "forged", payload: {} });
      return "ALLOWED";
    case "service": {
      // Its one broker id (WorldService) used for a service it never required.
      const broker = config.requiredServices["holomush.world.v1.WorldService"];
      await context.connectService(SceneService, broker).listScenes({});
      return "ALLOWED";
    }
    case "focus":
      await context.focusClient.joinFocus(arg, { kind: 1, targetId: "s1" });
      return "ALLOWED";
    default:
      return `UNKNOWN:${name}`;
  }
}

const handler = {
  async handleEvent() {
    return [];
  },
  async handleCommand(request) {
    const [name = "", arg = ""] = request.args.split(" ");
    try {
      return ok(await attempt(name, arg));
    } catch (error) {
      const code = toHostCallError(error).code;
      return code ? ok(code) : errorf("uncoded: %s", String(error?.message ?? error));
    }
  },
};

await serveWithServices(
  { handler, ...(process.env.IDENTITY_HELLO_NAME ? { name: process.env.IDENTITY_HELLO_NAME } : {}) },
  {
    init(value, initContext) {
      config = value;
      context = initContext;
    },
  },
);
