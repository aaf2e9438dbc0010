// The Go and Python SDKs cannot import @holomush/proto's ErrorCode, so they spell the codes they
// name (the focus codes among them) as constants: every one must be a code of the platform's one
// set, and the focus codes must all be there. Needs @holomush/proto built (dist/wire.js).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { root } from "./lib/packages.mjs";

const { ErrorCode, FocusErrorCode } = await import(pathToFileURL(join(root, "packages/proto/dist/wire.js")).href);

/** The upper-snake string constants of a source file: `Name = "CODE"` (Go) or `CODE = "CODE"` (Python). */
function codeConstants(file) {
  const text = readFileSync(join(root, file), "utf8");
  return [...text.matchAll(/^\s*[A-Za-z_]\w*\s*=\s*"([A-Z][A-Z0-9_]+)"\s*$/gm)].map((match) => match[1]);
}

for (const file of ["sdks/go/pluginsdk/errors.go", "sdks/python/src/holomush_plugin/errors.py"]) {
  test(`${file} names only codes of @holomush/proto's ErrorCode, the focus codes included`, () => {
    const codes = codeConstants(file);
    const known = new Set(Object.values(ErrorCode));
    assert.deepEqual(
      codes.filter((code) => !known.has(code)),
      [],
      "codes that are not in packages/proto/src/error-code.ts",
    );
    for (const focus of Object.values(FocusErrorCode)) assert.ok(codes.includes(focus), `${file} lacks ${focus}`);
  });
}
