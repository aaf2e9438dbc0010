/** The tests need the venv `pnpm build` makes (sdks/python installed in it). */
import { join } from "node:path";
import { skipUnbuilt } from "@holomush/test-services/toolchains";

export const pyEchoUnbuilt = () =>
  skipUnbuilt({
    plugin: "py-echo",
    dir: join(import.meta.dirname, ".."),
    artifacts: [".venv/bin/python", "build/py-echo"],
  });
