/**
 * Issue 22, hole 3 (WASI escape), with a real WASI guest in the real host:
 * `wasm-plugin.allowed-paths` granting a directory that is, or contains, a
 * symlink to `/` let the guest read any file. The grant's real path and
 * every symlink below it must stay inside the plugin directory; `validate`
 * and load both refuse it, with the file and field named.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildGuest } from "@holomush/test-services/wat-guests";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { validatePaths } from "../../plugins/validate-paths.js";
import { createWorld, delivery, loadContext, manifestFor, sayEvent } from "./__fixtures__/memory-host.js";
import { wasiReaderGuest } from "./__fixtures__/wasi-reader-guest.js";
import { type Harness, record, say, startWasmHost } from "./__fixtures__/wasm-host-harness.js";
import { createWasmRuntime } from "./wasm-runtime.js";

const outside = mkdtempSync(join(tmpdir(), "holomush-outside-"));
writeFileSync(join(outside, "secret.txt"), "outside secret\n");
const hex = (text: string) => Buffer.from(text).toString("hex");

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});
afterAll(() => rmSync(outside, { recursive: true, force: true }));

function manifest(name: string) {
  return {
    name,
    version: "1.0.0",
    emits: ["probe"],
    events: [{ stream: "location:*", types: ["say"] }],
    "wasm-plugin": { "allowed-paths": { data: "/data" } },
  };
}

/** Starts the host with one reader plugin whose `data` directory `prepare` builds; says once; returns the probe. */
async function probe(name: string, path: string, prepare: (data: string) => void) {
  harness = await startWasmHost(async ({ paths }) => {
    const dir = paths.addWasm(manifest(name), await wasiReaderGuest(path));
    prepare(join(dir, "data"));
  });
  const results = record(harness.host, "probe:*", name);
  await say(harness.host, "probe");
  await harness.host.bus.idle();
  return { report: harness.report, results };
}

describe("WASI allowed-paths", () => {
  it("reads a file inside its grant (the guest works)", { timeout: 30_000 }, async () => {
    const { report, results } = await probe("reads-inside", "inside.txt", (data) => {
      mkdirSync(data);
      writeFileSync(join(data, "inside.txt"), "inside\n");
    });
    expect(report.failed).toEqual([]);
    expect(results.map((event) => event.type)).toEqual(["read-ok"]);
    expect(JSON.parse(results[0]?.payload ?? "{}")).toEqual({ head: hex("inside\n") });
  });

  it("refuses a grant that is a symlink to a directory outside the plugin directory", { timeout: 30_000 }, async () => {
    const { report, results } = await probe("grant-is-link", "secret.txt", (data) => symlinkSync(outside, data));
    expect(results).toEqual([]);
    const [failure] = report.errors;
    expect(failure).toMatchObject({ code: "PATH_ESCAPES_PLUGIN_DIR", field: "wasm-plugin.allowed-paths.data" });
    expect(String(failure?.file)).toMatch(/grant-is-link\/plugin\.yaml$/);
  });

  it("refuses a grant that contains a symlink to /", { timeout: 30_000 }, async () => {
    const { report, results } = await probe("grant-holds-root", "root/etc/hostname", (data) => {
      mkdirSync(data);
      symlinkSync("/", join(data, "root"));
    });
    expect(results).toEqual([]);
    expect(report.errors[0]).toMatchObject({
      code: "PATH_ESCAPES_PLUGIN_DIR",
      field: "wasm-plugin.allowed-paths.data",
    });
    expect(report.errors[0]?.message).toContain("data/root, a symlink to /");
  });

  it("refuses a grant whose symlink stays inside but leads to a directory holding a way out", {
    timeout: 30_000,
  }, async () => {
    const { report, results } = await probe("grant-hops", "hop/root/etc/hostname", (data) => {
      const other = join(data, "..", "other");
      mkdirSync(other);
      symlinkSync("/", join(other, "root"));
      mkdirSync(data);
      symlinkSync(other, join(data, "hop"));
    });
    expect(results).toEqual([]);
    expect(report.errors[0]).toMatchObject({ code: "PATH_ESCAPES_PLUGIN_DIR" });
  });

  it("is refused again at load when the symlink appears after discovery", { timeout: 30_000 }, async () => {
    const runtime = createWasmRuntime({ workers: 1 });
    try {
      const world = createWorld();
      const context = loadContext(
        world,
        manifestFor("late-link", { allowedPaths: { data: "/data" } }, { emits: ["probe"] }),
        await wasiReaderGuest("root/etc/hostname"),
      );
      mkdirSync(join(context.source.dir, "data"));
      symlinkSync("/", join(context.source.dir, "data", "root"));
      const outcome = await runtime
        .load(context)
        .then((instance) => instance.handleEvent(sayEvent("01J0000000000000000000000A", "probe"), delivery()))
        .catch((error: unknown) => error);
      expect(outcome).toMatchObject({ code: "PATH_ESCAPES_PLUGIN_DIR", field: "wasm-plugin.allowed-paths.data" });
      rmSync(context.source.dir, { recursive: true, force: true });
    } finally {
      await runtime.close();
    }
  });

  it("refuses a guest that could make links inside its grant (path_symlink / path_link)", {
    timeout: 30_000,
  }, async () => {
    const runtime = createWasmRuntime({ workers: 1 });
    try {
      const linker = await buildGuest({
        imports: `(import "wasi_snapshot_preview1" "path_symlink" (func (param i32 i32 i32 i32 i32) (result i32)))`,
        handleEvent: "",
      });
      const granted = loadContext(createWorld(), manifestFor("linker", { allowedPaths: { data: "/data" } }), linker);
      mkdirSync(join(granted.source.dir, "data"));
      expect(await runtime.load(granted).catch((error: unknown) => error)).toMatchObject({
        code: "WASM_IMPORT_NOT_GRANTED",
        field: "wasm-plugin.allowed-paths",
      });
      // Without a granted directory the import has nothing to act on: the module loads.
      const instance = await runtime.load(loadContext(createWorld(), manifestFor("linker-alone"), linker));
      await instance.shutdown("test over");
    } finally {
      await runtime.close();
    }
  });

  it("is refused by validate too, naming the file and field", { timeout: 30_000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), "holomush-validate-"));
    try {
      const dir = join(root, "p");
      mkdirSync(join(dir, "data"), { recursive: true });
      symlinkSync("/", join(dir, "data", "root"));
      writeFileSync(join(dir, "plugin.wasm"), await wasiReaderGuest("x"));
      writeFileSync(
        join(dir, "plugin.yaml"),
        "name: p\nversion: 1.0.0\ntype: wasm\nwasm-plugin:\n  module: plugin.wasm\n  allowed-paths:\n    data: /data\n",
      );
      const errors = await validatePaths([dir]);
      expect(errors.map((error) => error.format())).toEqual([
        expect.stringMatching(
          /p\/plugin\.yaml: wasm-plugin\.allowed-paths\.data: PATH_ESCAPES_PLUGIN_DIR: "data" contains data\/root, a symlink to \//,
        ),
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
