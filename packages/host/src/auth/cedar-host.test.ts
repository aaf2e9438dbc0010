/**
 * The Cedar authorizer behind the real host's call sites (dispatcher and
 * plugin host API), unchanged. Until the host installs policies itself at
 * load, the test installs them after start, as the wiring will.
 */
import { CommandStatus } from "@holomush/proto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostErrorCode, isHostError } from "../errors.js";
import { createHost, type Host } from "../host/create-host.js";
import type { InprocPluginContext } from "../inproc/inproc-plugin.js";
import { type CedarAuthorizer, createCedarAuthorizer } from "./cedar-authorizer.js";

const encoder = new TextEncoder();

describe("Cedar behind the host", () => {
  let host: Host;
  let authorizer: CedarAuthorizer;
  let session: string;
  let bob: string;
  const banned = new Set<string>();

  beforeAll(async () => {
    authorizer = await createCedarAuthorizer({ characters: (id) => ({ roles: banned.has(id) ? ["banned"] : [] }) });
    host = await createHost({ logger: pino({ level: "silent" }), authorizer });
    await host.registerPlugin(
      {
        name: "crier",
        version: "1.0.0",
        emits: ["location"],
        commands: [
          { name: "cry", help: "cry out", capabilities: [{ action: "emit", resource: "stream", scope: "local" }] },
          { name: "spy", help: "spy", capabilities: [{ action: "emit", resource: "stream", scope: "local" }] },
        ],
        policies: [
          {
            name: "no-banned-criers",
            policy: `@reason("you are banned from crying out")
forbid (principal is Character, action == Action::"execute", resource == Command::"cry")
when { principal.roles.contains("banned") };`,
          },
        ],
      },
      {
        async handleCommand(request: { command: string; locationId: string }, context: InprocPluginContext) {
          await context.host.kvSet("last", encoder.encode(request.command));
          const stream = request.command === "spy" ? "character:someone" : `location:${request.locationId}`;
          try {
            await context.host.emit([{ stream, type: "cry", payload: "{}" }]);
            return { status: CommandStatus.OK, output: "emitted" };
          } catch (error) {
            const refused =
              isHostError(error, HostErrorCode.PERMISSION_DENIED) ||
              isHostError(error, HostErrorCode.EMIT_NAMESPACE_UNDECLARED);
            if (!refused) throw error;
            return { status: CommandStatus.ERROR, output: `${error.code}: ${error.message}` };
          }
        },
      },
    );
    await host.start();
    const manifest = host.plugins.get("crier")?.source.manifest;
    if (manifest === undefined) throw new Error("crier did not load");
    authorizer.installPolicies(manifest);
    session = (await host.connect("Alice")).id;
    bob = (await host.connect("Bob")).id;
    banned.add(host.sessions.get(bob).characterId);
  });

  afterAll(async () => {
    await host.stop();
  });

  it("dispatches an allowed command whose plugin writes its KV and emits to a declared namespace", async () => {
    expect(await host.execute(session, "cry")).toMatchObject({ status: CommandStatus.OK, output: "emitted" });
  });

  it("refuses a plugin's emit to an undeclared namespace with the fence's code, as for returned events", async () => {
    expect(await host.execute(session, "spy")).toMatchObject({
      status: CommandStatus.ERROR,
      output:
        'EMIT_NAMESPACE_UNDECLARED: plugin crier: stream namespace "character" is not declared in the manifest\'s emits (declared: location)',
    });
  });

  it("refuses a command its plugin's policy forbids, with the policy's reason", async () => {
    const outcome = await host.execute(bob, "cry");
    expect(outcome?.status).toBe(CommandStatus.ERROR);
    expect(outcome?.output).toContain("you are banned from crying out");
  });

  it("a removed policy stops applying at once", async () => {
    const manifest = host.plugins.get("crier")?.source.manifest;
    if (manifest === undefined) throw new Error("crier is not loaded");
    authorizer.installPolicies({ ...manifest, policies: [] });
    expect(await host.execute(bob, "cry")).toMatchObject({ status: CommandStatus.OK });
  });
});
