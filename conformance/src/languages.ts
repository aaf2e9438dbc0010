/**
 * The plugins the suite runs, one per language, and the scenarios each one
 * cannot run with the reason (shown in docs/conformance.md). A scenario a
 * plugin can run but fails is a red cell, and fails the suite.
 */
import { join } from "node:path";
import { notBuiltReason, toolchainsAreRequired } from "@holomush/test-services/toolchains";

const root = join(import.meta.dirname, "..", "..");

export const SCENARIOS = {
  handshake: "handshake + api version negotiation",
  echo: "echo of a `say`",
  command: "command with arguments and each status",
  kv: "KV set/get/list, isolated per plugin",
  emitFence: "emit to an undeclared namespace refused",
  focus: "focus join/present/leave with codes",
  history: "stream history query",
  service: "required service through the host",
  crash: "crash and recovery",
  timeout: "handler overrunning its timeout",
  order: "1,000 events in order",
} as const;

export type ScenarioId = keyof typeof SCENARIOS;

export interface Language {
  /** Column title. */
  label: string;
  /** The plugin's manifest name. */
  plugin: string;
  /** Its directory (holding plugin.yaml). */
  dir: string;
  /** How it is built, for the doc. */
  build: string;
  /** Its probe command (default `conf`; the example plugins need unique names in the demo). */
  command?: string;
  /** A node_modules the plugin resolves packages from when it has none of its own. */
  nodeModules?: string;
  /** Scenarios it cannot run, with why. */
  notApplicable?: Partial<Record<ScenarioId, string>>;
  /**
   * Scenarios it runs but is known to fail, with why (a tracked defect). The suite expects them
   * to fail — a fixed one must be removed from here — and the table shows them red with the reason.
   */
  knownFailures?: Partial<Record<ScenarioId, string>>;
  /** Set where toolchains are required (CI) and its build is missing: the suite fails it. */
  notBuilt?: string;
  /** Set where toolchains are optional and its build was skipped: every cell says "not built". */
  unbuilt?: string;
}

const WASM_NO_HELLO =
  "a WASM guest has no hello or api version: the ABI is its exports and granted imports, checked at load";

const WASM_NO_FOCUS = "the WASM ABI has no focus host functions (docs/wasm-abi.md)";
const WASM_NO_SERVICE = "the WASM ABI has no host function to call a required service (docs/wasm-abi.md)";

export const LANGUAGES: Language[] = [
  {
    label: "TypeScript (process)",
    plugin: "ts-conf",
    dir: join(root, "conformance", "plugins", "ts-conf"),
    nodeModules: join(root, "conformance", "node_modules"),
    build: "`conformance/plugins/ts-conf/plugin.mjs` on `@holomush/plugin-sdk`",
  },
  built(["build/go-echo"], {
    label: "Go (process)",
    plugin: "go-echo",
    command: "goconf",
    dir: join(root, "examples", "go-echo"),
    build: "`examples/go-echo` on `sdks/go` (`go build`)",
  }),
  built([".venv/bin/python", "build/py-echo"], {
    label: "Python (process)",
    plugin: "py-echo",
    command: "pyconf",
    dir: join(root, "examples", "py-echo"),
    build: "`examples/py-echo` on `sdks/python` (a venv made by its `build.sh`)",
  }),
  {
    label: "AssemblyScript (WASM)",
    plugin: "as-conf",
    dir: join(root, "conformance", "plugins", "as-conf"),
    build: "`conformance/plugins/as-conf` on `@holomush/wasm-pdk` (`asc`)",
    notApplicable: {
      handshake: WASM_NO_HELLO,
      focus: WASM_NO_FOCUS,
      service: WASM_NO_SERVICE,
    },
  },
  built(["build/c-conf.wasm"], {
    label: "C (WASM)",
    plugin: "c-conf",
    dir: join(root, "conformance", "plugins", "c-conf"),
    build: "`conformance/plugins/c-conf/conf.c`, freestanding C on the raw Extism ABI (`clang --target=wasm32`)",
    notApplicable: { handshake: WASM_NO_HELLO, focus: WASM_NO_FOCUS, service: WASM_NO_SERVICE },
  }),
  built(["build/go-wasm-conf.wasm"], {
    label: "Go (WASM)",
    plugin: "go-wasm-conf",
    dir: join(root, "conformance", "plugins", "go-wasm-conf"),
    build: "`conformance/plugins/go-wasm-conf`, standard Go as a WASI reactor (`GOOS=wasip1`, `//go:wasmexport`)",
    notApplicable: { handshake: WASM_NO_HELLO, focus: WASM_NO_FOCUS, service: WASM_NO_SERVICE },
  }),
  built(["build/rust-conf.wasm"], {
    label: "Rust (WASM)",
    plugin: "rust-conf",
    dir: join(root, "conformance", "plugins", "rust-conf"),
    build: "`conformance/plugins/rust-conf` on `extism-pdk` 1.4.1 (`cargo build --target wasm32-unknown-unknown`)",
    notApplicable: { handshake: WASM_NO_HELLO, focus: WASM_NO_FOCUS, service: WASM_NO_SERVICE },
  }),
];

/**
 * A language whose plugin its build skipped (its toolchain is missing: scripts/lib/require-tool.sh).
 * Where toolchains are optional, every cell says "not built" with why (never a pass); where they
 * are required (CI), the suite fails it.
 */
function built(artifacts: string[], language: Language): Language {
  const reason = notBuiltReason({ plugin: language.plugin, dir: language.dir, artifacts });
  if (reason === undefined) return language;
  if (toolchainsAreRequired()) return { ...language, notBuilt: reason };
  console.warn(`${reason}; its conformance column says "not built"`);
  return {
    ...language,
    unbuilt: reason,
    notApplicable: Object.fromEntries(Object.keys(SCENARIOS).map((scenario) => [scenario, reason])),
  };
}
