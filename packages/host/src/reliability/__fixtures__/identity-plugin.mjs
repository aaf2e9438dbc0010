#!/usr/bin/env node
// A process plugin that tries to act as someone else or beyond its manifest
// (the identity suite runs it, spawned or dial-in). `<command> <attempt> [arg]`
// makes one attempt through the SDK (or a raw connection) and answers the
// host's error code, or ALLOWED if the host let it through.
// IDENTITY_HELLO_NAME makes its hello claim another plugin's name (on its own
// connection, or with its own token when it dials in).
import { createHostConnection, errorf, ok, serve, serveWithServices, toHostCallError } from "@holomush/plugin-sdk";
import { SceneService } from "@holomush/proto";

let context;
let config;

async function attempt(name, arg) {
  switch (name) {
    case "no-token": {
      // A new connection to the host's public socket (arg: its path, which any local process
      // can find), presenting no token: what a spawned plugin has to offer away from its own
      // connection, or a sibling trying to pass as another plugin.
      await createHostConnection({ socketPath: arg, token: "" }).host.kvGet({ key: "secret" });
      return "ALLOWED";
    }
    case "second-stream": {
      // Replays this dial-in plugin's token (from its environment) on a second connection while
      // the first is live. exit: false keeps this process, and its first session, running.
      const end = await serve({ handler: { handleEvent: async () => [] }, exit: false });
      return end.kind === "refused" ? end.error.code : `ENDED:${end.kind}`;
    }
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
