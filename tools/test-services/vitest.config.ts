import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { globalSetup: ["./src/vitest-postgres.ts", "./src/vitest-nats.ts"], testTimeout: 30_000 },
});
