/**
 * The `<type>-plugin` sections of plugin.yaml, one per runtime, each defined
 * in its runtime's folder. The manifest definition (manifest/manifest-schema.ts)
 * reads and publishes exactly these.
 */
import { inprocManifestSection } from "../inproc/inproc-manifest-section.js";
import type { ManifestSection } from "../manifest/manifest-section.js";
import { luaManifestSection } from "./lua/lua-manifest-section.js";
import { binaryManifestSection } from "./process/binary-manifest-section.js";
import { wasmManifestSection } from "./wasm/wasm-manifest-section.js";

export const MANIFEST_SECTIONS: readonly ManifestSection[] = [
  wasmManifestSection,
  binaryManifestSection,
  luaManifestSection,
  inprocManifestSection,
];
