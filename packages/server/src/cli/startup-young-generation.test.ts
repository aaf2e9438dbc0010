import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/**
 * In a fresh Node process (the young generation a process starts with; vitest's own has long
 * grown): churn short-lived garbage with enough survivors that V8 grows the young generation,
 * once while held and once after release, and report its size (MB) before and after each.
 */
const SCRIPT = `
import { getHeapSpaceStatistics } from "node:v8";
import { holdYoungGenerationDuringStartup } from "./src/cli/startup-young-generation.ts";
const newSpaceMB = () => getHeapSpaceStatistics().find((space) => space.space_name === "new_space").space_size / 2 ** 20;
function churn() {
  let kept = [];
  for (let i = 0; i < 2000000; i++) { kept.push({ n: i, s: "x" + i }); if (kept.length > 20000) kept = []; }
}
const before = newSpaceMB();
const release = holdYoungGenerationDuringStartup();
churn();
const held = newSpaceMB();
release();
release();
churn();
console.log(JSON.stringify({ before, held, grown: newSpaceMB() }));
`;

describe("holdYoungGenerationDuringStartup", () => {
  it("keeps the young generation at its first size while held, and lets it grow once released", () => {
    const output = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", SCRIPT], {
      cwd: new URL("../..", import.meta.url),
      encoding: "utf8",
    });
    const { before, held, grown } = JSON.parse(output) as { before: number; held: number; grown: number };
    expect(held).toBe(before);
    expect(grown).toBeGreaterThan(held * 2);
  });
});
