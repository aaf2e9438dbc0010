/**
 * A Python plugin PROVIDING a service (a generated grpcio servicer registered
 * in register_services), from testdata/scene-provider, spawned by the real
 * host, through the shared SceneService-provider scenarios.
 */
import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeSceneProvider } from "@holomush/example-suites/scene-provider";
import { createProcessRuntime } from "@holomush/host";
import { pyEchoUnbuilt } from "./built.js";

describeSceneProvider({
  title: "a Python plugin providing SceneService",
  runtimes: [(host) => createProcessRuntime(host)],
  skip: pyEchoUnbuilt(),
  prepare() {
    const dir = mkdtempSync(join(tmpdir(), "py-scene-provider-"));
    const source = join(import.meta.dirname, "..", "testdata", "scene-provider");
    copyFileSync(join(source, "plugin.yaml"), join(dir, "plugin.yaml"));
    // The launcher runs the provider in py-echo's venv (made by `pnpm build`).
    const python = join(import.meta.dirname, "..", ".venv", "bin", "python");
    const launcher = join(dir, "scene-provider");
    writeFileSync(launcher, `#!/bin/sh\nexec ${python} ${join(source, "scene_provider.py")}\n`);
    chmodSync(launcher, 0o755);
    return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  },
});
