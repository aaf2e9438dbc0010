import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

// Runs the built CLI (turbo builds before testing) as a real process.
const cli = join(import.meta.dirname, "..", "..", "dist", "cli.js");
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "holomush-cli-"));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function validate(...paths: string[]) {
  return run(process.execPath, [cli, "validate", ...paths]).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
}

describe("holomush-host validate", () => {
  it("accepts a good manifest", async () => {
    const file = join(dir, "good.yaml");
    writeFileSync(file, "name: good\nversion: 1.0.0\ntype: inproc\ninproc-plugin:\n  module: index.js\n");
    // validate checks what run loads: the module must exist (it is not imported).
    writeFileSync(join(dir, "index.js"), "export const plugin = {};\n");
    expect(await validate(file)).toEqual({ code: 0, stdout: `ok: ${file}\n` });
  });

  it("prints every error as path: field: CODE: message and exits non-zero", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      [
        "name: Bad--Name",
        "version: v1.0",
        "type: binary",
        "binary-plugin: { executable: ../../etc/passwd }",
        "commands:",
        "  - name: ok",
        "    help: fine",
        "  - name: scene",
        "    help: x",
        "    capabilities:",
        "      - { action: write, resource: scene, scope: planet }",
      ].join("\n"),
    );
    const { code, stdout } = await validate(file);
    expect(code).toBe(1);
    const lines = stdout.trim().split("\n");
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${file}: name: MANIFEST_INVALID: `)),
        expect.stringMatching(new RegExp(`^${file}: version: MANIFEST_INVALID: `)),
        expect.stringMatching(new RegExp(`^${file}: binary-plugin.executable: PATH_ESCAPES_PLUGIN_DIR: `)),
        expect.stringMatching(new RegExp(`^${file}: commands\\[1\\].capabilities\\[0\\].scope: MANIFEST_INVALID: `)),
      ]),
    );
  });

  it("refuses what run would refuse: a declared executable that is missing", async () => {
    const plugin = join(dir, "no-exe");
    mkdirSync(plugin);
    writeFileSync(
      join(plugin, "plugin.yaml"),
      "name: no-exe\nversion: 1.0.0\ntype: binary\nbinary-plugin:\n  executable: bin/missing\n",
    );
    const { code, stdout } = await validate(plugin);
    expect(code).toBe(1);
    expect(stdout).toMatch(/binary-plugin\.executable: EXECUTABLE_INVALID: executable bin\/missing does not exist/);
  });
});
