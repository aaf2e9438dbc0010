/**
 * The AssemblyScript view of the WASM ABI's constants, generated from
 * @holomush/proto's wire vocabulary (src/wasm-abi.ts, src/error-code.ts):
 * AssemblyScript cannot import TypeScript types or objects, so the PDK gets
 * them as a generated file, assembly/abi.generated.ts. `pnpm --filter
 * @holomush/wasm-pdk generate:abi` rewrites it; abi-generated.test.ts fails when it is stale.
 */
import { ErrorCode, GuestCommandStatus, WasmActorKind } from "@holomush/proto/wire";

/** The text of assembly/abi.generated.ts. */
export function assemblyAbi(): string {
  const lines = [
    "// Generated from @holomush/proto (src/wasm-abi.ts, src/error-code.ts) by",
    "// packages/wasm-pdk/scripts/assembly-abi.ts: AssemblyScript cannot import the",
    "// TypeScript definitions, so their constants are written here. Do not edit;",
    "// run `pnpm --filter @holomush/wasm-pdk generate:abi`.",
    "",
    "// Actor kinds (WasmActorKind, docs/wasm-abi.md).",
    ...Object.entries(WasmActorKind).map(([name, code]) => `export const ACTOR_${name.toUpperCase()}: i32 = ${code};`),
    "",
    "// handle_command statuses (GuestCommandStatus).",
    ...Object.values(GuestCommandStatus).map(
      (status) => `export const STATUS_${status.toUpperCase()}: string = "${status}";`,
    ),
    "",
    "// The platform's error codes (ErrorCode), as host functions answer them.",
    ...Object.values(ErrorCode).map((code) => `export const ERROR_${code}: string = "${code}";`),
    "",
  ];
  return lines.join("\n");
}
