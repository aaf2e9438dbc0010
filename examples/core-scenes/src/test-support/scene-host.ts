/**
 * Test support (not built): a testkit host on real storage with the process
 * runtime, core-scenes loaded from this folder (the built dist/plugin.js,
 * spawned through bin/core-scenes as in production).
 */
import { join } from "node:path";
import { createProcessRuntime, type Storage } from "@holomush/host";
import { createTestHost, type TestHost } from "@holomush/testkit";

export const PLUGIN_DIR = join(import.meta.dirname, "..", "..");

/** The host closes `storage` when it stops. */
export async function startSceneHost(storage: Storage): Promise<TestHost> {
  const t = await createTestHost({ runtimes: [(host) => createProcessRuntime(host)], host: { storage } });
  try {
    await t.loadPluginDir(PLUGIN_DIR);
  } catch (error) {
    await t.stop();
    throw error;
  }
  return t;
}

/** The scene id in `scene create` output. */
export function sceneIdFrom(output: string): string {
  const match = /^You create scene ([0-9A-Z]{26}) /.exec(output);
  if (!match?.[1]) throw new Error(`no scene id in ${JSON.stringify(output)}`);
  return match[1];
}
