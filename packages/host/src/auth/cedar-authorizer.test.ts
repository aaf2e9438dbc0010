import { beforeAll, describe, expect, it } from "vitest";
import { DICE_POLICIES, diceRoller, notes, WORLD_SERVICE } from "./__fixtures__/manifests.js";
import type { Principal } from "./authorizer.js";
import { type CedarAuthorizer, createCedarAuthorizer } from "./cedar-authorizer.js";
import type { CedarAuthorizationRequest, CharacterAttributes } from "./cedar-request.js";

/** What the world knows: roles, and for `mover` a location that differs from the session's. */
const CHARACTERS: Record<string, CharacterAttributes> = {
  alice: {},
  gwen: { roles: ["gm"] },
  root: { roles: ["admin"] },
  bea: { roles: ["builder"] },
  mover: { location: "tavern" },
};

const HOST_POLICIES = [
  {
    name: "global-scenes-for-builders",
    policy: `@reason("only builders may change scenes everywhere")
forbid (principal is Character, action == Action::"write", resource is Scene)
when { context has scope && context.scope == "global" }
unless { principal.roles.contains("builder") };`,
  },
];

const character = (id: string): Principal => ({ kind: "character", id });

/** Layer one, as the dispatcher asks it. */
function execute(command: string, who = "alice", location = "square"): CedarAuthorizationRequest {
  return {
    principal: character(who),
    action: "execute",
    resourceType: "command",
    resourceId: command,
    context: { locationId: location, sessionId: "s1", plugin: "dice-roller" },
  };
}

/** Layer two: one capability, `anchor` being the location (local) or owner (self) the resource is at. */
function capability(
  action: string,
  resource: string,
  scope: string,
  anchor: string,
  extra: Partial<CedarAuthorizationRequest> & { who?: string; location?: string; plugin?: string } = {},
): CedarAuthorizationRequest {
  const { who = "alice", location = "square", plugin = "dice-roller", ...rest } = extra;
  return {
    principal: character(who),
    action,
    resourceType: resource,
    resourceId: anchor,
    context: { locationId: location, sessionId: "s1", plugin, scope },
    ...rest,
  };
}

/** A plugin's call into the host, as create-plugin-host-api asks it. */
function call(plugin: string, action: string, resourceType: string, resourceId: string): CedarAuthorizationRequest {
  return { principal: { kind: "plugin", id: plugin }, action, resourceType, resourceId, context: { plugin } };
}

type Case = [title: string, request: CedarAuthorizationRequest, allowed: boolean, reason?: string];

const CASES: Case[] = [
  // Layer one: execute Command::"<name>"
  ["execute a declared command", execute("roll"), true],
  ["execute another plugin's declared command", execute("note"), true],
  ["execute a command no plugin declares", execute("fly"), false, "not a command of a loaded plugin"],
  ["execute a command its policy forbids", execute("wipe"), false, "only admins may wipe the dice"],
  ["execute that command as an admin", execute("wipe", "root"), true],
  // Layer two, self
  ["self: own dice", capability("roll", "dice", "self", "alice"), true],
  ["self: someone else's dice", capability("roll", "dice", "self", "bob"), false, "only for yourself"],
  ["self: a note of one's own (other plugin)", capability("write", "note", "self", "alice", { plugin: "notes" }), true],
  ["self: someone else's note", capability("write", "note", "self", "bob", { plugin: "notes" }), false],
  [
    "self: concrete target owned by another",
    capability("roll", "dice", "self", "alice", { resourceAttributes: { owner: "bob" } }),
    false,
  ],
  // Layer two, local
  ["local: dice where the character is", capability("read", "dice", "local", "square"), true],
  ["local: dice elsewhere", capability("read", "dice", "local", "tavern"), false, "only at your current location"],
  ["local: scene where the character is", capability("write", "scene", "local", "square"), true],
  ["local: scene elsewhere", capability("write", "scene", "local", "garden"), false],
  ["local: the world says the character moved", capability("read", "dice", "local", "square", { who: "mover" }), false],
  ["local: the character's real location", capability("read", "dice", "local", "tavern", { who: "mover" }), true],
  ["local: a character with no location", capability("read", "dice", "local", "square", { location: "" }), false],
  [
    "local: concrete target at the character's location",
    capability("read", "dice", "local", "x", { resourceAttributes: { location: "square" } }),
    true,
  ],
  [
    "local: concrete target elsewhere",
    capability("read", "dice", "local", "x", { resourceAttributes: { location: "garden" } }),
    false,
  ],
  // Layer two, global
  ["global: dice anywhere", capability("write", "dice", "global", "*"), true],
  ["global: a stream anywhere", capability("emit", "stream", "global", "*"), true],
  [
    "global: scenes are for builders (host policy)",
    capability("write", "scene", "global", "*"),
    false,
    "only builders may change scenes everywhere",
  ],
  ["global: a builder changes scenes", capability("write", "scene", "global", "*", { who: "bea" }), true],
  // Capabilities that do not resolve
  ["a type the plugin does not declare", capability("read", "dragon", "local", "square"), false, "not a resource type"],
  ["an unknown scope", capability("read", "dice", "everywhere", "square"), false, "unknown capability scope"],
  // Plugin policies about characters and their own types
  [
    "plugin policy: a gm rolls without a scope",
    { ...capability("roll", "dice", "self", "x", { who: "gwen" }), context: { plugin: "dice-roller" } },
    true,
  ],
  [
    "plugin policy: a non-gm without a scope",
    { ...capability("roll", "dice", "self", "x", { who: "alice" }), context: { plugin: "dice-roller" } },
    false,
  ],
  // Plugin calls into the host
  ["emit to a declared namespace", call("dice-roller", "emit", "stream", "location:square"), true],
  [
    "emit to an undeclared namespace",
    call("dice-roller", "emit", "stream", "character:alice"),
    false,
    'declare "character" in emits',
  ],
  ["emit: the other plugin's declared namespace", call("notes", "emit", "stream", "character:alice"), true],
  ["emit: the other plugin's undeclared namespace", call("notes", "emit", "stream", "location:square"), false],
  ["read own KV", call("dice-roller", "read", "kv", "dice-roller"), true],
  ["write own KV", call("dice-roller", "write", "kv", "dice-roller"), true],
  ["read another plugin's KV", call("dice-roller", "read", "kv", "notes"), false, "its own KV namespace"],
  ["write another plugin's KV", call("notes", "write", "kv", "dice-roller"), false],
  ["call a declared service", call("dice-roller", "call", "service", WORLD_SERVICE), true],
  ["call an undeclared service", call("notes", "call", "service", WORLD_SERVICE), false, "in requires"],
  ["call a service nobody declares", call("dice-roller", "call", "service", "x.v1.Other"), false],
  ["read a stream's history", call("notes", "read", "stream", "location:square"), true],
  ["write focus bookkeeping", call("dice-roller", "write", "focus", "scene:1"), true],
  ["a plugin executes a command", call("dice-roller", "execute", "command", "roll"), false],
  ["a plugin writes a scene", call("dice-roller", "write", "scene", "s1"), false],
  ["a plugin reads its own type (its policy)", call("dice-roller", "read", "dice", "d1"), true],
  ["another plugin reads that type", call("notes", "read", "dice", "d1"), false, "not a resource type"],
  ["a plugin that is not loaded", call("ghost", "emit", "stream", "location:square"), false, "not loaded"],
  // The host itself
  [
    "System may do anything",
    { principal: { kind: "system", id: "host" }, action: "write", resourceType: "scene", resourceId: "s1" },
    true,
  ],
];

