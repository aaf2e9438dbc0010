/**
 * Not a benchmark (run.ts only picks *.bench.ts): the floor of the console's
 * `say` round trip with the host's guarantees kept, and nothing else. It is
 * started as a child process by console-roundtrip.bench.ts:
 *
 *   node --import tsx bench/say-floor-server.ts <dataDir>   → prints its port
 *
 * For each `say <text>` line on a TCP socket it does what no host can skip:
 * the say is made durable in the host's event store (openStorage, the same
 * table and statement as the host), then handed to echo-bot's WASM module in a
 * worker thread (a plugin may loop forever, so it never runs on the main
 * thread), while the speaker's line is written; echo-bot's answer is made
 * durable in turn and its line written. No command parsing, sessions,
 * authorization, routing, rendering, limits or watchdog.
 *
 * HOLOMUSH_BENCH_DATABASE=postgres uses HOLOMUSH_TEST_DATABASE_URL, as the host does.
 */
import { createServer, type Socket } from "node:net";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { create } from "@bufbuild/protobuf";
import { createUlidFactory, openStorage } from "@holomush/host";
import {
  ActorKind,
  type Event,
  EventSchema,
  type GuestEvent,
  type GuestEventOutput,
  WasmActorKind,
} from "@holomush/proto";
import { pino } from "pino";
import { EXAMPLES } from "./game-host.js";

const STREAM = "location:floor";
const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: say-floor-server.ts <dataDir>");

const storage = await openStorage({
  dataDir,
  databaseUrl: process.env.HOLOMUSH_BENCH_DATABASE === "postgres" ? process.env.HOLOMUSH_TEST_DATABASE_URL : undefined,
  logger: pino({ level: "silent" }),
});
const nextId = createUlidFactory();

const worker = new Worker(new URL("./say-floor-worker.mjs", import.meta.url), {
  workerData: { wasm: join(EXAMPLES, "echo-bot", "build", "echo-bot.wasm") },
});
const answers: ((output: string) => void)[] = [];
await new Promise<void>((resolve) => worker.once("message", () => resolve()));
worker.on("message", (output: string) => answers.shift()?.(output));

function callEchoBot(input: string): Promise<string> {
  return new Promise((resolve) => {
    answers.push(resolve);
    worker.postMessage(input);
  });
}

function event(type: string, actorKind: ActorKind, actorId: string, payload: string): Event {
  return create(EventSchema, {
    id: nextId(),
    stream: STREAM,
    type,
    timestamp: BigInt(Date.now()),
    actorKind,
    actorId,
    payload,
  });
}

async function say(socket: Socket, text: string): Promise<void> {
  const spoken = event("say", ActorKind.CHARACTER, "floor", JSON.stringify({ message: text }));
  await storage.events.append(spoken);
  const input: GuestEvent = {
    id: spoken.id,
    stream: spoken.stream,
    type: spoken.type,
    timestamp: Number(spoken.timestamp),
    actor_kind: WasmActorKind.character,
    actor_id: spoken.actorId,
    payload: spoken.payload,
  };
  const answer = callEchoBot(JSON.stringify(input));
  socket.write(`floor says, "${text}"\r\n`);
  const emitted = (JSON.parse(await answer) as GuestEventOutput).events?.[0];
  if (emitted?.payload === undefined) throw new Error("echo-bot did not answer");
  await storage.events.append(event("say", ActorKind.PLUGIN, "echo-bot", emitted.payload));
  socket.write(`echo-bot says, "${(JSON.parse(emitted.payload) as { message: string }).message}"\r\n`);
}

const server = createServer((socket) => {
  socket.setNoDelay(true);
  let buffered = "";
  socket.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
      const line = buffered.slice(0, end).trimEnd();
      buffered = buffered.slice(end + 1);
      if (line.startsWith("say ")) void say(socket, line.slice(4));
    }
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(typeof address === "object" && address ? address.port : 0);
});
process.once("SIGTERM", () => {
  server.close();
  void worker.terminate().then(() => storage.close().then(() => process.exit(0)));
});
