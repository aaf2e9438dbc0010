#!/usr/bin/env node
// A process plugin that makes its host calls through the SDK (over its
// stream by default; STREAM_CALLS_UNARY=1 asks for unary calls) and answers
// `calls <attempt> [arg]` with what the host said: the value, ALLOWED, or the
// host's error code. `flood <n>` fires n KV reads at once and counts the
// answers by code; `hang <key>` starts one read and, when it fails, writes
// its code to <state dir>/hang (the read outlives the command).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ok, serve, toHostCallError } from "@holomush/plugin-sdk";

let kv;
let sink;
let focus;
const stateDir = process.env.FAULT_STATE_DIR ?? ".";

async function attempt(name, arg, request) {
  switch (name) {
    case "kv-get":
      return `VALUE:${(await kv.getText(arg)) ?? "<none>"}`;
    case "kv-set":
      await kv.set(arg, `written as ${arg}`);
      return "ALLOWED";
    case "kv-set-big":
      await kv.set(arg, new Uint8Array(1024 * 1024 + 1));
      return "ALLOWED";
    case "kv-delete":
      return `DELETED:${await kv.delete(arg)}`;
    case "kv-list":
      return `KEYS:${(await kv.list(arg)).entries.map((entry) => entry.key).join(",")}`;
    case "emit":
      await sink.emit({ stream: arg, type: "streamed", payload: { via: "sdk" } });
      return "ALLOWED";
    case "focus":
      await focus.joinFocus(arg || request.sessionId, { kind: 1, targetId: "s1" });
      return "ALLOWED";
    case "history":
      return `EVENTS:${(await focus.queryStreamHistory({ stream: arg, count: 5 })).entries.length}`;
    case "flood": {
      const settled = await Promise.allSettled(Array.from({ length: Number(arg) }, (_, i) => kv.get(`gate:${i}`)));
      const counts = {};
      for (const result of settled) {
        const code = result.status === "fulfilled" ? "OK" : toHostCallError(result.reason).code;
        counts[code] = (counts[code] ?? 0) + 1;
      }
      return Object.entries(counts)
        .sort()
        .map(([code, count]) => `${code}=${count}`)
        .join(" ");
    }
    case "hang":
      kv.get(arg).then(
        () => writeFileSync(join(stateDir, "hang"), "ANSWERED"),
        (error) => writeFileSync(join(stateDir, "hang"), toHostCallError(error).code),
      );
      return "STARTED";
    default:
      return `UNKNOWN:${name}`;
  }
}

await serve({
  commands: [process.env.STREAM_CALLS_COMMAND ?? "calls"],
  ...(process.env.STREAM_CALLS_UNARY === "1" ? { hostCalls: "unary" } : {}),
  handler: {
    setKvClient: (client) => {
      kv = client;
    },
    setEventSink: (value) => {
      sink = value;
    },
    setFocusClient: (value) => {
      focus = value;
    },
    async handleCommand(request) {
      const [name = "", ...rest] = request.args.split(" ");
      try {
        return ok(await attempt(name, rest.join(" "), request));
      } catch (error) {
        return ok(toHostCallError(error).code);
      }
    },
  },
});
