/**
 * Reading plugin.yaml: size, encoding and structure limits
 * (MANIFEST_LIMIT_EXCEEDED, manifest-limits.ts), YAML syntax (MANIFEST_YAML
 * with line and column), then full validation (validate-manifest.ts).
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { Composer, type Document, YAMLParseError } from "yaml";
import { HostError, HostErrorCode } from "../errors.js";
import {
  type BoundedYaml,
  MANIFEST_MAX_ALIAS_EXPANSION,
  MANIFEST_MAX_BYTES,
  parseWithinLimits,
} from "./manifest-limits.js";
import { checkManifestRealPaths } from "./real-plugin-paths.js";
import { type ManifestResult, validateManifest } from "./validate-manifest.js";

export { MANIFEST_MAX_BYTES } from "./manifest-limits.js";

/**
 * Parses and validates plugin.yaml text.
 * @param file the manifest path, reported on every error
 * @param dir the plugin directory the manifest's paths are relative to
 */
export function parseManifest(text: string, file: string, dir: string): ManifestResult {
  const parsed = parseWithinLimits(text, file);
  if (parsed instanceof HostError) return { errors: [parsed] };
  const document = compose(parsed, text.length);
  if (document.errors.length > 0) {
    return {
      errors: document.errors.map((error) => {
        const position = parsed.lines.linePos(error.pos[0]);
        const where = ` at line ${position.line}, column ${position.col}`;
        return new HostError(HostErrorCode.MANIFEST_YAML, `YAML syntax error${where}: ${firstLine(error.message)}`, {
          file,
          cause: error,
          details: { line: String(position.line), column: String(position.col) },
        });
      }),
    };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MANIFEST_MAX_ALIAS_EXPANSION });
  } catch (error) {
    return { errors: [HostError.from(error, HostErrorCode.MANIFEST_YAML, { file })] };
  }
  return validateManifest(data, file, dir);
}

/** The first document of the token tree, as the yaml library's parseDocument builds it (one document only). */
function compose({ tokens }: BoundedYaml, length: number): Document.Parsed {
  // Warnings (e.g. collection keys) are not the host's to print: the validator reports what matters.
  const composer = new Composer({ uniqueKeys: true, logLevel: "error" });
  let first: Document.Parsed | undefined;
  for (const document of composer.compose(tokens, true, length)) {
    if (!first) {
      first = document;
    } else {
      const message = "a plugin.yaml holds one YAML document; found a second";
      first.errors.push(new YAMLParseError([document.range[0], document.range[1]], "MULTIPLE_DOCS", message));
      break;
    }
  }
  // compose(…, forceDoc = true) always yields a document, even for empty text.
  return first as Document.Parsed;
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
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
      const details = { limit: "bytes" };
      return { errors: [new HostError(HostErrorCode.MANIFEST_LIMIT_EXCEEDED, message, { file: absolute, details })] };
    }
    const text = decodeUtf8(await readFile(absolute), absolute);
    if (text instanceof HostError) return { errors: [text] };
    const result = parseManifest(text, absolute, path.dirname(absolute));
    // Symlinks are invisible to the lexical path checks: resolve what the manifest names.
    return result.source ? withRealPathErrors(result) : result;
  } catch (error) {
    return { errors: [readError(error, absolute)] };
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Refuses bytes that are not UTF-8 instead of silently turning them into U+FFFD. */
function decodeUtf8(bytes: Uint8Array, file: string): string | HostError {
  try {
    return utf8.decode(bytes);
  } catch (error) {
    return new HostError(HostErrorCode.MANIFEST_UNREADABLE, "is not valid UTF-8 text", { file, cause: error });
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
