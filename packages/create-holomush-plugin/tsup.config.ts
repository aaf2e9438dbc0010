import { defineConfig } from "tsup";

export default defineConfig([
  // The library entry, for both module systems.
  { entry: ["src/index.ts"], format: ["esm", "cjs"], dts: true, sourcemap: true, target: "node20" },
  // The bin (`npm create holomush-plugin`): ESM only, it awaits at top level.
  { entry: ["src/cli.ts"], format: ["esm"], sourcemap: true, target: "node20" },
]);
