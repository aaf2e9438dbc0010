/**
 * The last few errors of each plugin (failed deliveries, timeouts, refused
 * emits, failures), kept in memory for the operator console: a counter says
 * how many, this says which and why.
 */
export interface PluginErrorRecord {
  /** Unix ms. */
  at: number;
  kind: "delivery" | "timeout" | "emit" | "failure";
  message: string;
  /** The event being handled, when there was one. */
  event?: string;
}

export interface RecentErrors {
  record(plugin: string, entry: PluginErrorRecord): void;
  /** Newest first. */
  of(plugin: string): PluginErrorRecord[];
}

/** Messages are cut so a plugin cannot fill the host's memory through its error text. */
const MAX_MESSAGE = 500;

export function createRecentErrors(perPlugin = 20): RecentErrors {
  const byPlugin = new Map<string, PluginErrorRecord[]>();
  return {
    record(plugin, entry) {
      const list = byPlugin.get(plugin) ?? [];
      list.unshift({ ...entry, message: entry.message.slice(0, MAX_MESSAGE) });
      if (list.length > perPlugin) list.length = perPlugin;
      byPlugin.set(plugin, list);
    },
    of: (plugin) => [...(byPlugin.get(plugin) ?? [])],
  };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
