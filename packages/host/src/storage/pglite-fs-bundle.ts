/**
 * PGlite's file-system bundle (`pglite.data`: PostgreSQL's share/ files,
 * the time zone database and ICU data, ~6 MB), read once per process and
 * shared by every PGlite the host opens. Each PGlite otherwise reads the
 * file into its own buffer and keeps it for good: its in-memory file system
 * owns slices of that buffer as the files' contents. PostgreSQL only reads
 * these files, so one buffer serves them all; with the host's database and
 * one plugin database this keeps ~6 MB (docs/benchmarks.md, "Memory
 * footprint").
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

let bundle: ArrayBuffer | undefined;

/** The bundle's bytes, read on first use. */
export function pgliteFsBundleBytes(): ArrayBuffer {
  if (bundle === undefined) {
    const file = createRequire(import.meta.url).resolve("@electric-sql/pglite/pglite.data");
    const bytes = readFileSync(file);
    // PGlite checks that it gets a whole ArrayBuffer of the bundle's size (not a Buffer's pool).
    bundle =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }
  return bundle;
}

/**
 * For PGlite's `fsBundle` option, which takes a Blob and only calls its `arrayBuffer()`; a real
 * Blob would hand each PGlite a fresh copy, which is what this avoids.
 */
export function sharedPgliteFsBundle(): Blob {
  const bytes = pgliteFsBundleBytes();
  return { arrayBuffer: async () => bytes } as unknown as Blob;
}
