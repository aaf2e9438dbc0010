import { commandNameFor } from "./plugin-name.js";
import type { SdkSources } from "./sdks.js";
import { TOOLCHAIN, type Tool } from "./toolchain.js";

/** The `@holomush` packages a scaffolded plugin may depend on. */
export type HolomushPackage =
  | "@holomush/host"
  | "@holomush/plugin-sdk"
  | "@holomush/proto"
  | "@holomush/server"
  | "@holomush/testkit"
  | "@holomush/wasm-pdk";

/** What a kind's templates are filled with: the plugin's name and command, and dependency specs. */
export interface TemplateContext {
  /** The plugin's name (plugin.yaml `name`, the npm package name). */
  readonly name: string;
  /** The command it answers. */
  readonly command: string;
  /** The dependency spec to write for one of our packages. */
  holomush(pkg: HolomushPackage): string;
  /** The dependency spec to write for a tool. */
  tool(tool: Tool): string;
  /** The SDK sources to build against instead of the published ones (`--sdks-from`), if any. */
  readonly sdks?: SdkSources;
}

/** The plugin name and package versions a scaffolded project is written with. */
export interface ContextOptions {
  /** The plugin's name (see pluginNameProblem for the rules). */
  name: string;
  /** The version of our packages to depend on (`^version`). */
  version: string;
  /**
   * Tarballs to depend on instead of the registry (`file:` specs), by
   * package name: for trying unreleased builds, and for this package's tests.
   */
  packages?: Readonly<Partial<Record<HolomushPackage, string>>>;
  /**
   * The Go and Python SDK sources to build against instead of the published
   * module and PyPI package (`--sdks-from`): for unreleased SDKs and this
   * package's tests.
   */
  sdks?: SdkSources;
}

export function createTemplateContext(options: ContextOptions): TemplateContext {
  return {
    name: options.name,
    command: commandNameFor(options.name),
    holomush: (pkg) => {
      const tarball = options.packages?.[pkg];
      return tarball === undefined ? `^${options.version}` : `file:${tarball}`;
    },
    tool: (tool) => TOOLCHAIN[tool],
    ...(options.sdks ? { sdks: options.sdks } : {}),
  };
}

/** package.json text: two-space JSON and a final newline, as npm writes it. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
