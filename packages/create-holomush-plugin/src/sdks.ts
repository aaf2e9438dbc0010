/**
 * The Go and Python SDKs the Go and Python kinds depend on. They are not npm
 * packages: the Go module is versioned by git tags (`sdks/go/vX.Y.Z`) and the
 * Python package is published to PyPI. A test keeps these equal to what
 * sdks/go/go.mod and sdks/python/pyproject.toml declare.
 */
import { resolve } from "node:path";

/** The Go SDK's module path. */
export const GO_SDK_MODULE = "github.com/holomush/holomush-plugins/sdks/go";
/** The Go SDK version a new Go plugin requires (its first tag). */
export const GO_SDK_VERSION = "v0.1.0";
/** The Go version the SDK's go.mod declares; a new plugin's go.mod says the same. */
export const GO_VERSION = "1.26.0";
/** The Python SDK's distribution name on PyPI. */
export const PYTHON_SDK = "holomush-plugin-sdk";
/** The Python SDK versions a new Python plugin accepts. */
export const PYTHON_SDK_RANGE = ">=0.1.0,<0.2";

/** Where the SDK sources are when scaffolding with `--sdks-from <dir>` (a holomush-plugins checkout). */
export interface SdkSources {
  /** The Go module's directory: written as a `replace` in go.mod. */
  go: string;
  /** The Python package's directory: written as a `file://` requirement. */
  python: string;
}

/** `--sdks-from <dir>`: the sdks/ folders of a holomush-plugins checkout. */
export function sdkSourcesIn(directory: string): SdkSources {
  const root = resolve(directory);
  return { go: resolve(root, "sdks", "go"), python: resolve(root, "sdks", "python") };
}
