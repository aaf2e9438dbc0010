/**
 * Tests of plugins written in a language other than TypeScript. Their builds
 * skip where the toolchain is missing (scripts/lib/require-tool.sh), so that
 * `npm test` works with only Node; their tests then skip with one line. CI
 * builds and tests everything: there a missing build fails, as a missing NATS
 * does (natsIsRequired).
 */
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";

/** The rule scripts/lib/require-tool.sh applies to the builds. */
export function toolchainsAreRequired(): boolean {
  return process.env.CI === "true" || process.env.HOLOMUSH_REQUIRE_TOOLCHAINS === "1";
}

export interface BuiltPlugin {
  /** The plugin's name, for the message. */
  plugin: string;
  /** Its directory: the build script writes `.toolchain-skipped` there when it skips. */
  dir: string;
  /** Files its build makes, relative to dir. */
  artifacts: string[];
  /** Commands the tests themselves run (e.g. `go` to build a test plugin). */
  commands?: string[];
}

/** Why the plugin cannot be tested here (one line), or undefined when it is built. */
export function notBuiltReason({ plugin, dir, artifacts, commands = [] }: BuiltPlugin): string | undefined {
  const missing = artifacts.filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) {
    const stamp = join(dir, ".toolchain-skipped");
    const why = existsSync(stamp) ? (readFileSync(stamp, "utf8").split(": ").pop()?.trim() ?? "") : "";
    return `${plugin}: not built (${missing.join(", ")} missing${why ? `; its build said: ${why}` : ""}): install its toolchain and run \`pnpm run build\``;
  }
  const absent = commands.filter((command) => !onPath(command));
  if (absent.length > 0) return `${plugin}: ${absent.join(", ")} not found on PATH`;
  return undefined;
}

/**
 * For `describe.skipIf(skipUnbuilt(...))`. True, after one line on stderr, when
 * the plugin is not built and toolchains are optional here; where they are
 * required (CI), a missing build throws, failing the test file.
 */
export function skipUnbuilt(plugin: BuiltPlugin): boolean {
  const reason = notBuiltReason(plugin);
  if (reason === undefined) return false;
  if (toolchainsAreRequired()) {
    throw new Error(`${reason}; CI=true or HOLOMUSH_REQUIRE_TOOLCHAINS=1 requires every plugin built and tested`);
  }
  console.warn(`${reason}; its tests are skipped`);
  return true;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => dir !== "" && existsSync(join(dir, command)));
}
