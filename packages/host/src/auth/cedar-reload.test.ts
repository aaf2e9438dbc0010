/**
 * Policies follow their plugin through the real host with its default
 * (Cedar) authorizer: installed at load from plugin.yaml, replaced when the
 * plugin is reloaded from an edited plugin.yaml, kept when the edit is bad.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommandStatus } from "@holomush/proto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostErrorCode } from "../errors.js";
import { createHost, type Host } from "../host/create-host.js";

const root = mkdtempSync(join(tmpdir(), "holomush-cedar-reload-"));
const dir = join(root, "crier");

function writeManifest(policy?: string): void {
  const policies = policy === undefined ? "" : `policies:\n  - name: quiet-hours\n    policy: |\n      ${policy}\n`;
  writeFileSync(
    join(dir, "plugin.yaml"),
    `name: crier\nversion: 1.0.0\ntype: inproc\ninproc-plugin:\n  module: plugin.mjs\ncommands:\n  - name: cry\n    help: cry out\n${policies}`,
  );
}

describe("a policy change on reload, through the host's default Cedar authorizer", () => {
  let host: Host;
  let session: string;

  beforeAll(async () => {
    mkdirSync(dir);
    writeFileSync(
      join(dir, "plugin.mjs"),
      'export const plugin = { handleCommand: () => ({ status: 1, output: "hear ye" }) };\n',
    );
    writeManifest(
      '@reason("quiet hours") forbid (principal, action == Action::"execute", resource == Command::"cry");',
    );
    host = await createHost({ pluginDirs: [root], logger: pino({ level: "silent" }) });
    const report = await host.start();
    expect(report.failed).toEqual([]);
    session = (await host.connect("Alice")).id;
  });

  afterAll(async () => {
    await host.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("applies the manifest's policy from load", async () => {
    const outcome = await host.execute(session, "cry");
    expect(outcome?.status).toBe(CommandStatus.ERROR);
    expect(outcome?.output).toContain("quiet hours");
  });

  it("takes the edited policy set at once when the plugin reloads", async () => {
    writeManifest();
    await host.reload("crier");
    expect(await host.execute(session, "cry")).toMatchObject({ status: CommandStatus.OK, output: "hear ye" });
  });

  it("keeps the running version and its policies when the new policy is invalid", async () => {
    writeManifest('permit (principal, action == Action::"execute", resource == Command::"cry") when { nonsense };');
    await expect(host.reload("crier")).rejects.toMatchObject({ code: HostErrorCode.POLICY_INVALID });
    expect(await host.execute(session, "cry")).toMatchObject({ status: CommandStatus.OK, output: "hear ye" });
    expect(host.plugins.get("crier")?.state).toBe("running");
  });
});
