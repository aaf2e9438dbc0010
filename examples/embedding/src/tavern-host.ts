// docs/embedding.md: a host of your own on @holomush/host — your world, your focus kind, your transport.
import { createInterface } from "node:readline";
import {
  createHost,
  definePlugin,
  type FocusKindPolicy,
  HostError,
  HostErrorCode,
  type WorldDirectory,
  watchedStreams,
} from "@holomush/host";
import { CommandStatus, type Event, FocusKind } from "@holomush/proto";

// 1. Your world: who may connect and where they are (a guest list; everyone is in the hall).
const guests = new Map([
  ["ada", { id: "guest-ada", name: "Ada", locationId: "hall" }],
  ["bob", { id: "guest-bob", name: "Bob", locationId: "hall" }],
]);
const directory: WorldDirectory = {
  resolveCharacter(name) {
    const guest = guests.get(name.toLowerCase());
    if (guest === undefined) throw new HostError(HostErrorCode.INVALID_ARGUMENT, `${name} is not on the guest list`);
    return guest;
  },
  locationOf: (id) => [...guests.values()].find((guest) => guest.id === id)?.locationId,
};

// 2. Your focus kind: sitting at a table watches `table:<id>`, its last 5 events replayed on joining.
const tables: FocusKindPolicy = {
  kind: FocusKind.SCENE,
  streams: (table) => [{ stream: `table:${table}`, replay: "tail", tailCount: 5 }],
};

// 3. The engine, and a plugin: `say <words>` speaks to the room, `toast <table> <words>` to a table.
const host = await createHost({ directory, focusKinds: [tables], logLevel: "warn" });
const commands = [
  { name: "say", help: "speak to the room" },
  { name: "toast", help: "raise a glass at a table" },
];
await host.registerPlugin(
  { name: "chat", version: "1.0.0", commands, emits: ["location", "table"] },
  definePlugin({
    handleCommand({ command, args, locationId }) {
      const [table = "", ...words] = args.split(" ");
      const stream = command === "say" ? `location:${locationId}` : `table:${table}`;
      const message = command === "say" ? args : words.join(" ");
      return { status: CommandStatus.OK, events: [{ stream, type: command, payload: JSON.stringify({ message }) }] };
    },
  }),
);
await host.start();

// 4. Your transport: lines on stdin and stdout. The first line names the guest; `sit <table>` joins a table.
const show = (event: Event) => console.log(`[${event.stream}] ${event.actorId}: ${JSON.parse(event.payload).message}`);
let sessionId: string | undefined;
for await (const line of createInterface({ input: process.stdin })) {
  if (sessionId === undefined) {
    sessionId = await host.connect(line).then(
      (session) => session.id,
      (error: Error) => void console.log(error.message),
    );
    const id = sessionId;
    if (id === undefined) continue;
    host.bus.watch("*", (event) => watchedStreams(host.sessions.get(id)).includes(event.stream) && show(event));
    console.log(`welcome, ${host.sessions.get(id).characterName}`);
  } else if (line.startsWith("sit ")) {
    const { replay } = await host.focus.join(sessionId, { kind: FocusKind.SCENE, targetId: line.slice(4) });
    replay.forEach(show);
  } else {
    await host.execute(sessionId, line);
  }
}
await host.stop();
