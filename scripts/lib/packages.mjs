/**
 * The packages we publish and how to pack them, shared by the release
 * scripts (check-packages, release-dry-run, pack-test).
 *
 * Published = every workspace package under packages/ that is not private.
 * Packing goes through `pnpm pack`, exactly as `changeset publish` (which
 * runs `pnpm publish`) will: `workspace:` ranges are rewritten to versions.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

/** The packages released together (the fixed group in .changeset/config.json). */
export const EXPECTED_PACKAGES = [
  "create-holomush-plugin",
  "@holomush/host",
  "@holomush/plugin-sdk",
  "@holomush/proto",
  "@holomush/server",
  "@holomush/testkit",
  "@holomush/wasm-pdk",
];

/** @returns {{ name: string, version: string, dir: string, manifest: Record<string, unknown> }[]} */
export function publishedPackages() {
  const base = join(root, "packages");
  const found = [];
  for (const entry of readdirSync(base).sort()) {
    const file = join(base, entry, "package.json");
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    if (manifest.private) continue;
    found.push({ name: manifest.name, version: manifest.version, dir: join(base, entry), manifest });
  }
  return found;
}

/**
 * Packs one package into `destination` with pnpm.
 * @returns {{ name: string, version: string, tarball: string, files: string[] }}
 */
export function pack(dir, destination) {
  const out = execFileSync("pnpm", ["pack", "--pack-destination", destination, "--json"], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const result = JSON.parse(out);
  return {
    name: result.name,
    version: result.version,
    tarball: result.filename,
    files: result.files.map((file) => file.path).sort(),
  };
}

/** Reads one file out of a packed tarball (paths inside start with `package/`). */
export function readFromTarball(tarball, path) {
  return execFileSync("tar", ["-xzOf", tarball, `package/${path}`], { encoding: "utf8" });
}

/**
 * Files that must never be published. wasm-pdk's `assembly/` sources are the
 * one exception to "no TypeScript sources": AssemblyScript users compile them.
 * @returns {string | undefined} why `path` is a stray file, if it is one
 */
export function strayReason(path) {
  if (/(^|\/)__(fixtures|tests|mocks)__(\/|$)/.test(path)) return "test fixture";
  if (/\.(test|spec)\.[cm]?[jt]sx?(\.map)?$/.test(path) || /\.test-d\.ts$/.test(path)) return "test file";
  if (/^src\//.test(path)) return "source file (src/)";
  if (
    /(^|\/)(tsconfig[^/]*\.json|tsup\.config\.[cm]?[jt]s|vitest\.config\.[cm]?[jt]s|\.vitest-report\.json)$/.test(path)
  )
    return "build/test config";
  if (/(^|\/)(bench|node_modules|\.turbo|coverage)\//.test(path)) return "development folder";
  if (/\.tgz$/.test(path)) return "tarball";
  return undefined;
}
