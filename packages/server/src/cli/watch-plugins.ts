/**
 * Edit-and-reload (`holomush-host dev`, or `run --watch`): every plugin
 * loaded from a directory is watched (chokidar). A change to its manifest,
 * Lua source, `.wasm` or a process plugin's built entry reloads it, with its
 * dependents; a change to a source file of a plugin whose package.json has a
 * `build` script (asc for AssemblyScript, tsup for TypeScript) rebuilds it
 * first. Bursts are debounced; one reload at a time per plugin. host.reload
 * swaps only after the new version loaded, so a broken edit or a failed
 * build leaves the old version running. Results go to the terminal (short
 * lines) and to the players marked as builders.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Host } from "@holomush/host";
import { HostError, HostErrorCode } from "@holomush/host";
import { type FSWatcher, watch } from "chokidar";

export interface WatchOptions {
  /** Quiet time after the last change before acting, ms. Default 200. */
  debounceMs?: number;
  /**
   * Which connected players hear about reloads and failures: character
   * names (case-insensitive), or "everyone" (the default: `dev` is a local
   * builder's tool).
   */
  builders?: readonly string[] | "everyone";
  /** A short human line for the terminal (default: the host's logger at info/warn). */
  report?(line: string, ok: boolean): void;
  /** Called after each attempt (tests). */
  onReload?(name: string, error: HostError | undefined): void;
}

export interface PluginWatcher {
  /** Resolves once every plugin directory is being watched. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Folders never watched: dependencies, VCS data, and what a build writes into (watched for changes only via the entry file). */
const IGNORED = new Set(["node_modules", ".git", ".turbo"]);
const BUILD_OUTPUT = new Set(["dist", "build"]);
const BUILD_TIMEOUT_MS = 120_000;
/**
 * Output changes seen this long after our own build are that build's: chokidar
 * reports a write once it has settled (awaitWriteFinish), which can be after
 * the build exited — reloading again for them would be a second, stray reload.
 */
const OWN_OUTPUT_GRACE_MS = 1_000;

interface Watched {
  name: string;
  dir: string;
  /** The package.json build script to run before reloading after a source edit. */
  build: boolean;
}

export function watchPlugins(host: Host, options: WatchOptions = {}): PluginWatcher {
  const debounceMs = options.debounceMs ?? 200;
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  const pendingBuild = new Set<string>();
  const building = new Set<string>();
  const builtAt = new Map<string, number>();
  const report =
    options.report ?? ((line: string, ok: boolean) => (ok ? host.logger.info(line) : host.logger.warn(line)));
  const builders = options.builders ?? "everyone";
  const isBuilder = (name: string) =>
    builders === "everyone" || builders.some((builder) => builder.toLowerCase() === name.toLowerCase());

  const tellBuilders = (text: string) => {
    for (const session of host.sessions.list()) {
      if (isBuilder(session.characterName)) host.sessionOutput.send(session.id, { kind: "text", text });
    }
  };

  async function act(plugin: Watched): Promise<void> {
    const { name } = plugin;
    try {
      if (pendingBuild.delete(name)) {
        report(`${name}: building…`, true);
        building.add(name);
        try {
          await runBuild(plugin.dir);
        } finally {
          building.delete(name);
          builtAt.set(name, Date.now());
        }
      }
      const reloaded = await host.reload(name, { withDependents: true });
      const also = reloaded.filter((other) => other !== name);
      report(`${name}: reloaded${also.length > 0 ? ` (with ${also.join(", ")})` : ""}`, true);
      tellBuilders(`[host] ${name} was updated.`);
      options.onReload?.(name, undefined);
    } catch (error) {
      const failure = HostError.from(error);
      report(
        `${name}: update refused, the previous version keeps running — ${failure.code}: ${failure.message}`,
        false,
      );
      tellBuilders(
        `[host] An update to ${name} did not load; the previous version is still running. ${failure.code}: ${failure.message}`,
      );
      options.onReload?.(name, failure);
    }
  }

  function schedule(plugin: Watched, needsBuild: boolean): void {
    if (needsBuild) pendingBuild.add(plugin.name);
    clearTimeout(timers.get(plugin.name));
    timers.set(
      plugin.name,
      setTimeout(() => {
        timers.delete(plugin.name);
        // One reload at a time per plugin; an edit during a reload queues another.
        const previous = running.get(plugin.name) ?? Promise.resolve();
        running.set(
          plugin.name,
          previous.then(() => act(plugin)),
        );
      }, debounceMs),
    );
  }

  function changed(plugin: Watched, path: string): void {
    const parts = relative(plugin.dir, path).split(sep);
    if (parts.some((part) => IGNORED.has(part))) return;
    const inOutput = BUILD_OUTPUT.has(parts[0] ?? "");
    // Our own build writes its output: the reload after the build covers it.
    const ownOutput = building.has(plugin.name) || Date.now() - (builtAt.get(plugin.name) ?? 0) < OWN_OUTPUT_GRACE_MS;
    if (inOutput && ownOutput) return;
    schedule(plugin, plugin.build && !inOutput && parts.join("/") !== "plugin.yaml");
  }

  const watchers: FSWatcher[] = [];
  for (const status of host.plugins.list()) {
    const loaded = host.plugins.get(status.name);
    const source = loaded?.source;
    if (source === undefined || source.file.startsWith("<registered:")) continue;
    const plugin: Watched = { name: source.manifest.name, dir: source.dir, build: hasBuildScript(source.dir) };
    const watcher = watch(plugin.dir, {
      ignoreInitial: true,
      ignored: (path) =>
        relative(plugin.dir, path)
          .split(sep)
          .some((part) => IGNORED.has(part)),
      awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 20 },
    });
    watcher.on("all", (_event, path) => changed(plugin, path));
    watcher.on("error", (error) =>
      host.logger.warn({ plugin: plugin.name, err: error }, "watching this plugin's directory stopped"),
    );
    watchers.push(watcher);
  }
  return {
    ready: Promise.all(watchers.map((watcher) => new Promise<void>((resolve) => watcher.once("ready", resolve)))).then(
      () => undefined,
    ),
    async close() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.all(watchers.map((watcher) => watcher.close()));
    },
  };
}

function hasBuildScript(dir: string): boolean {
  const file = join(dir, "package.json");
  if (!existsSync(file)) return false;
  try {
    const manifest = JSON.parse(readFileSync(file, "utf8")) as { scripts?: Record<string, string> };
    return typeof manifest.scripts?.build === "string";
  } catch {
    return false;
  }
}

/** `npm run build` in the plugin's directory; its output is the error's message when it fails. */
function runBuild(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "build", "--silent"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => {
      if (output.length < 8192) output += chunk.toString("utf8");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => child.kill("SIGKILL"), BUILD_TIMEOUT_MS);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, `build could not start: ${error.message}`));
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else {
        const tail = output.trim().split("\n").slice(-6).join(" | ");
        reject(new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, `build failed (${signal ?? `exit ${code}`}): ${tail}`));
      }
    });
  });
}
