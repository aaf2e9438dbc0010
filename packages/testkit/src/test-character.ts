/**
 * A connected character: a real host session that types commands and records
 * what its player would see — events on the streams the session watches at
 * the moment each event is stored (location, character, focus streams), plus
 * the history a focus join replays to it.
 */
import { type CommandOutcome, type Host, HostError, HostErrorCode, type Session, watchedStreams } from "@holomush/host";
import type { Event } from "@holomush/proto";
import type { ActorRef, EventFilter } from "./event-filter.js";
import { createEventRecorder, type ExpectEventOptions } from "./event-recorder.js";

/** A connected character in the test host: run commands as it and inspect what its session saw. */
export interface TestCharacter {
  /** The character's name. */
  readonly name: string;
  /** The character's id in the built-in world. */
  readonly id: string;
  /** The id of the character's session. */
  readonly sessionId: string;
  /** `{ kind: "character", id }`: pass the character as an event's actor or an actor filter. */
  readonly actor: ActorRef;
  /** The session as the host holds it now (location, focus memberships). */
  session(): Session;
  /** Runs one line as this character and waits until every plugin has handled the results. */
  run(line: string): Promise<CommandOutcome>;
  /** `run("say <text>")`; throws COMMAND_UNKNOWN when no loaded plugin declares `say`. */
  say(text: string): Promise<CommandOutcome>;
  /** `run("pose <text>")`; throws COMMAND_UNKNOWN when no loaded plugin declares `pose`. */
  pose(text: string): Promise<CommandOutcome>;
  /** What this character's session saw, oldest first. */
  events(filter?: EventFilter): Event[];
  /** The newest event this character's session saw matching `filter`, or undefined. */
  lastEvent(filter?: EventFilter): Event | undefined;
  /** Waits (bounded) until this character has seen a matching event. */
  expectEvent(filter: EventFilter, options?: ExpectEventOptions): Promise<Event>;
  /** After the bus is idle, fails if this character saw a matching event. */
  expectNoEvent(filter: EventFilter): Promise<void>;
  /** Closes the session (the host announces the departure). */
  disconnect(): Promise<void>;
}

export interface TestCharacterDeps {
  host: Host;
  /** Runs an action, then waits for the bus and surfaces plugin errors (the test host's policy). */
  settle<T>(action: () => Promise<T>): Promise<T>;
  idle(): Promise<void>;
}

export interface ConnectedTestCharacter {
  character: TestCharacter;
  /** Stops recording. */
  dispose(): void;
}

export async function connectTestCharacter(name: string, deps: TestCharacterDeps): Promise<ConnectedTestCharacter> {
  const { host } = deps;
  const opened = await host.connect(name);
  const sessionId = opened.id;
  const recorder = createEventRecorder(`${name} saw`);
  const session = () => host.sessions.get(sessionId);
  // A join may replay an event the session also saw live; a player sees it once.
  const seen = new Set<string>();
  const record = (event: Event) => {
    if (seen.has(event.id)) return;
    seen.add(event.id);
    recorder.push(event);
  };

  const stopWatching = host.bus.watch("*", (event) => {
    const current = currentSession(host, sessionId);
    if (current !== undefined && watchedStreams(current).includes(event.stream)) record(event);
  });
  const stopReplays = host.sessionOutput.subscribe(sessionId, (message) => {
    if (message.kind === "replay") record(message.event);
  });

  async function run(line: string): Promise<CommandOutcome> {
    const outcome = await deps.settle(() => host.execute(sessionId, line));
    if (outcome === undefined) {
      throw new HostError(HostErrorCode.INVALID_ARGUMENT, `run() needs a command, got ${JSON.stringify(line)}`);
    }
    return outcome;
  }

  function runBuiltin(command: "say" | "pose", text: string): Promise<CommandOutcome> {
    if (host.commands.lookup(command) === undefined) {
      const message =
        `${command}() needs a "${command}" command, and no loaded plugin declares one. Load a plugin that does, ` +
        `or publish the event directly: t.deliver({ stream: "location:<id>", type: "${command}", payload: { message } })`;
      return Promise.reject(new HostError(HostErrorCode.COMMAND_UNKNOWN, message, { details: { command } }));
    }
    return run(`${command} ${text}`);
  }

  const character: TestCharacter = {
    name: opened.characterName,
    id: opened.characterId,
    sessionId,
    actor: { kind: "character", id: opened.characterId },
    session,
    run,
    say: (text) => runBuiltin("say", text),
    pose: (text) => runBuiltin("pose", text),
    events: (filter) => recorder.list(filter),
    lastEvent: (filter) => recorder.list(filter).at(-1),
    expectEvent: (filter, options) => recorder.expect(filter, deps.idle, options),
    expectNoEvent: (filter) => recorder.expectNone(filter, deps.idle),
    disconnect: () => deps.settle(() => host.disconnect(sessionId)),
  };
  return {
    character,
    dispose() {
      stopWatching();
      stopReplays();
    },
  };
}

/** The live session, or undefined once it is closed or expired. */
function currentSession(host: Host, sessionId: string): Session | undefined {
  try {
    return host.sessions.get(sessionId);
  } catch {
    return undefined;
  }
}
