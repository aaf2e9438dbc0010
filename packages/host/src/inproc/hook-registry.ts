/**
 * pluggy's PluginManager + _multicall for in-process plugins: keeps the
 * registered plugin objects and calls the multi-plugin event hooks in the
 * documented order (see hook-spec.ts).
 */
import { create } from "@bufbuild/protobuf";
import { type Event, EventSchema } from "@holomush/proto";
import type { Logger } from "pino";
import { EVENT_LIMITS, matchStreamPattern } from "../events/stream-pattern.js";
import type { EventSubscription } from "../manifest/manifest.js";
import type { HookName } from "./hook-spec.js";
import type { InprocPlugin } from "./inproc-plugin.js";

export interface HookEntry {
  name: string;
  plugin: InprocPlugin;
  priority: number;
  loadOrder: number;
  subscriptions: readonly EventSubscription[];
}

export interface EventHookVerdict {
  /** The event after every filter ran (same object when nothing changed). */
  event: Event;
  cancelled: boolean;
  /** Plugin that rejected (validateEvent) or blocked (filterEvent) the event. */
  by?: string;
  reason?: string;
}

export interface HookRegistry {
  add(entry: HookEntry): void;
  /** Removes `name`, only while it still maps to `plugin` when given (a reload may have replaced it). */
  remove(name: string, plugin?: InprocPlugin): void;
  /** Entries implementing `hook`, in call order. */
  orderedImpls(hook: HookName): HookEntry[];
  /** validateEvent (first failure wins) then filterEvent (chain) for a cancellable event. */
  runEventHooks(event: Event): Promise<EventHookVerdict>;
  /** metrics hook of every plugin, in call order. */
  collectMetrics(): Record<string, Record<string, number>>;
}

const GROUP = { tryfirst: 0, normal: 1, trylast: 2 } as const;

function group(entry: HookEntry, hook: HookName): number {
  const options = entry.plugin.hookOptions?.[hook];
  if (options?.tryfirst) return GROUP.tryfirst;
  if (options?.trylast) return GROUP.trylast;
  return GROUP.normal;
}

function intercepts(entry: HookEntry, event: Event): boolean {
  return entry.subscriptions.some(
    (subscription) =>
      subscription.intercept &&
      matchStreamPattern(subscription.stream, event.stream) &&
      (subscription.types.length === 0 || subscription.types.includes(event.type)),
  );
}

function validPayload(payload: string): boolean {
  if (Buffer.byteLength(payload, "utf8") > EVENT_LIMITS.maxPayloadBytes) return false;
  try {
    JSON.parse(payload);
    return true;
  } catch {
    return false;
  }
}

export function createHookRegistry(options: { logger: Logger }): HookRegistry {
  const entries = new Map<string, HookEntry>();

  function orderedImpls(hook: HookName): HookEntry[] {
    return [...entries.values()]
      .filter((entry) => typeof entry.plugin[hook] === "function")
      .sort((a, b) => group(a, hook) - group(b, hook) || a.priority - b.priority || a.loadOrder - b.loadOrder);
  }

  async function runEventHooks(original: Event): Promise<EventHookVerdict> {
    for (const entry of orderedImpls("validateEvent")) {
      if (!intercepts(entry, original)) continue;
      try {
        await entry.plugin.validateEvent?.(original);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { event: original, cancelled: true, by: entry.name, reason };
      }
    }
    let event = original;
    for (const entry of orderedImpls("filterEvent")) {
      if (!intercepts(entry, event)) continue;
      let result: Event | null | undefined;
      try {
        result = await entry.plugin.filterEvent?.(event);
      } catch (error) {
        // A broken filter must not block everyone's events: log and pass.
        options.logger.warn({ plugin: entry.name, err: error }, "filterEvent threw; event passed unchanged");
        continue;
      }
      if (result === null) return { event, cancelled: true, by: entry.name, reason: "blocked by filterEvent" };
      if (result === undefined || result.payload === event.payload) continue;
      // Only the payload may change: stream, type and actor stay the host's.
      if (!validPayload(result.payload)) {
        options.logger.warn({ plugin: entry.name }, "filterEvent returned an invalid payload; ignored");
        continue;
      }
      event = create(EventSchema, { ...event, payload: result.payload });
    }
    return { event, cancelled: false };
  }

  function collectMetrics(): Record<string, Record<string, number>> {
    const collected: Record<string, Record<string, number>> = {};
    for (const entry of orderedImpls("metrics")) {
      try {
        const values = entry.plugin.metrics?.() ?? {};
        collected[entry.name] = Object.fromEntries(
          Object.entries(values).filter(([, value]) => typeof value === "number" && Number.isFinite(value)),
        );
      } catch (error) {
        options.logger.warn({ plugin: entry.name, err: error }, "metrics hook threw");
      }
    }
    return collected;
  }

  return {
    add(entry) {
      entries.set(entry.name, entry);
    },
    remove(name, plugin) {
      if (plugin === undefined || entries.get(name)?.plugin === plugin) entries.delete(name);
    },
    orderedImpls,
    runEventHooks,
    collectMetrics,
  };
}
