#!/usr/bin/env node
// A fixture process plugin whose behaviour is chosen by each event's payload
// (crash, hang, garbage on stdout, emit through the EventSink...) and by its
// environment (api versions offered, name in the hello).
import { existsSync } from "node:fs";
import { errorf, ok, serveWithServices, toHostCallError } from "@holomush/plugin-sdk";
import { SceneService, WorldService } from "@holomush/proto";

// Dies before its hello while this file exists: restarts fail until it is removed.
if (process.env.FIXTURE_EXIT_IF_EXISTS && existsSync(process.env.FIXTURE_EXIT_IF_EXISTS)) process.exit(3);

let sink;
let kv;
let focus;
let config;
let seen = 0;
let connectService;

const handler = {
  setEventSink: (value) => {
    sink = value;
  },
  setFocusClient: (value) => {
    focus = value;
  },
  setKvClient: (value) => {
    kv = value;
  },
  async handleEvent(event, context) {
    seen += 1;
    const payload = JSON.parse(event.payload || "{}");
    if (payload.crash) process.exit(3);
    if (payload.hang) {
      await new Promise((resolve) => context.signal.addEventListener("abort", resolve));
      return [{ stream: "test:late", type: "late", payload: "{}" }];
    }
    if (payload.busyMs) {
      // Blocks the event loop: Pings go unanswered.
      const until = Date.now() + payload.busyMs;
      while (Date.now() < until);
    }
    if (payload.garbage) process.stdout.write("\u0000\u00ff not a protocol frame\n{{{{\n");
    if (payload.sink) await sink.emit({ stream: "test:sink", type: "sunk", payload: { seq: payload.seq } });
    if (payload.cancel) return { result: { cancel: true, reason: "fixture cancels" } };
    return [
      {
        stream: "test:out",
        type: "echo",
        payload: JSON.stringify({ seq: payload.seq ?? null, pid: process.pid, seen, cancellable: context.cancellable }),
      },
    ];
  },
  async handleCommand(request) {
    if (request.command === "world") {
      const world = connectService(WorldService, config.requiredServices["holomush.world.v1.WorldService"]);
      const { location } = await world.getLocation({ locationId: request.args });
      return ok(`you are in ${location?.name}`);
    }
    if (request.command === "sneak") {
      // Reach a service this plugin did not declare, through its own broker id.
      const scenes = connectService(SceneService, config.requiredServices["holomush.world.v1.WorldService"]);
      try {
        await scenes.listScenes({});
        return ok("sneaked in");
      } catch (error) {
        return errorf("refused: %s", toHostCallError(error).code);
      }
    }
    if (request.command === "kvget") {
      // "missing", "value <v>" or "error <code>": a failure must never read as a missing key.
      try {
        const value = await kv.getText(request.args);
        return ok(value === undefined ? "missing" : `value ${value}`);
      } catch (error) {
        return ok(`error ${toHostCallError(error).code}`);
      }
    }
    if (request.command === "present") {
      try {
        await focus.presentFocus(request.sessionId, { kind: 1, targetId: request.args });
        return ok("presented");
      } catch (error) {
        return errorf("%s", error.code);
      }
    }
    return ok(`echo ${request.args}`);
  },
};

const provider = {
  registerServices(router) {
    if (process.env.FIXTURE_PROVIDES_SCENES !== "1") return;
    router.service(SceneService, {
      getScene: (request, context) => ({
        scene: { id: request.sceneId, title: `asked by ${context.requestHeader.get("holomush-caller") || "host"}` },
      }),
    });
  },
  init(value, context) {
    config = value;
    connectService = context.connectService;
    if (value.pluginConfig?.failInit) throw new Error(`init refused: ${value.pluginConfig.failInit}`);
  },
};

const apiVersions = process.env.FIXTURE_API_VERSIONS?.split(",");
await serveWithServices(
  {
    handler,
    ...(apiVersions ? { apiVersions } : {}),
    ...(process.env.FIXTURE_HELLO_NAME ? { name: process.env.FIXTURE_HELLO_NAME } : {}),
  },
  provider,
);
