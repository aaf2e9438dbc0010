// The Go and Python SDKs cannot import @holomush/proto's ErrorCode, so their code constants are
// generated from it (scripts/generate-sdk-codes.mjs): the committed files must be what the
// generator writes now, the generator must read the same set the built package exports, and no
// hand-written SDK file may spell a platform code as a string constant of its own. Needs
// @holomush/proto built (dist/wire.js).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import {
  GO_FILE,
  generatedFiles,
  goName,
  goSource,
  PYTHON_FILE,
  pythonSource,
  readErrorCodes,
  SOURCE,
} from "./generate-sdk-codes.mjs";
import { root } from "./lib/packages.mjs";

const { ErrorCode, FocusErrorCode, StatusCodeName } = await import(
  pathToFileURL(join(root, "packages/proto/dist/wire.js")).href
);

test("the generator reads the same sets @holomush/proto exports, in order", () => {
  const set = readErrorCodes();
  assert.deepEqual(
    set.errorCodes.map((entry) => entry.code),
    Object.values(ErrorCode),
  );
  assert.deepEqual(
    set.focusCodes.map((entry) => entry.code),
    Object.values(FocusErrorCode),
  );
  assert.deepEqual(
    set.statusNames.map((entry) => entry.code),
    Object.values(StatusCodeName),
  );
  // Doc comments and section headings carry over.
  const limit = set.errorCodes.find((entry) => entry.code === "MANIFEST_LIMIT_EXCEEDED");
  assert.match(limit.doc, /plugin\.yaml over a size/);
  assert.equal(set.errorCodes[0].section, "Manifests and discovery");
});

for (const { file, text } of generatedFiles()) {
  test(`${file} is up to date with ${SOURCE}`, () => {
    assert.equal(
      readFileSync(join(root, file), "utf8"),
      text,
      `stale: run 'node scripts/generate-sdk-codes.mjs' and commit ${file}`,
    );
  });
}

test("the generated files name every code, the focus and status sets, with the doc comments", () => {
  const go = goSource();
  const python = pythonSource();
  assert.match(go, /^\/\/ Code generated .* DO NOT EDIT\.$/m);
  for (const code of Object.values(ErrorCode)) {
    assert.ok(go.includes(`\tCode${goName(code)} `) && go.includes(`ErrorCode = "${code}"`), `Go lacks ${code}`);
    assert.match(python, new RegExp(`^${code}: Final = "${code}"$`, "m"), `Python lacks ${code}`);
  }
  for (const code of Object.values(StatusCodeName)) assert.ok(go.includes(`Status${goName(code)} `));
  const focusGo = go.slice(go.indexOf("func FocusErrorCodes"));
  const focusPython = python.slice(python.indexOf("FOCUS_ERROR_CODES"));
  for (const code of Object.values(FocusErrorCode)) {
    assert.ok(focusGo.includes(`Code${goName(code)},`), `Go FocusErrorCodes lacks ${code}`);
    assert.ok(focusPython.includes(`        ${code},`), `Python FOCUS_ERROR_CODES lacks ${code}`);
  }
  assert.match(go, /\/\/ CodeFocusAlreadyMember: The session already follows that target/);
  assert.match(python, /FOCUS_ALREADY_MEMBER: Final = "FOCUS_ALREADY_MEMBER"\n"""The session already follows/);
  assert.equal(goName("API_VERSION_UNSUPPORTED"), "APIVersionUnsupported");
  assert.equal(goName("SESSION_NOT_FOUND"), "SessionNotFound");
});

test("--check fails on a stale generated file and passes on a fresh one", async () => {
  const { execFileSync } = await import("node:child_process");
  const script = join(root, "scripts/generate-sdk-codes.mjs");
  execFileSync(process.execPath, [script, "--check"], { cwd: root });
  // A copy of error-code.ts with one more code makes the committed files stale.
  const dir = mkdtempSync(join(tmpdir(), "sdk-codes-"));
  try {
    const source = join(dir, "error-code.ts");
    const text = readFileSync(join(root, SOURCE), "utf8").replace(
      '  STORAGE_PROVISION_FAILED: "STORAGE_PROVISION_FAILED",\n',
      '  STORAGE_PROVISION_FAILED: "STORAGE_PROVISION_FAILED",\n  /** Added. */\n  EXTRA_CODE: "EXTRA_CODE",\n',
    );
    writeFileSync(source, text);
    const extra = readErrorCodes(source);
    assert.equal(extra.errorCodes.at(-1).code, "EXTRA_CODE");
    assert.notEqual(goSource(extra), readFileSync(join(root, GO_FILE), "utf8"));
    assert.notEqual(pythonSource(extra), readFileSync(join(root, PYTHON_FILE), "utf8"));
    const result = (() => {
      try {
        execFileSync(process.execPath, [script, "--check", `--source=${source}`], { cwd: root, stdio: "pipe" });
        return { status: 0, stderr: "" };
      } catch (error) {
        return { status: error.status, stderr: String(error.stderr) };
      }
    })();
    assert.equal(result.status, 1);
    assert.match(result.stderr, /error_codes\.gen\.go is stale/);
    assert.match(result.stderr, /error_codes\.py is stale/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The upper-snake string constants of a source file: `Name = "CODE"` (Go) or `CODE = "CODE"` (Python). */
function codeConstants(file) {
  const text = readFileSync(join(root, file), "utf8");
  return [...text.matchAll(/^\s*[A-Za-z_]\w*\s*(?::[^=]*)?=\s*"([A-Z][A-Z0-9_]+)"\s*$/gm)].map((match) => match[1]);
}

for (const file of [
  "sdks/go/pluginsdk/errors.go",
  "sdks/go/pluginsdk/host_requests.go",
  "sdks/python/src/holomush_plugin/errors.py",
  "sdks/python/src/holomush_plugin/host_calls.py",
]) {
  test(`${file} spells no platform code by hand (they come from the generated file)`, () => {
    const known = new Set(Object.values(ErrorCode));
    assert.deepEqual(
      codeConstants(file).filter((code) => known.has(code)),
      [],
      "use the generated constant instead",
    );
  });
}
