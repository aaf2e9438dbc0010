#!/usr/bin/env node
// Adds up the vitest JSON reports every package wrote (.vitest-report.json)
// and prints one closing line, so CI and people see the whole suite's count.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const reports = [];
const single = join(root, "conformance", ".vitest-report.json");
if (existsSync(single)) reports.push({ name: "conformance", file: single });
for (const group of ["packages", "examples", "examples/js-pdk", "tools"]) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const file = join(dir, name, ".vitest-report.json");
    if (existsSync(file)) reports.push({ name: `${group}/${name}`, file });
  }
}
let passed = 0;
let failed = 0;
let skipped = 0;
let notApplicable = 0;
const failures = [];
for (const { name, file } of reports) {
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  console.log(`  ${name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  // vitest can mark a test failed after its file already finished (a late
  // timeout) and still exit 0, so the failures are named here, where the
  // count is what fails the run.
  for (const result of report.testResults ?? []) {
    for (const test of result.assertionResults ?? []) {
      // The conformance suite skips a case an SDK's ABI has no means for, and says so in its name.
      if (test.status !== "passed" && test.status !== "failed" && test.fullName.includes("(n/a: ")) notApplicable++;
      if (test.status !== "failed") continue;
      const cause = (test.failureMessages ?? []).join("\n").split("\n").slice(0, 6).join("\n      ");
      failures.push(`  FAILED ${result.name.replace(root, "")} > ${test.fullName}\n      ${cause}`);
    }
  }
}
for (const line of failures) console.log(line);
if (reports.length === 0) {
  console.error("test-summary: no vitest reports found");
  process.exit(1);
}
console.log(
  `tests: ${passed} passed, ${failed} failed, ${skipped - notApplicable} skipped, ${notApplicable} not applicable`,
);
process.exit(failed > 0 ? 1 : 0);
