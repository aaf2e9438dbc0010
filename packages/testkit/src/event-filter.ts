/**
 * Selecting events in tests: by stream pattern, type, actor and a partial
 * payload, plus how an event is printed when an assertion fails. Events are
 * the generated `Event` messages; payloads are parsed from their JSON here.
 */
import { matchStreamPattern } from "@holomush/host";
import { ActorKind, type Event } from "@holomush/proto";

/** Actor kinds by the names used in tests. */
export type ActorKindName = "character" | "system" | "plugin";

/** One actor: who publishes an event or who is expected to have published it. */
export interface ActorRef {
  kind: ActorKindName;
  id: string;
}

/**
 * Who an event comes from: `"system"` (the host), an actor, or anything that
 * carries one (a test character).
 */
export type ActorInput = "system" | ActorRef | { readonly actor: ActorRef };

/** Like ActorInput, but the id may be left out to match every actor of a kind. */
export type ActorMatcher = ActorInput | { kind: ActorKindName; id?: string };

/** Selects events; every field given must match, and absent fields match anything. */
export interface EventFilter {
  /** A stream name or pattern (docs/events.md) (`location:*`, `*`). Default: any stream. */
  stream?: string;
  /** One event type, or any of several. Default: any type. */
  type?: string | readonly string[];
  /** Who published the event. Default: anyone. */
  actor?: ActorMatcher;
  /**
   * Compared with the parsed JSON payload: objects match partially (at any
   * depth), arrays and scalars exactly; vitest asymmetric matchers
   * (`expect.stringMatching(...)`) work anywhere. Default: any payload.
   */
  payload?: unknown;
  /** Any further condition. Default: none. */
  where?: (event: Event) => boolean;
}

const KIND_BY_NAME: Record<ActorKindName, ActorKind> = {
  character: ActorKind.CHARACTER,
  system: ActorKind.SYSTEM,
  plugin: ActorKind.PLUGIN,
};

/** Normalises an ActorMatcher to a kind and an optional id. */
export function actorOf(input: ActorMatcher): { kind: ActorKindName; id?: string } {
  if (input === "system") return { kind: "system" };
  if ("actor" in input) return input.actor;
  return input;
}

/** The bus's ActorKind for a kind name. */
export function actorKindOf(kind: ActorKindName): ActorKind {
  return KIND_BY_NAME[kind];
}

/** The payload parsed from JSON; the raw string when it is not JSON. */
export function payloadOf(event: Event): unknown {
  if (event.payload === "") return {};
  try {
    return JSON.parse(event.payload);
  } catch {
    return event.payload;
  }
}

/** True when `event` satisfies every field of `filter` (an empty filter matches any event). */
export function matchesEvent(event: Event, filter: EventFilter = {}): boolean {
  if (filter.stream !== undefined && !matchStreamPattern(filter.stream, event.stream)) return false;
  if (filter.type !== undefined) {
    const types: readonly string[] = typeof filter.type === "string" ? [filter.type] : filter.type;
    if (!types.includes(event.type)) return false;
  }
  if (filter.actor !== undefined) {
    const actor = actorOf(filter.actor);
    if (event.actorKind !== KIND_BY_NAME[actor.kind]) return false;
    if (actor.id !== undefined && event.actorId !== actor.id) return false;
  }
  if (filter.payload !== undefined && !matchesPartially(payloadOf(event), filter.payload)) return false;
  return filter.where === undefined || filter.where(event);
}

interface AsymmetricMatcher {
  asymmetricMatch(actual: unknown): boolean;
}

function isAsymmetricMatcher(value: unknown): value is AsymmetricMatcher {
  return typeof value === "object" && value !== null && typeof Reflect.get(value, "asymmetricMatch") === "function";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Objects partially, arrays element by element (same length), scalars with Object.is. */
export function matchesPartially(actual: unknown, expected: unknown): boolean {
  if (isAsymmetricMatcher(expected)) return expected.asymmetricMatch(actual);
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, index) => matchesPartially(actual[index], item))
    );
  }
  if (isRecord(expected)) {
    return isRecord(actual) && Object.entries(expected).every(([key, value]) => matchesPartially(actual[key], value));
  }
  return Object.is(actual, expected);
}

/** `location:square say by character:01J… {"message":"hi"}`: one line per event in failure messages. */
export function describeEvent(event: Event): string {
  const kind = (ActorKind[event.actorKind] ?? String(event.actorKind)).toLowerCase();
  return `${event.stream} ${event.type} by ${kind}:${event.actorId} ${event.payload}`;
}

/** The filter as written, for failure messages (functions and matchers shown by name). */
export function describeFilter(filter: EventFilter): string {
  const { where, actor, ...rest } = filter;
  const parts: Record<string, unknown> = { ...rest };
  if (actor !== undefined) parts.actor = actorOf(actor);
  if (where !== undefined) parts.where = "<function>";
  return JSON.stringify(parts, (_key, value: unknown) => (isAsymmetricMatcher(value) ? describeMatcher(value) : value));
}

function describeMatcher(matcher: AsymmetricMatcher): string {
  const describe = Reflect.get(matcher, "toAsymmetricMatcher") ?? Reflect.get(matcher, "toString");
  return typeof describe === "function" ? String(describe.call(matcher)) : "<matcher>";
}
