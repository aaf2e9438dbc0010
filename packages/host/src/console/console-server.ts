/**
 * The demo host's line console over TCP (telnet / nc). Protocol, kept stable
 * for tests and operators: the first line a client sends is its character's
 * name; every later line is a command; every line the host sends is one
 * message to that character.
 */
import net from "node:net";
import { createInterface } from "node:readline";
import type { Event } from "@holomush/proto";
import { HostErrorCode, isHostError } from "../errors.js";
import { watchedStreams } from "../focus/session.js";
import type { Host } from "../host/create-host.js";
import { renderEvent } from "./render-event.js";

export interface ConsoleServer {
  /** Where it listens (the real port when started with port 0). */
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface ConsoleOptions {
  host?: string;
  /** Default 4201; 0 picks a free port. */
  port?: number;
}

const RECENT_EVENTS = 256;

// A player does not need to be told that they themselves arrived or left.
function isOwnMovement(event: Event, characterId: string | undefined): boolean {
  if (characterId === undefined || (event.type !== "arrive" && event.type !== "leave")) return false;
  try {
    return (JSON.parse(event.payload) as { character_id?: unknown }).character_id === characterId;
  } catch {
    return false;
  }
}

export async function startConsoleServer(host: Host, options: ConsoleOptions = {}): Promise<ConsoleServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    serveConnection(host, socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4201, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  return {
    host: address.address,
    port: address.port,
    async close() {
      for (const socket of sockets) socket.end("The host is shutting down. Goodbye.\r\n");
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 500).unref();
      });
    },
  };
}

function serveConnection(host: Host, socket: net.Socket): void {
  socket.setEncoding("utf8");
  socket.setNoDelay(true);
  const send = (text: string) => {
    if (socket.writable) for (const line of text.split("\n")) socket.write(`${line}\r\n`);
  };
  let sessionId: string | undefined;
  let characterId: string | undefined;
  let unwatch: Array<() => void> = [];
  let watching = "";
  const detach: Array<() => void> = [];
  const recent = new Set<string>();

  const show = (event: Event) => {
    if (recent.has(event.id)) return; // a focus replay and live delivery can overlap
    if (isOwnMovement(event, characterId)) return;
    recent.add(event.id);
    if (recent.size > RECENT_EVENTS) recent.delete(recent.values().next().value as string);
    send(renderEvent(event, host.world));
  };

  const syncWatches = () => {
    if (sessionId === undefined) return;
    let streams: string[];
    try {
      streams = watchedStreams(host.sessions.get(sessionId));
    } catch {
      return;
    }
    const key = streams.join("\n");
    if (key === watching) return;
    watching = key;
    for (const stop of unwatch) stop();
    unwatch = streams.map((stream) => host.bus.watch(stream, show));
  };

  send("Welcome to HoloMUSH. What is your name?");
  const lines = createInterface({ input: socket, crlfDelay: Number.POSITIVE_INFINITY });
  // One line at a time per connection, so a player's commands keep their order.
  let chain = Promise.resolve();
  lines.on("line", (raw) => {
    chain = chain
      .then(() => handle(raw.replace(/\r$/, "")))
      .catch((error: unknown) => {
        host.logger.error({ err: error }, "console line failed");
        send("Something went wrong handling that; the host logged it.");
      });
  });

  // A name already in play is not silently shared: the player confirms it is theirs.
  let confirming: string | undefined;

  async function handle(line: string): Promise<void> {
    if (sessionId === undefined) {
      const confirmed = confirming !== undefined && /^y(es)?$/i.test(line.trim());
      const name = confirmed ? (confirming as string) : line.trim();
      confirming = undefined;
      try {
        const session = await host.connect(name, { exclusive: !confirmed });
        sessionId = session.id;
        characterId = session.characterId;
      } catch (error) {
        if (isHostError(error, HostErrorCode.CHARACTER_IN_USE)) {
          confirming = name;
          send(`${name} is already connected. Type "yes" to connect as ${name} here too, or give another name.`);
          return;
        }
        send(`That name won't do: ${error instanceof Error ? error.message : String(error)}. What is your name?`);
        return;
      }
      const id = sessionId;
      detach.push(host.sessions.onChange((session) => session.id === id && syncWatches()));
      detach.push(
        host.sessionOutput.subscribe(id, (message) =>
          message.kind === "replay" ? show(message.event) : send(message.text),
        ),
      );
      syncWatches();
      const location = host.world.getLocation(host.sessions.get(id).locationId);
      send(`Welcome, ${name}. You are in ${location.name}. Type "help" for commands.`);
      return;
    }
    if (line.trim().toLowerCase() === "quit") {
      send("Goodbye.");
      socket.end();
      return;
    }
    const outcome = await host.execute(sessionId, line);
    if (outcome === undefined || outcome.output.length === 0) return;
    send(outcome.output);
  }

  socket.on("close", () => {
    for (const stop of [...unwatch, ...detach]) stop();
    const id = sessionId;
    sessionId = undefined;
    if (id !== undefined) {
      chain = chain.then(() => host.disconnect(id)).catch(() => undefined);
    }
  });
  socket.on("error", () => socket.destroy());
}
