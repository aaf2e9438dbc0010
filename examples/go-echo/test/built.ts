/** The tests need build/go-echo (`pnpm build`) and `go` (they build test plugins). */
import { join } from "node:path";
import { skipUnbuilt } from "@holomush/test-services/toolchains";

export const goEchoUnbuilt = () =>
  skipUnbuilt({
    plugin: "go-echo",
    dir: join(import.meta.dirname, ".."),
    artifacts: ["build/go-echo"],
    commands: ["go"],
  });
