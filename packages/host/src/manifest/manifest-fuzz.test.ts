/**
 * Hostile plugin.yaml fuzz: generated malformed documents through the
 * validator in-process, hostile files through validatePaths, and a directory
 * of them through the real `holomush-host validate` process. Every document
 * must come back valid or refused with coded HostErrors naming the file:
 * nothing thrown, nothing hung.
 *
 * Seeded (HOLOMUSH_FUZZ_SEED, default 22) so a failure reproduces. CI runs
 * HOLOMUSH_FUZZ_RUNS=15000 small + 300 hostile documents; the full run
 * (docs/reliability.md "Manifests") is
 *   HOLOMUSH_FUZZ_RUNS=100000 pnpm --filter @holomush/host exec vitest run src/manifest/manifest-fuzz.test.ts
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostError, HostErrorCode } from "../errors.js";
import { validatePaths } from "../plugins/validate-paths.js";
import { hostileManifest, smallManifest } from "./__fixtures__/hostile-manifests.js";
import { MANIFEST_MAX_BYTES } from "./manifest-limits.js";
import { parseManifest } from "./parse-manifest.js";

const SEED = Number(process.env.HOLOMUSH_FUZZ_SEED ?? 22);
const SMALL_RUNS = Number(process.env.HOLOMUSH_FUZZ_RUNS ?? 15_000);
const HOSTILE_RUNS = Math.max(100, Math.round(SMALL_RUNS / 50));
/** A document still being parsed after this long is a hang (not a speed figure: see the printed max). */
const HANG_MS = Number(process.env.HOLOMUSH_FUZZ_HANG_MS ?? 5_000);
const CODES = new Set<string>(Object.values(HostErrorCode));

interface Tally {
  documents: number;
  valid: number;
  byCode: Record<string, number>;
  maxMs: number;
}

const tallies: Record<string, Tally> = {};

/** Runs one document through `check`, failing on a throw, a hang or an uncoded/unattributed error. */
function tallied(name: string) {
  tallies[name] = { documents: 0, valid: 0, byCode: {}, maxMs: 0 };
  const tally = tallies[name];
  return (errors: HostError[], file: string, elapsedMs: number) => {
    tally.documents++;
    tally.maxMs = Math.max(tally.maxMs, elapsedMs);
    if (errors.length === 0) tally.valid++;
    for (const error of errors) {
      expect(error).toBeInstanceOf(HostError);
      expect(CODES.has(error.code)).toBe(true);
      expect(error.file).toBe(file);
      tally.byCode[error.code] = (tally.byCode[error.code] ?? 0) + 1;
    }
    expect(elapsedMs).toBeLessThan(HANG_MS);
  };
}

function parseTimed(text: string, file: string) {
  const started = performance.now();
  const { errors } = parseManifest(text, file, path.dirname(file));
  return { errors, elapsedMs: performance.now() - started };
}

