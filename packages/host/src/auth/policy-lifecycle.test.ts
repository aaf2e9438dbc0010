import { describe, expect, it } from "vitest";
import { HostErrorCode, isHostError } from "../errors.js";
import { diceRoller, manifest } from "./__fixtures__/manifests.js";
import type { AuthorizationRequest } from "./authorizer.js";
import { createCedarAuthorizer } from "./cedar-authorizer.js";

const rollByAlice: AuthorizationRequest = {
  principal: { kind: "character", id: "alice" },
  action: "execute",
  resourceType: "command",
  resourceId: "roll",
  context: { locationId: "square", plugin: "dice-roller" },
};

const noRolling = {
  name: "no-rolling",
  policy: `@reason("the dice are resting")
forbid (principal, action == Action::"execute", resource == Command::"roll");`,
};

function thrown(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("policy lifecycle", () => {
  it("install, replace and remove take effect at the next request", async () => {
    const authorizer = await createCedarAuthorizer();
    expect(authorizer.authorize(rollByAlice)).toMatchObject({ allowed: false });

    const plain = diceRoller();
    authorizer.installPolicies(plain);
    expect(authorizer.authorize(rollByAlice)).toMatchObject({ allowed: true });

    const strict = diceRoller([noRolling]);
    authorizer.installPolicies(strict);
    expect(authorizer.authorize(rollByAlice)).toMatchObject({ allowed: false, reason: "the dice are resting" });

    // The old version's unload comes after the new version's install on reload: it must not remove the new one.
    expect(authorizer.removePolicies(plain)).toBe(false);
    expect(authorizer.authorize(rollByAlice)).toMatchObject({ allowed: false });

    authorizer.installPolicies(diceRoller());
    expect(authorizer.authorize(rollByAlice)).toMatchObject({ allowed: true });

    expect(authorizer.removePolicies("dice-roller")).toBe(true);
    expect(authorizer.authorize(rollByAlice)).toMatchObject({
      allowed: false,
      reason: expect.stringContaining("not a command"),
    });
  });

  it("refuses a policy Cedar cannot parse, naming the plugin, the policy and Cedar's message", async () => {
    const authorizer = await createCedarAuthorizer();
    const error = thrown(() =>
      authorizer.installPolicies(diceRoller([{ name: "broken", policy: `permit (principal, action` }])),
    );
    expect(isHostError(error, HostErrorCode.POLICY_INVALID)).toBe(true);
    if (!isHostError(error)) return;
    expect(error.plugin).toBe("dice-roller");
    expect(error.field).toBe("policies[0]");
    expect(error.message).toMatch(/^plugin dice-roller: policy "broken" is invalid: unexpected end of input/);
  });

  it("refuses a policy the schema rejects", async () => {
    const authorizer = await createCedarAuthorizer();
    const policy = `permit (principal, action == Action::"roll", resource is dice_roller::dice) when { resource.colour == "red" };`;
    const error = thrown(() => authorizer.installPolicies(diceRoller([{ name: "colours", policy }])));
    expect(isHostError(error, HostErrorCode.POLICY_INVALID)).toBe(true);
    expect(String((error as Error).message)).toMatch(/plugin dice-roller: policy "colours" is invalid: .*colour/);
  });

  it("a refused reload keeps the installed version", async () => {
    const authorizer = await createCedarAuthorizer();
    authorizer.installPolicies(diceRoller([noRolling]));
    const error = thrown(() =>
      authorizer.installPolicies(
        diceRoller([{ name: "typo", policy: `permit (principal, action, resource) when { nope };` }]),
      ),
    );
    expect(isHostError(error, HostErrorCode.POLICY_INVALID)).toBe(true);
    expect(authorizer.policyIds("dice-roller")).toContain("dice-roller/no-rolling");
    expect(authorizer.authorize(rollByAlice)).toMatchObject({ allowed: false, reason: "the dice are resting" });
  });

  it("a policy holding several Cedar policies installs each under its own id", async () => {
    const authorizer = await createCedarAuthorizer();
    const policy = `${noRolling.policy}\nforbid (principal, action == Action::"execute", resource == Command::"peek");`;
    authorizer.installPolicies(diceRoller([{ name: "pair", policy }]));
    expect(authorizer.policyIds("dice-roller")).toEqual(
      expect.arrayContaining(["dice-roller/pair#1", "dice-roller/pair#2"]),
    );
  });

  it("a plugin's own types join the schema while it is loaded", async () => {
    const authorizer = await createCedarAuthorizer();
    authorizer.installPolicies(diceRoller());
    expect(authorizer.schemaText()).toMatch(/namespace dice_roller \{\s*entity dice/);
    authorizer.removePolicies("dice-roller");
    expect(authorizer.schemaText()).not.toContain("dice_roller");
  });

  it("refuses resource names that collide as Cedar types", async () => {
    const authorizer = await createCedarAuthorizer();
    const clash = manifest({
      name: "clash",
      commands: [
        {
          name: "go",
          help: "g",
          usage: "g",
          capabilities: [
            { action: "use", resource: "map-tile", scope: "self" },
            { action: "use", resource: "map_tile", scope: "self" },
          ],
        },
      ],
    });
    expect(() => authorizer.installPolicies(clash)).toThrow(/both become Cedar type clash::map_tile/);
  });
});

describe("what Cedar is sent", () => {
  const inSession = (sessionId: string): AuthorizationRequest => ({
    ...rollByAlice,
    context: { ...rollByAlice.context, sessionId },
  });

  it("a context key a policy reads reaches Cedar", async () => {
    const authorizer = await createCedarAuthorizer();
    const policy = `@reason("this session is muted")
forbid (principal, action == Action::"execute", resource == Command::"roll")
when { context has sessionId && context.sessionId == "muted" };`;
    authorizer.installPolicies(diceRoller([{ name: "muted-session", policy }]));
    expect(authorizer.authorize(inSession("muted"))).toMatchObject({ allowed: false, reason: "this session is muted" });
    expect(authorizer.authorize(inSession("other"))).toMatchObject({ allowed: true });
  });

  it("requests that differ only in what no policy reads share one decision", async () => {
    const authorizer = await createCedarAuthorizer();
    authorizer.installPolicies(diceRoller());
    authorizer.authorize(inSession("s1"));
    const before = authorizer.stats();
    expect(authorizer.authorize(inSession("s2"))).toMatchObject({ allowed: true });
    expect(authorizer.stats()).toEqual({ evaluations: before.evaluations, cacheHits: before.cacheHits + 1 });
  });

  it("a policy change empties the decision cache", async () => {
    const authorizer = await createCedarAuthorizer();
    authorizer.installPolicies(diceRoller());
    expect(authorizer.authorize(rollByAlice).allowed).toBe(true);
    authorizer.installPolicies(diceRoller([noRolling]));
    const before = authorizer.stats();
    expect(authorizer.authorize(rollByAlice).allowed).toBe(false);
    expect(authorizer.stats().evaluations).toBe(before.evaluations + 1);
  });
});
