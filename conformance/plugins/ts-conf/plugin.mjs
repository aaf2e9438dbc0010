#!/usr/bin/env node
// ts-conf: the conformance probes (see conformance/README.md) on @holomush/plugin-sdk.
import { errorf, failuref, ok, parseBrokerServices, serveWithServices } from "@holomush/plugin-sdk";
import { FocusKind, WorldService } from "@holomush/proto";

let sink;
let focus;
let kv;
let world;

const codeOf = (error) => error?.code ?? String(error);
const decoder = new TextDecoder();

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
  handleEvent(event) {
    if (event.type === "say" && event.actorKind === 1) {
      const { message } = JSON.parse(event.payload || "{}");
      return message
        ? [{ stream: event.stream, type: "say", payload: JSON.stringify({ message: `Echo: ${message}` }) }]
        : [];
    }
    if (event.type === "conf.seq") return [{ stream: event.stream, type: "conf.ack", payload: event.payload }];
    return [];
  },
  async handleCommand(request) {
    const args = request.args.trim();
    const space = args.indexOf(" ");
    const probe = space < 0 ? args : args.slice(0, space);
    const rest = space < 0 ? "" : args.slice(space + 1).trim();
    try {
      return await run(probe, rest, request);
    } catch (error) {
      return errorf("%s", codeOf(error));
    }
  },
};

async function run(probe, rest, request) {
  const [first = "", ...others] = rest.split(" ");
  const tail = others.join(" ");
  switch (probe) {
    case "status":
      if (first === "ok") return ok(tail);
      if (first === "error") return errorf("%s", tail);
      if (first === "failure") return failuref("%s", tail);
      return errorf("usage: conf status ok|error|failure <text>");
    case "request":
      return ok(
        JSON.stringify({
          command: request.command,
          args: request.args,
          characterId: request.characterId,
          characterName: request.characterName,
          locationId: request.locationId,
          sessionId: request.sessionId,
          playerId: request.playerId,
          invokedAs: request.invokedAs,
        }),
      );
    case "kv-set":
      await kv.set(first, tail);
      return ok(`stored ${first}`);
    case "kv-get": {
      const value = await kv.get(rest);
      return value === undefined ? errorf("no key %s", rest) : ok(decoder.decode(value));
    }
    case "kv-list":
      return ok((await kv.list(rest)).entries.map((entry) => entry.key).join(","));
    case "emit":
      return ok(await sink.emit({ stream: rest, type: "conf.emitted", payload: { by: "ts-conf" } }));
    case "focus": {
      const target = { kind: FocusKind.SCENE, targetId: tail };
      if (first === "join") return ok((await focus.joinFocus(request.sessionId, target)).join(","));
      if (first === "present") {
        await focus.presentFocus(request.sessionId, target);
        return ok(`presenting ${tail}`);
      }
      if (first === "leave")
        return ok(`left ${tail} (was member: ${await focus.leaveFocus(request.sessionId, target)})`);
      return errorf("usage: conf focus join|present|leave <id>");
    }
    case "history": {
      const page = await focus.queryStreamHistory({ stream: rest, count: 10 });
      return ok(page.entries.map((entry) => JSON.parse(entry.event?.payload || "{}").message ?? "").join("|"));
    }
    case "world": {
      if (!world) return failuref("WorldService was not provided");
      const reply = await world.getCharacter({ characterId: request.characterId });
      return ok(reply.character?.name ?? "");
    }
    case "crash":
      process.exit(3);
      break;
    case "sleep":
      await new Promise((resolve) => setTimeout(resolve, Number(rest)));
      return ok("slept");
  }
  return errorf("unknown probe %s", probe);
}

const offered = process.env.CONFORMANCE_API_VERSIONS;
await serveWithServices(
  { handler, commands: ["conf"], ...(offered ? { apiVersions: offered.split(",") } : {}) },
  {
    init(config, context) {
      const ids = parseBrokerServices(config.requiredServices);
      const id = ids.get(WorldService.typeName);
      if (id !== undefined) world = context.connectService(WorldService, `broker:${id}`);
    },
  },
);