describe("manifest fuzz", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "holomush-manifest-fuzz-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    console.log(`manifest fuzz (seed ${SEED}):\n${JSON.stringify(tallies, null, 1)}`);
  });

  it(`refuses ${SMALL_RUNS} small generated documents with coded errors, in-process`, () => {
    const record = tallied("small in-process");
    const file = "/plugins/fuzz/plugin.yaml";
    fc.assert(
      fc.property(smallManifest, (text) => {
        const { errors, elapsedMs } = parseTimed(text, file);
        record(errors, file, elapsedMs);
      }),
      { seed: SEED, numRuns: SMALL_RUNS },
    );
  }, 600_000);

  it(`refuses ${HOSTILE_RUNS} deep, wide and alias-bomb documents with coded errors, in-process`, () => {
    const record = tallied("hostile in-process");
    const file = "/plugins/hostile/plugin.yaml";
    fc.assert(
      fc.property(hostileManifest, (text) => {
        const { errors, elapsedMs } = parseTimed(text, file);
        record(errors, file, elapsedMs);
      }),
      { seed: SEED, numRuns: HOSTILE_RUNS },
    );
  }, 600_000);

  it("refuses hostile files through validatePaths, each error naming its file", async () => {
    const record = tallied("files via validatePaths");
    const files = await writeHostileFiles(path.join(root, "direct"));
    const perFile: Record<string, string> = {};
    for (const file of files) {
      const started = performance.now();
      const errors = await validatePaths([file]);
      const elapsedMs = performance.now() - started;
      record(errors, file, elapsedMs);
      expect(errors.length).toBeGreaterThan(0);
      const label = path.basename(path.dirname(file));
      if (!label.startsWith("random-bytes")) perFile[label] = `${errors[0]?.code} in ${elapsedMs.toFixed(1)} ms`;
    }
    console.log(`hostile files:\n${JSON.stringify(perFile, null, 1)}`);
  }, 120_000);

  it("survives validation in a real process over a directory of hostile plugins (as `holomush-host validate`)", async () => {
    const files = await writeHostileFiles(path.join(root, "search"));
    // The built package in a child process, printing what the CLI prints (the CLI is @holomush/server's).
    const entry = pathToFileURL(path.join(import.meta.dirname, "..", "..", "dist", "index.js")).href;
    const validate = `const { validatePaths } = await import(${JSON.stringify(entry)});
      const errors = await validatePaths([process.argv[1]]);
      for (const error of errors) console.log(error.format());
      process.exitCode = errors.length === 0 ? 0 : 1;`;
    const args = ["--input-type=module", "-e", validate, path.join(root, "search")];
    const result = await promisify(execFile)(process.execPath, args, {
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stdout: "", stderr: "" }),
      (error: { code: number; stdout: string; stderr: string; killed?: boolean }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    // One or more `path: [field: ]CODE: message` lines per hostile plugin, each naming its plugin.yaml.
    const lines = result.stdout.trimEnd().split("\n");
    for (const line of lines) expect(line).toMatch(/^\/\S+\/plugin\.yaml: (\S+: )?[A-Z_]+: /);
    const named = new Set(lines.map((line) => line.slice(0, line.indexOf("plugin.yaml") + "plugin.yaml".length)));
    expect([...named].sort()).toEqual(files.sort());
  }, 120_000);
});

/** Writes the hostile files as `dir/<case>/plugin.yaml`, so discovery finds them too. */
async function writeHostileFiles(dir: string): Promise<string[]> {
  const head = "name: demo\nversion: 1.0.0\ntype: lua\nlua-plugin: { entry: main.lua }\n";
  const tenMiB = 10 * 1024 * 1024;
  const cases: Array<[string, Uint8Array | string | "dir" | "fifo"]> = [
    ["ten-mib-mapping", head + "k: v\n".repeat(tenMiB / 5)],
    ["ten-mib-scalar", `${head}description: ${"x".repeat(tenMiB)}\n`],
    ["just-over-the-size-limit", `${head}description: "${"x".repeat(MANIFEST_MAX_BYTES)}"\n`],
    ["nul-bytes", new Uint8Array(64 * 1024)],
    ["latin1", Buffer.from(`${head}description: caf\xe9\n`, "latin1")],
    ["utf16", Buffer.from(`\ufeff${head}`, "utf16le")],
    ["truncated-utf8", Buffer.concat([Buffer.from(head), Buffer.from([0xe2, 0x82])])],
    ["overlong-utf8", Buffer.concat([Buffer.from(head), Buffer.from([0xc0, 0xaf])])],
    ["deep-flow", `${head}x: ${"[".repeat(500_000)}${"]".repeat(500_000)}\n`],
    ["deep-block", `${head}x:\n${Array.from({ length: 1_400 }, (_, i) => `${" ".repeat(i + 2)}k:`).join("\n")}\n`],
    ["flat-40k-keys", `${head}x:\n${Array.from({ length: 40_000 }, (_, i) => `  k${i}: ${i}`).join("\n")}\n`],
    ["alias-flood", `${head}a: &a [1, 2, 3]\nb: [${Array(64_000).fill("*a").join(",")}]\n`],
    ["billion-laughs", `${head}l0: &l0 [lol]\n${laughs(30)}`],
    ["empty", ""],
    ["directory", "dir"],
    ["fifo", "fifo"],
  ];
  for (const bytes of fc.sample(fc.uint8Array({ minLength: 1, maxLength: 4096 }), { seed: SEED, numRuns: 20 })) {
    cases.push([`random-bytes-${cases.length}`, bytes]);
  }
  const files: string[] = [];
  for (const [label, content] of cases) {
    const file = path.join(dir, label, "plugin.yaml");
    await mkdir(path.dirname(file), { recursive: true });
    if (content === "dir") await mkdir(file);
    else if (content === "fifo") execFileSync("mkfifo", [file]);
    else await writeFile(file, content);
    files.push(file);
  }
  return files;
}

function laughs(levels: number): string {
  return Array.from(
    { length: levels },
    (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(", ")}]\n`,
  ).join("");
}
