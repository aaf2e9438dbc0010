/**
 * The example plugins' real .wasm files (built by asc). CI builds them before
 * the tests; a missing one is built here so a plain `vitest run` works too.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const examplesDir = fileURLToPath(new URL("../../../../../../examples/", import.meta.url));

export function exampleWasm(example: "echo-bot" | "wasm-counter"): Uint8Array {
  const file = `${examplesDir}${example}/build/${example}.wasm`;
  if (!existsSync(file)) {
    execFileSync("pnpm", ["run", "build"], { cwd: `${examplesDir}${example}`, stdio: "ignore" });
  }
  return readFileSync(file);
}
