/**
 * The demo host's line console over TCP (telnet / nc). Protocol, kept stable
 * for tests and operators: the first line a client sends is its character's
 * name; every later line is a command; every line the host sends is one
 * message to that character. Hostile clients are bounded by ConsoleLimits
 * (console-limits.ts): connections per host and per address, line length,
 * login/idle timeouts, command rate, unread output.
 */
import net from "node:net";
import type { Host } from "@holomush/host";
import { HostErrorCode, isHostError, resetStylesAtEnd, watchedStreams } from "@holomush/host";
import type { Event } from "@holomush/proto";
import type { Logger } from "pino";
import { createConnectionAdmission } from "./connection-admission.js";
import { readConsoleInput } from "./console-input.js";
import { type ConsoleLimits, resolveConsoleLimits } from "./console-limits.js";
import { type CloseReason, type ConsoleMetrics, createConsoleMetrics } from "./console-metrics.js";
import { renderEventOnce } from "./render-event.js";

/** A running line console. */
export interface ConsoleServer {
  /** Where it listens (the real port when started with port 0). */
  readonly host: string;
  readonly port: number;
  /** The limits in force (defaults overlaid with the options). */
  readonly limits: Readonly<ConsoleLimits>;
  /** Stops listening and disconnects every client. */
  close(): Promise<void>;
}

/** Where the console listens and its limits. */
export interface ConsoleOptions {
  host?: string;
  /** Default 4201; 0 picks a free port. */
  port?: number;
  /** Per-connection and per-host limits; each unset one keeps its default (DEFAULT_CONSOLE_LIMITS). */
  limits?: Partial<ConsoleLimits>;
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

/** Starts the line console (telnet / nc): the first line is the character's name, later lines are commands. */
export async function startConsoleServer(host: Host, options: ConsoleOptions = {}): Promise<ConsoleServer> {
  const limits = resolveConsoleLimits(options.limits);
  const metrics = createConsoleMetrics(host.metrics.registry);
  const admission = createConnectionAdmission(limits);
  const logger = host.logger.child({ component: "console" });
  const sockets = new Set<net.Socket>();
  let refusalsLogged = 0;
  const server = net.createServer((socket) => {
    // First, before anything can fail: a reset arriving now must not be an unhandled 'error'.
    socket.on("error", () => socket.destroy());
    const address = socket.remoteAddress ?? "unknown";
    const ticket = admission.admit(address);
    if (!ticket.admitted) {
      metrics.refused(ticket.limit);
      // Log the first refusals, then every 1000th: a storm must not flood the log.
      if (refusalsLogged++ % 1000 === 0)
        logger.warn(
          { code: HostErrorCode.CONSOLE_TOO_MANY_CONNECTIONS, address, refused: refusalsLogged },
          `console connection refused: ${ticket.reason}`,
        );
      socket.end(
        `Too many connections: ${ticket.reason}. Try again later. (${HostErrorCode.CONSOLE_TOO_MANY_CONNECTIONS})\r\n`,
      );
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    sockets.add(socket);
    metrics.opened();
    socket.on("close", () => {
      sockets.delete(socket);
      ticket.release();
    });
    serveConnection({ host, limits, metrics, logger }, socket);
  });
  // Accept failures (EMFILE, …) after listening are logged; they must not end the host.
  const listening = new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4201, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      server.on("error", (error) => logger.error({ err: error }, "console listener error"));
      resolve();
    });
  });
  await listening;
  const address = server.address() as net.AddressInfo;
  return {
    host: address.address,
    port: address.port,
    limits,
    async close() {
      for (const socket of sockets) {
        (socket as ClosableSocket).closeReason ??= "shutdown";
        socket.end("The host is shutting down. Goodbye.\r\n");
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 500).unref();
      });
    },
  };
}

interface ConnectionContext {
  host: Host;
  limits: ConsoleLimits;
  metrics: ConsoleMetrics;
  logger: Logger;
}

/** A socket with the reason it is being closed for (set once, first reason wins). */
type ClosableSocket = net.Socket & { closeReason?: CloseReason };

