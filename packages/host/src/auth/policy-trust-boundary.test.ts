import { describe, expect, it } from "vitest";
import { HostErrorCode, isHostError } from "../errors.js";
import { diceRoller } from "./__fixtures__/manifests.js";
import { createCedarAuthorizer } from "./cedar-authorizer.js";
import type { TrustGrant } from "./policy-trust-boundary.js";

type Refusal = [title: string, policy: string, grant: TrustGrant, named: string];

const REFUSED: Refusal[] = [
  [
    "the System principal",
    `permit (principal == System::"host", action, resource is dice_roller::dice);`,
    "system",
    'System::"host"',
  ],
  [
    "System inside a condition",
    `permit (principal, action == Action::"roll", resource is dice_roller::dice) when { principal == System::"host" };`,
    "system",
    'condition System::"host"',
  ],
  [
    "another plugin as principal",
    `permit (principal == Plugin::"notes", action == Action::"read", resource is dice_roller::dice);`,
    "other-plugins",
    'principal Plugin::"notes"',
  ],
  [
    "every plugin",
    `permit (principal is Plugin, action == Action::"read", resource is dice_roller::dice);`,
    "other-plugins",
    "every Plugin",
  ],
  [
    "another plugin's command",
    `forbid (principal, action == Action::"execute", resource == Command::"note");`,
    "other-plugins",
    'Command::"note"',
  ],
  [
    "a core type",
    `permit (principal == Plugin::"dice-roller", action == Action::"emit", resource is Stream);`,
    "core-types",
    "every Stream",
  ],
  [
    "a core entity",
    `permit (principal, action == Action::"write", resource == Location::"square");`,
    "core-types",
    'Location::"square"',
  ],
  ["every resource", `permit (principal == Plugin::"dice-roller", action, resource);`, "core-types", "any resource"],
  [
    "every command",
    `permit (principal, action == Action::"execute", resource is Command);`,
    "core-types",
    "every Command",
  ],
];

describe("trust boundary", () => {
  it.each(REFUSED)("refuses a policy naming %s", async (_title, policy, _grant, named) => {
    const authorizer = await createCedarAuthorizer();
    let caught: unknown;
    try {
      authorizer.installPolicies(diceRoller([{ name: "overreach", policy }]));
    } catch (error) {
      caught = error;
    }
    expect(isHostError(caught, HostErrorCode.POLICY_TRUST_VIOLATION)).toBe(true);
    if (!isHostError(caught)) return;
    expect(caught.plugin).toBe("dice-roller");
    expect(caught.message).toContain("plugin dice-roller");
    expect(caught.message).toContain('policy "overreach"');
    expect(caught.message).toContain(named);
    expect(caught.details.policy).toBe("overreach");
    expect(authorizer.policyIds("dice-roller")).toEqual([]);
  });

  it.each(REFUSED)("installs the policy naming %s when the operator grants %s", async (_title, policy, grant) => {
    const authorizer = await createCedarAuthorizer({ trust: { "dice-roller": [grant] } });
    authorizer.installPolicies(diceRoller([{ name: "overreach", policy }]));
    expect(authorizer.policyIds("dice-roller")).toContain("dice-roller/overreach");
  });

  it("a grant for one thing does not cover another", async () => {
    const authorizer = await createCedarAuthorizer({ trust: { "dice-roller": ["core-types"] } });
    const policy = `permit (principal == System::"host", action, resource is Stream);`;
    expect(() => authorizer.installPolicies(diceRoller([{ name: "both", policy }]))).toThrow(/needs trust "system"/);
  });

  it("a trusted plugin's policy applies to requests about other plugins", async () => {
    const policy = `@reason("the square is quiet")
forbid (principal, action == Action::"emit", resource is Stream)
when { resource has location && resource.location == Location::"square" };`;
    const authorizer = await createCedarAuthorizer({ trust: { "dice-roller": ["core-types", "other-plugins"] } });
    authorizer.installPolicies(diceRoller([{ name: "quiet-square", policy }]));
    const { manifest } = await import("./__fixtures__/manifests.js");
    authorizer.installPolicies(manifest({ name: "crier", emits: ["location"] }));
    const decision = authorizer.authorize({
      principal: { kind: "plugin", id: "crier" },
      action: "emit",
      resourceType: "stream",
      resourceId: "location:square",
    });
    expect(decision).toMatchObject({ allowed: false, reason: "the square is quiet" });
  });
});
