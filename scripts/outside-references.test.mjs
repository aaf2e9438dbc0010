// Comments and docs cite pages of this repository (docs/*.md, a package's README), never documents
// that live outside it: the design seeds ("seed 000"…"seed 004") and the reference notes
// (FACTS.md, LUA-ABI.md, STYLE.md) are not in the repo, so a reader cannot follow such a citation.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { root } from "./lib/packages.mjs";

// This file names what it looks for, so it does not scan itself.
const SELF = "scripts/outside-references.test.mjs";
const OUTSIDE = [
  /\bseeds?[ _-]?0\d\d\b/i,
  new RegExp(["FACTS", "LUA-ABI", "STYLE"].map((name) => `\\b${name}\\.md\\b`).join("|")),
  new RegExp(String.raw`\(${"FACTS"}\b`),
];

/** Every outside citation in `text`, each as `line: text`. */
function outsideCitations(text) {
  const found = [];
  text.split("\n").forEach((line, index) => {
    if (OUTSIDE.some((pattern) => pattern.test(line))) found.push(`${index + 1}: ${line.trim()}`);
  });
  return found;
}

test("the matcher finds outside citations and leaves ordinary text alone", () => {
  for (const cited of [
    "// seed 000's echo",
    "(Seed 001)",
    "a seed-000 pattern",
    `see ${"FACTS"}.md`,
    `(${"LUA-ABI"}.md)`,
    `(${"FACTS"}: x)`,
  ]) {
    assert.equal(outsideCitations(cited).length, 1, cited);
  }
  for (const plain of ["Last full run (seed 22)", "docs/events.md", "SEED_000_TABLE", "random seed 12345"]) {
    assert.deepEqual(outsideCitations(plain), [], plain);
  }
});

test("no committed file cites a document outside the repository", () => {
  const files = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
    .split("\0")
    .filter((file) => file !== "" && file !== SELF && !/\.(png|jpe?g|gif|ico|wasm|woff2?|tgz|gz)$/i.test(file));
  const offenders = [];
  for (const file of files) {
    let text;
    try {
      text = readFileSync(join(root, file), "utf8");
    } catch {
      continue; // deleted in the working tree
    }
    if (text.includes("\0")) continue; // binary
    for (const hit of outsideCitations(text)) offenders.push(`${file}:${hit}`);
  }
  assert.deepEqual(offenders, [], `cite docs/*.md (or move the fact there) instead:\n${offenders.join("\n")}`);
});