function serveConnection(context: ConnectionContext, socket: ClosableSocket): void {
  const { host, limits, metrics } = context;
  const logger = context.logger.child({ remote: `${socket.remoteAddress}:${socket.remotePort}` });
  socket.setNoDelay(true);
  // Finds peers that vanished (half-open) on a logged-in connection with no traffic.
  socket.setKeepAlive(true, 60_000);
  // Output of one event-loop turn leaves in one write, after the turn: every write wakes the
  // reader, and on a busy host that preempts us before the event reached its plugins.
  let corked = false;
  /** Bytes sent in this turn (still corked): not yet offered to the client. */
  let turnBytes = 0;
  const checkUnread = (unread: number) => {
    if (unread <= limits.maxOutputBytes) return;
    // A client that does not read must not make the host hold everyone's events for it.
    socket.closeReason ??= "output_overflow";
    logger.warn(
      { unsent: socket.writableLength, limit: limits.maxOutputBytes },
      "console client is not reading its output: connection closed",
    );
    socket.destroy();
  };
  const uncork = () => {
    corked = false;
    turnBytes = 0;
    socket.uncork();
    if (!socket.destroyed) checkUnread(socket.writableLength);
  };
  const send = (text: string) => {
    if (!socket.writable) return;
    if (!corked) {
      corked = true;
      socket.cork();
      setImmediate(uncork);
    }
    const chunk = `${text.includes("\n") ? text.split("\n").join("\r\n") : text}\r\n`;
    turnBytes += chunk.length;
    socket.write(chunk);
    checkUnread(socket.writableLength - turnBytes);
  };
  const close = (reason: CloseReason, message: string) => {
    if (socket.closeReason !== undefined || socket.destroyed) return;
    socket.closeReason = reason;
    send(message);
    socket.end();
    setTimeout(() => socket.destroy(), 1000).unref();
  };
  let sessionId: string | undefined;
  let characterId: string | undefined;
  let unwatch: Array<() => void> = [];
  let watching = "";
  const detach: Array<() => void> = [];
  const recent = new Set<string>();
  let inFlight: Promise<void> = Promise.resolve();

  const show = (event: Event) => {
    if (recent.has(event.id)) return; // a focus replay and live delivery can overlap
    if (isOwnMovement(event, characterId)) return;
    recent.add(event.id);
    if (recent.size > RECENT_EVENTS) recent.delete(recent.values().next().value as string);
    send(renderEventOnce(event, host.directory));
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
  readConsoleInput(socket, {
    limits,
    metrics,
    logger,
    tell: send,
    close,
    loggedIn: () => sessionId !== undefined,
    // One line at a time per connection, so a player's commands keep their order.
    onLine: (line) => {
      inFlight = handle(line).catch((error: unknown) => {
        logger.error({ err: error }, "console line failed");
        send("Something went wrong handling that; the host logged it.");
      });
      return inFlight;
    },
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
      // Where they are, when the host's world can describe it.
      const location = host.directory.describeLocation?.(host.sessions.get(id).locationId);
      const where = location === undefined ? "" : ` You are in ${location.name}.`;
      send(`Welcome, ${name}.${where} Type "help" for commands.`);
      return;
    }
    if (line.trim().toLowerCase() === "quit") {
      close("quit", "Goodbye.");
      return;
    }
    const outcome = await host.execute(sessionId, line);
    if (outcome === undefined || outcome.output.length === 0) return;
    send(resetStylesAtEnd(outcome.output));
  }

  const stopWatching = () => {
    for (const stop of [...unwatch, ...detach]) stop();
    unwatch = [];
    detach.length = 0;
  };
  socket.on("close", (hadError) => {
    metrics.closed(socket.closeReason ?? (hadError ? "reset" : "client"));
    stopWatching();
    // After the line in flight: a name being accepted right now still gets its session closed.
    void inFlight.then(async () => {
      stopWatching();
      const id = sessionId;
      sessionId = undefined;
      if (id !== undefined) await host.disconnect(id).catch(() => undefined);
    });
  });
}
