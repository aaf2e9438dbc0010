/**
 * A Go plugin PROVIDING a service (pluginsdk.ServeWithServices + a connect-go
 * handler), built from testplugins/scene-provider and spawned by the real
 * host, through the shared SceneService-provider scenarios.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeSceneProvider } from "@holomush/example-suites/scene-provider";
import { createProcessRuntime } from "@holomush/host";
import { goEchoUnbuilt } from "./built.js";

describeSceneProvider({
  title: "a Go plugin providing SceneService",
  runtimes: [(host) => createProcessRuntime(host)],
  skip: goEchoUnbuilt(),
  prepareTimeoutMs: 180_000,
  prepare() {
    const dir = mkdtempSync(join(tmpdir(), "go-scene-provider-"));
    const source = join(import.meta.dirname, "..", "testplugins", "scene-provider");
    copyFileSync(join(source, "plugin.yaml"), join(dir, "plugin.yaml"));
    execFileSync("go", ["build", "-o", join(dir, "scene-provider"), "./testplugins/scene-provider"], {
      cwd: join(import.meta.dirname, ".."),
      stdio: "inherit",
    });
    return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  },
});
