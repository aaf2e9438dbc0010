/**
 * `holomush-host run --watch`: edit-and-reload for Lua plugins (docs/lua.md).
 * Each running Lua plugin's directory is watched (fs.watch, recursive); a
 * burst of changes is debounced into one `host.reload`, which swaps only
 * after the new version loaded — a broken edit leaves the old version
 * running. Every connected player is told either way, so nobody wonders
 * whether the game broke. KV survives; Lua globals never outlive a call.
 */
import { type FSWatcher, watch } from "node:fs";
import { HostError } from "../errors.js";
import type { Host } from "../host/create-host.js";

export interface LuaWatchOptions {
  /** Quiet time after the last change before reloading, ms. Default 200. */
  debounceMs?: number;
  /** Called after each attempt (tests). */
  onReload?(name: string, error: HostError | undefined): void;
}

export interface LuaWatcher {
  close(): void;
}

export function watchLuaPlugins(host: Host, options: LuaWatchOptions = {}): LuaWatcher {
  const debounceMs = options.debounceMs ?? 200;
  const watchers: FSWatcher[] = [];
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();

  const tellEveryone = (text: string) => {
    for (const session of host.sessions.list()) host.sessionOutput.send(session.id, { kind: "text", text });
  };

  async function reload(name: string): Promise<void> {
    try {
      await host.reload(name);
      host.logger.info({ plugin: name }, "lua plugin reloaded after an edit");
      tellEveryone(`[host] ${name} was updated.`);
      options.onReload?.(name, undefined);
    } catch (error) {
      const failure = HostError.from(error);
      host.logger.warn({ plugin: name, code: failure.code, err: failure }, "lua plugin edit refused; old version kept");
      tellEveryone(`[host] An update to ${name} did not load; the previous version is still running.`);
      options.onReload?.(name, failure);
    }
  }

  function schedule(name: string): void {
    clearTimeout(timers.get(name));
    timers.set(
      name,
      setTimeout(() => {
        timers.delete(name);
        // One reload at a time per plugin; an edit during a reload queues another.
        const previous = running.get(name) ?? Promise.resolve();
        const next = previous.then(() => reload(name));
        running.set(name, next);
      }, debounceMs),
    );
  }

  for (const status of host.plugins.list()) {
    const plugin = host.plugins.get(status.name);
    if (plugin === undefined || plugin.source.manifest.type !== "lua") continue;
    const name = plugin.source.manifest.name;
    const watcher = watch(plugin.source.dir, { recursive: true }, () => schedule(name));
    watcher.on("error", (error) => host.logger.warn({ plugin: name, err: error }, "watching stopped"));
    watchers.push(watcher);
  }
  return {
    close() {
      for (const watcher of watchers) watcher.close();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
