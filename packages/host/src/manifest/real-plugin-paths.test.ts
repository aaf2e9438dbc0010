/**
 * Issue 22, hole 4: every manifest path is checked at its real path at
 * validate/discovery (real files and symlinks in temp directories). The
 * runtimes check again at load: inproc/inproc-module-path.test.ts,
 * runtimes/process/work-dir-path.test.ts, runtimes/wasm/wasm-path-escape.test.ts.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { validatePaths } from "../plugins/validate-paths.js";

const root = mkdtempSync(join(tmpdir(), "holomush-realpath-"));
const outside = join(root, "outside");
mkdirSync(outside);
writeFileSync(join(outside, "evil.mjs"), "export const plugin = { handleEvent() {} };\nglobalThis.__escaped = true;\n");
writeFileSync(join(outside, "evil.wasm"), Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A plugin directory with `plugin.yaml` and whatever `prepare` adds. */
function plugin(name: string, yaml: string, prepare: (dir: string) => void = () => {}): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "plugin.yaml"), `name: ${name}\nversion: 1.0.0\n${yaml}`);
  prepare(dir);
  return dir;
}

const formatted = async (dir: string) => (await validatePaths([dir])).map((error) => error.format());

describe("validate: manifest paths at their real path", () => {
  it("refuses a WASM module that is a symlink to a file outside", async () => {
    const dir = plugin("wasm-link", "type: wasm\nwasm-plugin:\n  module: plugin.wasm\n", (d) =>
      symlinkSync(join(outside, "evil.wasm"), join(d, "plugin.wasm")),
    );
    expect(await formatted(dir)).toEqual([
      expect.stringMatching(
        /wasm-link\/plugin\.yaml: wasm-plugin\.module: PATH_ESCAPES_PLUGIN_DIR: "plugin\.wasm" resolves to .*outside\/evil\.wasm/,
      ),
    ]);
  });

  it("refuses a WASM module reached through a symlinked directory", async () => {
    const dir = plugin("wasm-dir-link", "type: wasm\nwasm-plugin:\n  module: build/evil.wasm\n", (d) =>
      symlinkSync(outside, join(d, "build")),
    );
    expect(await formatted(dir)).toEqual([expect.stringContaining("wasm-plugin.module: PATH_ESCAPES_PLUGIN_DIR")]);
  });

  it("refuses an in-process module that is a symlink to a file outside", async () => {
    const dir = plugin("inproc-link", "type: inproc\ninproc-plugin:\n  module: plugin.mjs\n", (d) =>
      symlinkSync(join(outside, "evil.mjs"), join(d, "plugin.mjs")),
    );
    expect(await formatted(dir)).toEqual([expect.stringContaining("inproc-plugin.module: PATH_ESCAPES_PLUGIN_DIR")]);
  });

  it("refuses a work-dir that is a symlink to /", async () => {
    const dir = plugin(
      "workdir-root",
      "type: binary\nbinary-plugin:\n  executable: run.sh\n  work-dir: work\n",
      (d) => {
        writeFileSync(join(d, "run.sh"), "#!/bin/sh\n");
        chmodSync(join(d, "run.sh"), 0o755);
        symlinkSync("/", join(d, "work"));
      },
    );
    expect(await formatted(dir)).toEqual([
      expect.stringMatching(/binary-plugin\.work-dir: PATH_ESCAPES_PLUGIN_DIR: "work" resolves to \/,/),
    ]);
  });

  it("refuses a dangling symlink by where it would lead", async () => {
    const dir = plugin("dangling", "type: wasm\nwasm-plugin:\n  module: plugin.wasm\n", (d) =>
      symlinkSync("/nonexistent-holomush/plugin.wasm", join(d, "plugin.wasm")),
    );
    expect(await formatted(dir)).toEqual([expect.stringContaining("wasm-plugin.module: PATH_ESCAPES_PLUGIN_DIR")]);
  });

  it("accepts symlinks that stay inside the plugin directory", async () => {
    const dir = plugin(
      "inside-links",
      "type: wasm\nwasm-plugin:\n  module: current.wasm\n  allowed-paths:\n    data: /data\n",
      (d) => {
        writeFileSync(join(d, "v1.wasm"), Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
        symlinkSync("v1.wasm", join(d, "current.wasm"));
        mkdirSync(join(d, "data"));
        mkdirSync(join(d, "files"));
        symlinkSync("../files", join(d, "data", "shared"));
      },
    );
    expect(await formatted(dir)).toEqual([]);
  });
});
