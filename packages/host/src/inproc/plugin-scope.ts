/**
 * Which in-process plugin is running: every call the host makes into plugin
 * code runs inside the plugin's scope (AsyncLocalStorage), and Node carries
 * that scope into the timers, immediates, ticks and promises the plugin
 * creates. A fault that escapes the plugin later (a throw in its timer, a
 * rejection nobody handles) is then traced back to it (process-faults.ts).
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface PluginScope {
  readonly plugin: string;
  /** Called for a fault that escaped the plugin's calls (see process-faults.ts). */
  fault(error: unknown, origin: FaultOrigin): void;
}

export type FaultOrigin = "uncaughtException" | "unhandledRejection";

const storage = new AsyncLocalStorage<PluginScope>();

/** Runs `fn` (plugin code) inside `scope`; what it schedules stays inside. */
export function inPluginScope<T>(scope: PluginScope | undefined, fn: () => T): T {
  return scope === undefined ? fn() : storage.run(scope, fn);
}

/** The plugin whose code (or whose scheduled work) is running, if any. */
export function currentPluginScope(): PluginScope | undefined {
  return storage.getStore();
}
