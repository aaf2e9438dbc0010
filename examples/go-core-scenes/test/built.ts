/** The tests need plugin/build/core-scenes (`pnpm build`: `go build`). */
import { join } from "node:path";
import { skipUnbuilt } from "@holomush/test-services/toolchains";

export const PACKAGE_DIR = join(import.meta.dirname, "..");
/** The deployable plugin directory: plugin.yaml and the built binary (migrations are embedded). */
export const PLUGIN_DIR = join(PACKAGE_DIR, "plugin");

export const goScenesUnbuilt = () =>
  skipUnbuilt({ plugin: "go-core-scenes", dir: PACKAGE_DIR, artifacts: ["plugin/build/core-scenes"] });
