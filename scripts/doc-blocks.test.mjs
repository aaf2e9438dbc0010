// The marked blocks of the docs CI executes (pack-test plays docs/installation.md) are found and well-formed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { docBlocks } from "./lib/doc-blocks.mjs";
import { root } from "./lib/packages.mjs";

test("docBlocks reads files (with modes) and transcripts", () => {
  const page = [
    "<!-- file: plugins/a/bin/a mode=755 -->",
    "```js",
    "#!/usr/bin/env node",
    "```",
    "",
    "<!-- transcript -->",
    "```text",
    "> Alice",
    "Welcome, Alice...",
    "```",
  ].join("\n");
  assert.deepEqual(docBlocks(page), [
    { kind: "file", path: "plugins/a/bin/a", mode: 0o755, text: "#!/usr/bin/env node\n" },
    { kind: "transcript", steps: [{ type: "Alice" }, { expect: "Welcome, Alice", prefix: true }] },
  ]);
  assert.throws(() => docBlocks("<!-- file: ../x -->\n```\n```"), /escapes/);
});

test("docs/installation.md marks every file of its walkthrough and its console transcript", () => {
  const blocks = docBlocks(readFileSync(join(root, "docs", "installation.md"), "utf8"));
  const files = blocks.filter((block) => block.kind === "file").map((block) => block.path);
  assert.deepEqual(files, [
    "plugins/hello/plugin.yaml",
    "plugins/hello/bin/hello",
    "plugins/hello-ts/plugin.yaml",
    "plugins/hello-ts/tsconfig.json",
    "plugins/hello-ts/src/hello.ts",
    "plugins/hello-ts/bin/hello-ts",
    "test/hello.test.ts",
    "host.mjs",
  ]);
  assert.equal(blocks.filter((block) => block.kind === "transcript").length, 1);
});

test("docs/embedding.md shows examples/embedding/src/tavern-host.ts as it is (the program CI runs)", () => {
  const blocks = docBlocks(readFileSync(join(root, "docs", "embedding.md"), "utf8"));
  const files = blocks.filter((block) => block.kind === "file");
  assert.deepEqual(
    files.map((block) => block.path),
    ["examples/embedding/src/tavern-host.ts"],
  );
  assert.equal(files[0].text, readFileSync(join(root, "examples", "embedding", "src", "tavern-host.ts"), "utf8"));
});
