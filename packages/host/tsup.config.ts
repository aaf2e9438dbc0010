import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/runtimes/wasm/wasm-worker.ts"],
  // The WASM worker is loaded by URL relative to the module; CJS needs import.meta.url shimmed.
  shims: true,
  // Only used when running from source (bundles the worker); never shipped.
  external: ["esbuild"],
  format: ["esm", "cjs"],
  dts: { entry: "src/index.ts" },
  sourcemap: true,
  clean: true,
  target: "node20",
  // The Cedar base policies ship as a file beside the bundle (read at authorizer creation).
  onSuccess: "cp src/auth/base-policies.cedar dist/",
});
