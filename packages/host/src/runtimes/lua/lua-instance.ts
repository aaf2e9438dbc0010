/**
 * One loaded Lua plugin as the host core drives it. Every call runs in a
 * fresh state (lua-call.ts); the host core already serializes calls per
 * plugin, so nothing here is shared between calls but the source text.
 */
import { ActorKind, type CommandRequest, type Event } from "@holomush/proto";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../../errors.js";
import type {
  CallOptions,
  CommandResponseInit,
  DeliveryOptions,
  EventOutcome,
  PluginInstance,
} from "../../plugins/runtime.js";
import type { Bridge } from "./lua-bridge.js";
import {
  callHandler,
  type LuaCallSpec,
  type LuaChunk,
  type PreparedState,
  prepareState,
  runLuaCall,
} from "./lua-call.js";
import { type LuaLimits, LuaRunError } from "./lua-engine.js";
import { toCommandResponse, toEmitEvents } from "./lua-results.js";

export interface LuaInstanceSpec {
  plugin: string;
  chunk: LuaChunk;
  limits: LuaLimits;
  capabilities: readonly string[];
  /** Per-call budget for events and commands, ms (the host's own deadline may be shorter). */
  timeoutMs: number;
  logger: Logger;
  /** A bridge bound to this plugin; `characterId` is the dispatching character, if any. */
  bridge(characterId?: string): Bridge;
  /**
   * `fresh` (default, HoloMUSH's semantics): a new state per call.
   * `persistent`: one state reused across calls (globals survive), replaced
   * after any call that timed out, ran out of memory or was aborted.
   */
  state?: "fresh" | "persistent";
}

const ACTOR_KINDS: Record<number, string> = {
  [ActorKind.CHARACTER]: "character",
  [ActorKind.SYSTEM]: "system",
  [ActorKind.PLUGIN]: "plugin",
};

/** The event table on_event receives. */
export function eventTable(event: Event): Record<string, unknown> {
  return {
    id: event.id,
    stream: event.stream,
    type: event.type,
    timestamp: Number(event.timestamp),
    actor_kind: ACTOR_KINDS[event.actorKind] ?? "unknown",
    actor_id: event.actorId,
    payload: event.payload,
  };
}

/** What the player typed first: a prefix alias (`:` `;` `"`) or the first word. */
export function invokedAs(line: string): string {
  const prefix = /^[^A-Za-z0-9\s]/.exec(line);
  if (prefix) return prefix[0];
  return (line.split(/\s+/)[0] ?? "").toLowerCase();
}

/** The ctx table on_command receives (every field a string). */
export function commandTable(request: CommandRequest): Record<string, string> {
  return {
    command: request.command,
    name: request.command,
    args: request.args,
    character_id: request.characterId,
    character_name: request.characterName,
    location_id: request.locationId,
    session_id: request.sessionId,
    player_id: request.playerId,
    invoked_as: invokedAs(request.invokedAs),
    connection_id: "",
  };
}

export function luaCallError(plugin: string, what: string, error: unknown): HostError {
  if (error instanceof HostError) return error;
  if (error instanceof LuaRunError) {
    const context = { plugin, details: { kind: error.kind }, cause: error };
    switch (error.kind) {
      case "deadline":
      case "aborted":
        return new HostError(HostErrorCode.PLUGIN_TIMEOUT, `${what} ran past its deadline`, context);
      case "blocking":
        return new HostError(
          HostErrorCode.PLUGIN_TIMEOUT,
          `${what} held the host inside a non-yieldable call (e.g. a table.sort comparator) too long`,
          context,
        );
      case "memory":
        return new HostError(HostErrorCode.LUA_MEMORY_LIMIT, `${what}: ${error.message}`, context);
      case "syntax":
        return new HostError(HostErrorCode.LUA_SYNTAX_ERROR, error.message, context);
      default:
        return new HostError(HostErrorCode.PLUGIN_CALL_FAILED, `${what} failed: ${error.message}`, context);
    }
  }
  return HostError.from(error, HostErrorCode.PLUGIN_CALL_FAILED, { plugin });
}

export function createLuaInstance(spec: LuaInstanceSpec): PluginInstance {
  const counters = { calls: 0, failures: 0, timeouts: 0, states: 0 };
  // Persistent mode: the state, and the bridge of the call running in it.
  let persistent: Promise<PreparedState> | undefined;
  let current: Bridge = spec.bridge();
  const delegate: Bridge = (op, a, b, c) => current(op, a, b, c);

  async function inPersistentState(callSpec: LuaCallSpec, handler: string, args: unknown[]) {
    current = callSpec.bridge;
    if (persistent === undefined) {
      counters.states++;
      persistent = prepareState({ ...callSpec, bridge: delegate });
    }
    const prepared = await persistent.catch((error: unknown) => {
      persistent = undefined;
      throw error;
    });
    try {
      const reset = prepared.engine.global.get("__holo_reset") as (() => void) | undefined;
      if (typeof reset === "function") reset();
      return await callHandler(prepared, handler, args, callSpec);
    } catch (error) {
      // A stopped or aborted coroutine may have left the state half-changed: start over.
      if (error instanceof LuaRunError && error.kind !== "runtime") {
        persistent = undefined;
        prepared.engine.global.close();
      }
      throw error;
    }
  }

  async function call(handler: string, args: unknown[], options: CallOptions, characterId?: string) {
    counters.calls++;
    const callSpec: LuaCallSpec = {
      chunk: spec.chunk,
      limits: spec.limits,
      capabilities: spec.capabilities,
      bridge: spec.bridge(characterId),
      deadlineMs: Math.min(options.deadlineMs, Date.now() + spec.timeoutMs),
      signal: options.signal,
    };
    try {
      if (spec.state === "persistent") return await inPersistentState(callSpec, handler, args);
      counters.states++;
      return await runLuaCall(callSpec, handler, args);
    } catch (error) {
      const failure = luaCallError(spec.plugin, handler, error);
      if (failure.code === HostErrorCode.PLUGIN_TIMEOUT) counters.timeouts++;
      else counters.failures++;
      throw failure;
    }
  }

  return {
    async handleEvent(event: Event, options: DeliveryOptions): Promise<EventOutcome | undefined> {
      const result = await call("on_event", [eventTable(event)], options);
      const events = toEmitEvents(result.values[0], spec.logger);
      return events.length === 0 ? undefined : { events };
    },
    async handleCommand(request: CommandRequest, options: CallOptions): Promise<CommandResponseInit> {
      const result = await call("on_command", [commandTable(request)], options, request.characterId);
      return toCommandResponse(result.values[0], spec.logger);
    },
    async shutdown() {
      // Fresh states never outlive a call; a persistent one is closed here.
      const state = persistent;
      persistent = undefined;
      (await state?.catch(() => undefined))?.engine.global.close();
    },
    metrics() {
      return { ...counters };
    },
  };
}
