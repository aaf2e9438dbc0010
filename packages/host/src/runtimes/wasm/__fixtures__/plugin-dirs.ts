/**
 * Plugin directories on disk for the through-the-host tests and benchmark:
 * a search path in a temp dir, each plugin a subdirectory with its
 * plugin.yaml and .wasm, discovered by createHost like any deployment.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import { exampleWasm } from "./examples.js";

type Example = "echo-bot" | "wasm-counter";
/** plugin.yaml content, kebab-case keys as on disk. */
export type ManifestYaml = Record<string, unknown>;

const examplesDir = fileURLToPath(new URL("../../../../../../examples/", import.meta.url));

export interface PluginSearchPath {
  readonly root: string;
  /** Writes `<root>/<name>/plugin.yaml` and the module at `wasm-plugin.module` (default plugin.wasm). */
  addWasm(manifest: ManifestYaml, bytes: Uint8Array): string;
  /**
   * Copies an example's real plugin.yaml and built module; `overrides` are
   * merged into the manifest one level deep (e.g. `delivery`, `wasm-plugin`).
   */
  addExample(example: Example, overrides?: ManifestYaml): string;
  remove(): void;
}

export function createPluginSearchPath(): PluginSearchPath {
  const root = mkdtempSync(join(tmpdir(), "holomush-wasm-host-"));
  function write(manifest: ManifestYaml, bytes: Uint8Array): string {
    const name = String(manifest.name);
    const dir = join(root, name);
    const section = (manifest["wasm-plugin"] ?? {}) as ManifestYaml;
    const module = typeof section.module === "string" ? section.module : "plugin.wasm";
    const full = { ...manifest, type: "wasm", "wasm-plugin": { ...section, module } };
    mkdirSync(dirname(join(dir, module)), { recursive: true });
    writeFileSync(join(dir, module), bytes);
    writeFileSync(join(dir, "plugin.yaml"), stringify(full));
    return dir;
  }
  return {
    root,
    addWasm: write,
    addExample(example, overrides = {}) {
      const manifest = parse(readFileSync(join(examplesDir, example, "plugin.yaml"), "utf8")) as ManifestYaml;
      for (const [key, value] of Object.entries(overrides)) {
        const current = manifest[key];
        manifest[key] = isRecord(current) && isRecord(value) ? { ...current, ...value } : value;
      }
      return write(manifest, exampleWasm(example));
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
