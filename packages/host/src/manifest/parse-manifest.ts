/**
 * Reading plugin.yaml: YAML syntax (MANIFEST_YAML with line and column),
 * then full validation (validate-manifest.ts).
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "yaml";
import { HostError, HostErrorCode } from "../errors.js";
import { checkManifestRealPaths } from "./real-plugin-paths.js";
import { type ManifestResult, validateManifest } from "./validate-manifest.js";

/** A manifest larger than this is refused unread: it is not a hand-written plugin.yaml. */
export const MANIFEST_MAX_BYTES = 1024 * 1024;

/**
 * Parses and validates plugin.yaml text.
 * @param file the manifest path, reported on every error
 * @param dir the plugin directory the manifest's paths are relative to
 */
export function parseManifest(text: string, file: string, dir: string): ManifestResult {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      errors: document.errors.map((error) => {
        const position = error.linePos?.[0];
        // prettyErrors appends "at line L, column C:" and a source excerpt; keep the first sentence.
        const reason = (error.message.split("\n")[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, "");
        const where = position ? ` at line ${position.line}, column ${position.col}` : "";
        return new HostError(HostErrorCode.MANIFEST_YAML, `YAML syntax error${where}: ${reason}`, {
          file,
          cause: error,
          details: position ? { line: String(position.line), column: String(position.col) } : {},
        });
      }),
    };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { errors: [HostError.from(error, HostErrorCode.MANIFEST_YAML, { file })] };
  }
  return validateManifest(data, file, dir);
}

/** Reads, parses and validates a plugin.yaml; its directory is the plugin directory. */
export async function loadManifest(file: string): Promise<ManifestResult> {
  const absolute = path.resolve(file);
  try {
    const info = await stat(absolute);
    if (!info.isFile()) {
      const message = "is not a regular file: expected a plugin.yaml";
      return { errors: [new HostError(HostErrorCode.MANIFEST_UNREADABLE, message, { file: absolute })] };
    }
    if (info.size > MANIFEST_MAX_BYTES) {
      const message = `is ${info.size} bytes; a plugin.yaml may be at most ${MANIFEST_MAX_BYTES} bytes`;
      return { errors: [new HostError(HostErrorCode.MANIFEST_UNREADABLE, message, { file: absolute })] };
    }
    const text = await readFile(absolute, "utf8");
    const result = parseManifest(text, absolute, path.dirname(absolute));
    // Symlinks are invisible to the lexical path checks: resolve what the manifest names.
    return result.source ? withRealPathErrors(result) : result;
  } catch (error) {
    return { errors: [readError(error, absolute)] };
  }
}

function withRealPathErrors(result: ManifestResult): ManifestResult {
  const errors = result.source ? checkManifestRealPaths(result.source) : [];
  return errors.length === 0 ? result : { errors: [...result.errors, ...errors] };
}

/** Maps a file-system error onto MANIFEST_NOT_FOUND / MANIFEST_UNREADABLE. */
export function readError(error: unknown, file: string): HostError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") {
    return new HostError(HostErrorCode.MANIFEST_NOT_FOUND, "does not exist", { file, cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new HostError(HostErrorCode.MANIFEST_UNREADABLE, `cannot be read: ${reason}`, { file, cause: error });
}
