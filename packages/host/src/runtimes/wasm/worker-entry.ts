/**
 * Finds the worker thread's entry module. Built packages ship a compiled
 * wasm-worker.js (tsup entry); running from source (vitest, tsx), Node 20
 * cannot load .ts in a worker (module hooks do not reach worker threads
 * before Node 22), so the source is bundled once with esbuild (a
 * devDependency, imported only on this path) into node_modules/.cache.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { HostError, HostErrorCode } from "../../errors.js";
import type { WorkerEntry } from "./worker-handle.js";

let cached: Promise<WorkerEntry> | undefined;

export function defaultWorkerEntry(): Promise<WorkerEntry> {
  cached ??= findEntry();
  return cached;
}

async function findEntry(): Promise<WorkerEntry> {
  for (const candidate of ["./wasm-worker.js", "./runtimes/wasm/wasm-worker.js"]) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return { url };
  }
  const source = fileURLToPath(new URL("./wasm-worker.ts", import.meta.url));
  if (!existsSync(source)) {
    throw new HostError(HostErrorCode.RUNTIME_UNAVAILABLE, "wasm-worker entry not found next to the WASM runtime");
  }
  // packages/host/node_modules/.cache, so the bundle resolves @extism/extism like the source does.
  const packageDir = join(dirname(source), "..", "..", "..");
  const outfile = join(packageDir, "node_modules", ".cache", "holomush-wasm-worker.mjs");
  mkdirSync(dirname(outfile), { recursive: true });
  const esbuild = await import("esbuild");
  await esbuild.build({
    entryPoints: [source],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "silent",
  });
  return { url: pathToFileURL(outfile) };
}
