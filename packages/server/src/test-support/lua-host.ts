/**
 * A real host with the Lua runtime and plugin directories written to a
 * temporary folder, for the CLI's watcher tests (public API only).
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHost, type Host, type LoadReport, luaRuntime } from "@holomush/host";
import { pino } from "pino";
import { stringify } from "yaml";

export interface LuaPluginFiles {
  /** plugin.yaml as an object or raw YAML text. */
  manifest: Record<string, unknown> | string;
  /** main.lua (or the files named by the manifest) by relative path. */
  files: Record<string, string>;
}

export interface LuaHarness {
  host: Host;
  report: LoadReport;
  root: string;
  stop(): Promise<void>;
}

export async function startLuaHost(
  plugins: Record<string, LuaPluginFiles>,
  options: { logLevel?: string } = {},
): Promise<LuaHarness> {
  const root = await mkdtemp(join(tmpdir(), "lua-host-"));
  for (const [name, plugin] of Object.entries(plugins)) {
    const dir = join(root, name);
    await mkdir(dir, { recursive: true });
    const text = typeof plugin.manifest === "string" ? plugin.manifest : stringify(plugin.manifest);
    await writeFile(join(dir, "plugin.yaml"), text);
    for (const [path, content] of Object.entries(plugin.files)) {
      await mkdir(join(dir, path, ".."), { recursive: true });
      await writeFile(join(dir, path), content);
    }
  }
  const host = await createHost({
    pluginDirs: [root],
    runtimes: [luaRuntime()],
    logger: pino({ level: options.logLevel ?? "silent" }),
  });
  const report = await host.start();
  return {
    host,
    report,
    root,
    async stop() {
      await host.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
