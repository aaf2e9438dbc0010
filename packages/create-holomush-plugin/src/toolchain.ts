/**
 * Versions the scaffolded projects pin for their tools. They are the versions
 * this repository builds and tests its own plugins with; a test keeps the two
 * equal, so a new plugin starts on a toolchain we know works.
 */
export const TOOLCHAIN = {
  assemblyscript: "0.28.20",
  tsup: "8.5.1",
  typescript: "5.9.3",
  vitest: "4.1.12",
  "@types/node": "^20.19.0",
} as const;

/** A tool in TOOLCHAIN. */
export type Tool = keyof typeof TOOLCHAIN;
