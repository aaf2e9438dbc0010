/**
 * A guest with a granted directory must not make links: WASI's
 * `path_symlink` would let it plant a symlink to `/` inside its own grant
 * and then open through it (Node's WASI follows host symlinks; it is not a
 * security sandbox), and `path_link` could do the same for files. The host
 * cannot wrap the WASI imports Extism builds, so a module that imports
 * either is refused at load when `allowed-paths` grants anything (without
 * a preopened directory they have nothing to act on).
 */
import { HostError, HostErrorCode } from "../../errors.js";
import type { ManifestSource } from "../../manifest/manifest.js";
import { WASI_NAMESPACE } from "./host-functions.js";

const LINK_FUNCTIONS = new Set(["path_symlink", "path_link"]);

export function refuseWasiLinks(module: WebAssembly.Module, source: ManifestSource): void {
  if (Object.keys(source.manifest.wasmPlugin?.allowedPaths ?? {}).length === 0) return;
  for (const entry of WebAssembly.Module.imports(module)) {
    if (entry.module === WASI_NAMESPACE && LINK_FUNCTIONS.has(entry.name)) {
      throw new HostError(
        HostErrorCode.WASM_IMPORT_NOT_GRANTED,
        `imports ${WASI_NAMESPACE}.${entry.name}: a guest with allowed-paths may not create links (they could lead outside its grant)`,
        { plugin: source.manifest.name, file: source.file, field: "wasm-plugin.allowed-paths" },
      );
    }
  }
}
