/**
 * A real host (the built package) with misbehaving in-process plugins next
 * to a well-behaved one, run as its own process by inproc-faults.test.ts.
 * Prints one JSON report on stdout. Mode (argv[2]):
 *   contained     faults in plugins' timers and promises, hung and throwing hooks
 *   unattributed  a throw in a host-side timer, outside any plugin
 *   opt-out       processFaultHandlers: false, then a plugin's timer throws
 */
import { ActorKind, CommandStatus } from "@holomush/proto";
import { pino } from "pino";
import { createHost } from "../../../dist/index.js";

const mode = process.argv[2] ?? "contained";
const logs = [];
const logger = pino({ level: "warn" }, { write: (line) => void logs.push(JSON.parse(line)) });
const host = await createHost({
  logger,
  commandTimeoutMs: 500,
  interceptDeadlineMs: 200,
  ...(mode === "opt-out" ? { processFaultHandlers: false } : {}),
});
const manifest = (name, extra = {}) => ({
  name,
  version: "1.0.0",
  type: "inproc",
  events: [{ stream: "location:*", types: ["say"] }],
  delivery: { "timeout-ms": 300 },
  ...extra,
});
const message = (event) => JSON.parse(event.payload).message;
const never = () => new Promise(() => undefined);

const received = [];
await host.registerPlugin(manifest("good", { commands: [{ name: "ping", help: "answers pong" }] }), {
  handleEvent(event) {
    received.push(message(event));
  },
  handleCommand: () => ({ status: CommandStatus.OK, output: "pong" }),
});
await host.registerPlugin(manifest("timer-thrower"), {
  handleEvent(event) {
    if (message(event) === "boom-timer")
      setTimeout(() => {
        throw new Error("boom in a timer");
      }, 0);
  },
});
await host.registerPlugin(manifest("rejecter"), {
  handleEvent(event) {
    if (message(event) === "boom-reject") Promise.reject(new Error("nobody handles this rejection"));
  },
});
await host.registerPlugin(
  manifest("hanger", {
    events: [{ stream: "location:*", types: ["say"], intercept: true }],
    commands: [{ name: "hang", help: "never answers" }],
  }),
  { validateEvent: never, filterEvent: never, handleEvent: never, handleCommand: never },
);
await host.registerPlugin(
  manifest("thrower", {
    emits: ["location"],
    commands: [
      { name: "crash", help: "throws" },
      { name: "announce", help: "emits a say" },
    ],
  }),
  {
    handleEvent() {
      throw new Error("sync throw in handleEvent");
    },
    handleCommand(request) {
      if (request.command === "crash") throw new Error("sync throw in handleCommand");
      return {
        status: CommandStatus.OK,
        output: "announced",
        events: [
          { stream: `location:${request.locationId}`, type: "say", payload: JSON.stringify({ message: "announced" }) },
        ],
      };
    },
  },
);
const report = await host.start();
const session = await host.connect("alice");
const say = (text) =>
  host.publish({
    stream: `location:${session.locationId}`,
    type: "say",
    payload: JSON.stringify({ message: text }),
    actorKind: ActorKind.CHARACTER,
    actorId: session.characterId,
  });

if (mode === "unattributed") {
  setTimeout(() => {
    throw new Error("host bug outside any plugin");
  }, 0);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  process.stdout.write(`${JSON.stringify({ survived: true })}\n`);
  process.exit(0);
}

const said = ["m0", "m1", "boom-timer", "m3", "boom-reject", "m5"];
for (const text of said) await say(text);
await new Promise((resolve) => setTimeout(resolve, 100));
// After both faults: more events, commands, and a cancellable event past the hung hooks.
for (const text of ["m6", "m7"]) await say(text);
const run = async (line) => {
  const started = Date.now();
  const outcome = await host.execute(session.id, line);
  return { status: CommandStatus[outcome.status], output: outcome.output, ms: Date.now() - started };
};
const commands = {
  ping: await run("ping"),
  hang: await run("hang"),
  pingAfterHang: await run("ping"),
  crash: await run("crash"),
  announce: await run("announce"),
};
await new Promise((resolve) => setTimeout(resolve, 800));
const states = Object.fromEntries(host.plugins.list().map((status) => [status.name, status.state]));
const failures = Object.fromEntries(
  host.plugins.list().flatMap((status) => (status.error ? [[status.name, status.error]] : [])),
);
process.stdout.write(
  `${JSON.stringify({
    loaded: report.loaded,
    states,
    failures,
    received,
    commands,
    bus: host.bus.stats(),
    logs: logs.map((line) => ({
      msg: line.msg,
      plugin: line.plugin ?? line.queue,
      code: line.err?.code,
      command: line.command,
      message: line.err?.message,
    })),
    rssMb: Math.round(process.memoryUsage().rss / 1048576),
  })}\n`,
);
await host.stop();
