import { defineConfig } from "vitest/config";

// Two one-check suites (one fails), run by exit-code.test.ts under the same
// global setup the packages use.
export default defineConfig({
  test: { include: ["*.check.ts"], globalSetup: ["../../vitest-postgres.ts"] },
});
