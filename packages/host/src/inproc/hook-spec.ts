/**
 * The hooks an in-process plugin may implement (KSI's pluggy hooks)
 * and how each is called. Implementations are validated when the plugin is
 * registered, never when the hook first runs.
 *
 * Call order of the multi-plugin event hooks (filterEvent, validateEvent,
 * metrics), implemented in hook-registry.ts `orderedImpls`:
 *   1. implementations marked `tryfirst`, then unmarked ones, then `trylast`;
 *   2. within a group, by plugin priority (lower first);
 *   3. then by load order (earlier first).
 * Lifecycle hooks are not orderable by the plugin: `startup` runs in
 * dependency load order (providers first) and `shutdown` in the reverse, so
 * a plugin always starts after and stops before what it depends on.
 * `handleEvent` and `handleCommand` concern only their own plugin: events
 * arrive through the plugin's own serialized queue.
 */
export const HOOK_NAMES = [
  "startup",
  "shutdown",
  "handleEvent",
  "filterEvent",
  "validateEvent",
  "metrics",
  "handleCommand",
] as const;
/** The name of a hook an in-process plugin may implement. */
export type HookName = (typeof HOOK_NAMES)[number];

/** How one hook is called and its results combined. */
export interface HookSpec {
  /** How results combine across plugins. */
  mode: "all" | "chain" | "firstFailure" | "collect" | "own";
  /** Most parameters an implementation may declare. */
  maxParams: number;
  /** Whether tryfirst / trylast apply. */
  orderable: boolean;
  /** When the hook is called and what it receives or returns. */
  description: string;
}

/** Every hook's calling rules, by name; implementations are checked against them at registration. */
export const HOOK_SPECS: Record<HookName, HookSpec> = {
  startup: {
    mode: "all",
    maxParams: 1,
    orderable: false,
    description: "after every plugin is loaded; receives the plugin context",
  },
  shutdown: { mode: "all", maxParams: 1, orderable: false, description: "before unload; receives the reason" },
  handleEvent: {
    mode: "own",
    maxParams: 2,
    orderable: false,
    description: "one subscribed event at a time, through the plugin's own queue; returns events to emit",
  },
  filterEvent: {
    mode: "chain",
    maxParams: 1,
    orderable: true,
    description: "cancellable events: return a changed event to mutate, null to block, undefined to pass",
  },
  validateEvent: {
    mode: "firstFailure",
    maxParams: 1,
    orderable: true,
    description: "cancellable events: throw to reject; the first failure stops the chain",
  },
  metrics: {
    mode: "collect",
    maxParams: 0,
    orderable: true,
    description: "returns numeric metrics merged into the host's",
  },
  handleCommand: {
    mode: "own",
    maxParams: 2,
    orderable: false,
    description: "runs one of the plugin's declared commands",
  },
};

/** Where an implementation runs among other plugins' implementations of the same hook. */
export interface HookOptions {
  /** Run before unmarked implementations. */
  tryfirst?: boolean;
  /** Run after unmarked implementations. */
  trylast?: boolean;
}

export function isHookName(name: string): name is HookName {
  return (HOOK_NAMES as readonly string[]).includes(name);
}
