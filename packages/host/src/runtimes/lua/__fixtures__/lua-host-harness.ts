/**
 * A real host (createHost) with the Lua runtime and plugin directories
 * written to a temporary folder, for the Lua runtime's host tests.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Event } from "@holomush/proto";
import { pino } from "pino";
import { stringify } from "yaml";
import { gameOptions } from "../../../host/__fixtures__/game-options.js";
import { createWorld, type World } from "../../../host/__fixtures__/test-world.js";
import { createHost, type Host } from "../../../host/create-host.js";
import type { LoadReport } from "../../../plugins/plugin-manager.js";
import type { WorldDirectory } from "../../../world/world-directory.js";
import { type LuaRuntimeOptions, luaRuntime } from "../lua-runtime.js";

export interface LuaPluginFiles {
  /** plugin.yaml as an object or raw YAML text. */
  manifest: Record<string, unknown> | string;
  /** main.lua (or the files named by the manifest) by relative path. */
  files: Record<string, string>;
}

export interface LuaHarness {
  host: Host;
  /** The host's world (the test world, as its directory): tests move characters through it. */
  world: World;
  report: LoadReport;
  root: string;
  stop(): Promise<void>;
}

export async function writePlugin(root: string, name: string, plugin: LuaPluginFiles): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  const text = typeof plugin.manifest === "string" ? plugin.manifest : stringify(plugin.manifest);
  await writeFile(join(dir, "plugin.yaml"), text);
  for (const [path, content] of Object.entries(plugin.files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

export async function startLuaHost(
  plugins: Record<string, LuaPluginFiles>,
  options: {
    runtime?: Omit<LuaRuntimeOptions, "services">;
    logLevel?: string;
    extraDirs?: string[];
    /** The operator's own Cedar policies (trusted). */
    hostPolicies?: Array<{ name: string; policy: string }>;
    /** Receives every log line (JSON) at warn and above, when given. */
    logs?: string[];
    /** An embedder's directory instead of the test world's, or "engine-default" for none at all. */
    directory?: WorldDirectory | "engine-default";
  } = {},
): Promise<LuaHarness> {
  const root = await mkdtemp(join(tmpdir(), "lua-host-"));
  for (const [name, plugin] of Object.entries(plugins)) await writePlugin(root, name, plugin);
  const world = createWorld();
  const game = gameOptions(world);
  if (options.directory === "engine-default") delete game.directory;
  else if (options.directory !== undefined) game.directory = options.directory;
  const host = await createHost({
    ...game,
    pluginDirs: [root, ...(options.extraDirs ?? [])],
    runtimes: [luaRuntime(options.runtime)],
    logger: options.logs
      ? pino({ level: "warn" }, { write: (line: string) => void options.logs?.push(line) })
      : pino({ level: options.logLevel ?? "silent" }),
    ...(options.hostPolicies ? { policy: { hostPolicies: options.hostPolicies } } : {}),
  });
  const report = await host.start();
  return {
    host,
    world,
    report,
    root,
    async stop() {
      await host.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Events stored on streams matching `pattern` (a docs/events.md pattern), optionally only one actor's. */
export function recordEvents(host: Host, pattern: string, actorId?: string): Event[] {
  const seen: Event[] = [];
  host.bus.watch(pattern, (event) => {
    if (actorId === undefined || event.actorId === actorId) seen.push(event);
  });
  return seen;
}
