/**
 * pluggy's PluginManager + _multicall for in-process plugins: keeps the
 * registered plugin objects and calls the multi-plugin event hooks in the
 * documented order (see hook-spec.ts). Each hook runs in its plugin's scope
 * and within the intercept deadline: one that never settles is skipped, so
 * it cannot hold up every cancellable event (and the commands behind them).
 */
import { create } from "@bufbuild/protobuf";
import { type Event, EventSchema } from "@holomush/proto";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../errors.js";
import { DEFAULT_INTERCEPT_DEADLINE_MS } from "../events/intercept-chain.js";
import { EVENT_LIMITS, matchStreamPattern } from "../events/stream-pattern.js";
import type { EventSubscription } from "../manifest/manifest.js";
import type { HookName } from "./hook-spec.js";
import type { InprocPlugin } from "./inproc-plugin.js";
import { inPluginScope, type PluginScope } from "./plugin-scope.js";

export interface HookEntry {
  name: string;
  plugin: InprocPlugin;
  priority: number;
  loadOrder: number;
  subscriptions: readonly EventSubscription[];
  /** The plugin's fault scope (plugin-scope.ts); hooks run inside it. */
  scope?: PluginScope;
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

const TIMED_OUT = Symbol("timed out");

export interface HookRegistryOptions {
  logger: Logger;
  /** How long one validateEvent / filterEvent may take before it is skipped, ms. Default 250. */
  timeoutMs?: number;
}

export function createHookRegistry(options: HookRegistryOptions): HookRegistry {
  const entries = new Map<string, HookEntry>();
  const timeoutMs = options.timeoutMs ?? DEFAULT_INTERCEPT_DEADLINE_MS;

  /** Runs one plugin's hook in its scope; TIMED_OUT (logged) when it does not settle in time. */
  async function bounded<T>(entry: HookEntry, hook: HookName, fn: () => T | Promise<T>) {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
    });
    try {
      const result = await Promise.race([inPluginScope(entry.scope, fn), expired]);
      if (result === TIMED_OUT) {
        const message = `${hook} did not settle within ${timeoutMs} ms; the event passed it`;
        const error = new HostError(HostErrorCode.PLUGIN_TIMEOUT, message, { plugin: entry.name });
        options.logger.warn({ plugin: entry.name, err: error }, "in-process hook timed out");
      }
      return result;
    } finally {
      clearTimeout(timer);
    }
  }

  function orderedImpls(hook: HookName): HookEntry[] {
    return [...entries.values()]
      .filter((entry) => typeof entry.plugin[hook] === "function")
      .sort((a, b) => group(a, hook) - group(b, hook) || a.priority - b.priority || a.loadOrder - b.loadOrder);
  }

  async function runEventHooks(original: Event): Promise<EventHookVerdict> {
    for (const entry of orderedImpls("validateEvent")) {
      if (!intercepts(entry, original)) continue;
      try {
        await bounded(entry, "validateEvent", () => entry.plugin.validateEvent?.(original));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { event: original, cancelled: true, by: entry.name, reason };
      }
    }
    let event = original;
    for (const entry of orderedImpls("filterEvent")) {
      if (!intercepts(entry, event)) continue;
      let result: Event | null | undefined | typeof TIMED_OUT;
      try {
        const current = event;
        result = await bounded(entry, "filterEvent", () => entry.plugin.filterEvent?.(current));
      } catch (error) {
        // A broken filter must not block everyone's events: log and pass.
        options.logger.warn({ plugin: entry.name, err: error }, "filterEvent threw; event passed unchanged");
        continue;
      }
      if (result === null) return { event, cancelled: true, by: entry.name, reason: "blocked by filterEvent" };
      if (result === undefined || result === TIMED_OUT || result.payload === event.payload) continue;
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
        const values = inPluginScope(entry.scope, () => entry.plugin.metrics?.()) ?? {};
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
