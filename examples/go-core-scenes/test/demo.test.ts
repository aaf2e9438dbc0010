/**
 * The demo with the Go core-scenes instead of the TypeScript one, as
 * `pnpm demo:go-scenes` runs it: the real `holomush-host run` process with
 * this plugin directory listed before the TypeScript one on the search path.
 * The first core-scenes found wins (the other is DUPLICATE_PLUGIN, never
 * started), and a player plays a scene over the TCP console — on the host's
 * embedded engine (PGlite), the demo's default storage.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goScenesUnbuilt, PACKAGE_DIR, PLUGIN_DIR } from "./built.js";

const cli = join(PACKAGE_DIR, "node_modules", "@holomush", "server", "dist", "cli.js");
const typescriptScenes = join(PACKAGE_DIR, "..", "core-scenes");

describe.skipIf(goScenesUnbuilt())("the demo with core-scenes in Go", () => {
  let host: ChildProcess;
  let log = "";
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "go-scenes-demo-"));
    const args = ["run", "--plugins", PLUGIN_DIR, "--plugins", typescriptScenes];
    host = spawn(process.execPath, [cli, ...args, "--console", "127.0.0.1:0", "--data", join(dataDir, "data")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    host.stderr?.on("data", (chunk) => (log += chunk));
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`host not ready:\n${log}`)), 60_000);
      createInterface({ input: host.stdout as NodeJS.ReadableStream }).on("line", (line) => {
        log += `${line}\n`;
        const match = /"console":"127\.0\.0\.1:(\d+)"/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      host.once("exit", (code) => reject(new Error(`host exited early with ${code}:\n${log}`)));
    });
  }, 90_000);

  afterAll(async () => {
    if (host && host.exitCode === null) {
      const exited = new Promise((resolve) => host.once("exit", resolve));
      host.kill("SIGINT");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it("loads the Go core-scenes, ignores the TypeScript one, and plays a scene over the console", async () => {
    expect(log).toContain(`plugin \\"core-scenes\\" in ${typescriptScenes} is ignored`);
    // The Go plugin's Init line (its stderr, logged by the host): all three migrations applied.
    expect(log).toMatch(/core-scenes: migrations applied \[000001_create_scenes\.up\.sql .*add_scene_tags\.up\.sql\]/);

    const socket = net.connect(port, "127.0.0.1");
    const lines: string[] = [];
    createInterface({ input: socket }).on("line", (line) => lines.push(line));
    const waitFor = (pattern: RegExp) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in:\n${lines.join("\n")}`)), 10_000);
        const poll = setInterval(() => {
          const line = lines.find((text) => pattern.test(text));
          if (line === undefined) return;
          clearInterval(poll);
          clearTimeout(timer);
          resolve(line);
        }, 20);
      });
    try {
      socket.write("Frank\n");
      await waitFor(/^Welcome, Frank/);
      socket.write("scene create Lanterns at dusk --tags demo\n");
      const created = await waitFor(/^You create scene/);
      const id = /^You create scene ([0-9A-Z]{26}) /.exec(created)?.[1] ?? "";
      expect(created).toBe(
        `You create scene ${id} at Town Square: Lanterns at dusk [demo]. Join it with: scene join ${id}`,
      );
      socket.write(`scene join ${id}\n`);
      expect(await waitFor(/^You join scene/)).toBe(`You join scene ${id}: Lanterns at dusk (Town Square).`);
      socket.write("scenes --tags demo\n");
      expect(await waitFor(/Lanterns at dusk —/)).toBe(
        `  ${id}  Lanterns at dusk — at Town Square, 1 participant [demo]`,
      );
    } finally {
      socket.end();
    }
  }, 60_000);
});
