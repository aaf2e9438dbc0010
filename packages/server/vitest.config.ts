import { defineConfig } from "vitest/config";

// The PostgreSQL tests use the server HOLOMUSH_TEST_DATABASE_URL names, or one
// this global setup starts for the run (docs/testing.md).
export default defineConfig({
  test: { globalSetup: ["@holomush/test-services/vitest-postgres"] },
});