describe("createCedarAuthorizer: decisions", () => {
  let authorizer: CedarAuthorizer;

  beforeAll(async () => {
    authorizer = await createCedarAuthorizer({
      hostPolicies: HOST_POLICIES,
      characters: (id) => CHARACTERS[id],
    });
    authorizer.installPolicies(diceRoller(DICE_POLICIES));
    authorizer.installPolicies(notes());
  });

  it("has at least 40 cases", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)("%s", (_title, request, allowed, reason) => {
    const decision = authorizer.authorize(request);
    expect(decision.allowed, decision.reason).toBe(allowed);
    expect(decision.reason).not.toBe("");
    if (reason !== undefined) expect(decision.reason).toContain(reason);
  });

  it("answers the same again from its cache", () => {
    const before = authorizer.stats();
    expect(authorizer.authorize(execute("roll")).allowed).toBe(true);
    expect(authorizer.authorize(execute("roll")).allowed).toBe(true);
    const after = authorizer.stats();
    expect(after.cacheHits - before.cacheHits).toBeGreaterThanOrEqual(1);
  });

  it("answers a plugin's repeated call without another evaluation", () => {
    const before = authorizer.stats();
    for (let i = 0; i < 5; i++)
      expect(authorizer.authorize(call("notes", "emit", "stream", "character:x")).allowed).toBe(true);
    const after = authorizer.stats();
    expect(after.evaluations - before.evaluations).toBeLessThanOrEqual(1);
    expect(after.cacheHits - before.cacheHits).toBeGreaterThanOrEqual(4);
  });

  it("decides again when the world moves a character between two equal requests", () => {
    const asked = capability("read", "dice", "local", "square", { who: "mover" });
    const where = CHARACTERS.mover;
    try {
      expect(authorizer.authorize(asked).allowed).toBe(false);
      CHARACTERS.mover = { location: "square" };
      expect(authorizer.authorize(asked).allowed).toBe(true);
    } finally {
      CHARACTERS.mover = where as CharacterAttributes;
    }
    expect(authorizer.authorize(asked).allowed).toBe(false);
  });

  it("authorizeAll returns the first denial of a dispatch", () => {
    const denied = authorizer.authorizeAll([execute("peek"), capability("read", "dice", "local", "tavern")]);
    expect(denied.allowed).toBe(false);
    expect(denied.reason).toContain("only at your current location");
    const allowed = authorizer.authorizeAll([execute("peek"), capability("read", "dice", "local", "square")]);
    expect(allowed).toMatchObject({ allowed: true });
    expect(allowed.policies).toEqual(expect.arrayContaining(["dice-roller/manifest:commands", "host/scope-local"]));
  });

  it("names the deciding policies", () => {
    expect(authorizer.authorize(execute("wipe")).policies).toEqual(["dice-roller/wipe-admins-only"]);
    expect(authorizer.authorize(call("notes", "emit", "stream", "character:x")).policies).toEqual([
      "notes/manifest:emits",
    ]);
  });
});
