/**
 * HoloMUSH's `policies[].dsl` are not installed (docs/lua.md, "HoloMUSH
 * policies"): the manifest's own declarations grant the same rights, and the
 * role gates are the operator's host policy. This loads the HoloMUSH-shaped
 * core-building (whose dsl says "builder only") with and without that gate.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CommandStatus } from "@holomush/proto";
import { afterEach, describe, expect, it } from "vitest";
import { type LuaHarness, startLuaHost } from "./__fixtures__/lua-host-harness.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "__fixtures__", "holomush-shaped");

const BUILDERS_ONLY = `@id("builders-only")
forbid (principal is Character, action == Action::"execute", resource is Command)
when { [Command::"dig", Command::"link"].contains(resource) }
unless { principal.roles.contains("builder") };`;

let harness: LuaHarness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe("HoloMUSH dsl policies on this host", { timeout: 30_000 }, () => {
  it("are kept on the manifest, not installed: the manifest's commands stay executable", async () => {
    harness = await startLuaHost({}, { extraDirs: [FIXTURES] });
    const building = harness.host.plugins.get("core-building")?.source.manifest;
    expect(Object.keys(building?.foreignPolicies ?? {})).toEqual(["world-write", "execute-building"]);
    const alice = await harness.host.connect("Alice");
    expect(await harness.host.execute(alice.id, 'dig up to "Loft"')).toMatchObject({ status: CommandStatus.OK });
  });

  it("the operator's Cedar host policy enforces the role gate the dsl describes", async () => {
    harness = await startLuaHost(
      {},
      { extraDirs: [FIXTURES], hostPolicies: [{ name: "builders-only", policy: BUILDERS_ONLY }] },
    );
    expect(harness.report.failed).toEqual([]);
    const alice = await harness.host.connect("Alice");
    const dug = await harness.host.execute(alice.id, 'dig up to "Loft"');
    expect(dug?.status).not.toBe(CommandStatus.OK);
    expect(harness.world.findLocation("Loft")).toBeUndefined();
    const linked = await harness.host.execute(alice.id, 'link back to "Quiet Garden"');
    expect(linked?.status).not.toBe(CommandStatus.OK);
    expect(await harness.host.execute(alice.id, "help")).toMatchObject({ status: CommandStatus.OK });
  });
});
