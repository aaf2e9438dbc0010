/**
 * The trust boundary for plugin policies: a plugin's policy may grant only to
 * characters or its own `Plugin` principal, and only about its own commands
 * and its own resource types (its Cedar namespace). What a policy names is
 * read from Cedar's parsed form (policyToJson), never from the text:
 *
 *   principal  any | Character… | Plugin::"<itself>"    else needs a grant
 *   resource   Command::"<its command>" | <its namespace>::…  else needs a grant
 *   conditions no System entity, no other Plugin, no other plugin's type
 *
 * A host operator lifts a restriction per plugin with a `TrustGrant`.
 */
import type { EntityUidJson, PolicyJson } from "./cedar-engine.js";
import { namespaceOf, pluginNamespace } from "./cedar-entity-model.js";

/** What a host operator may allow a plugin's policies to name. */
export type TrustGrant = "system" | "other-plugins" | "core-types";
/** Every TrustGrant, for validating operator configuration. */
export const TRUST_GRANTS: readonly TrustGrant[] = ["system", "other-plugins", "core-types"];

export interface TrustViolation {
  /** The grant that would allow it. */
  grant: TrustGrant;
  /** What the policy named, in words (e.g. `principal Plugin::"other"`). */
  named: string;
}

export interface TrustSubject {
  plugin: string;
  /** Names of the commands the plugin declares. */
  commands: ReadonlySet<string>;
}

type Constraint = PolicyJson["principal"] | PolicyJson["resource"];

const uidOf = (value: EntityUidJson): { type: string; id: string } => ("__entity" in value ? value.__entity : value);
const show = (uid: { type: string; id: string }) => `${uid.type}::${JSON.stringify(uid.id)}`;

/** Everything a policy names that its plugin may not name without a grant (empty when it is within bounds). */
export function findTrustViolations(subject: TrustSubject, policy: PolicyJson): TrustViolation[] {
  const own = pluginNamespace(subject.plugin);
  const violations: TrustViolation[] = [];
  const add = (grant: TrustGrant, named: string) => {
    if (!violations.some((v) => v.named === named)) violations.push({ grant, named });
  };

  /** Classifies one entity type named anywhere in the policy. */
  function checkType(type: string, where: string, uid?: { type: string; id: string }) {
    const named = uid ? `${where} ${show(uid)}` : `${where} type ${type}`;
    if (type === "System") return add("system", named);
    if (type === "Plugin") {
      // `is Plugin` inside a condition only narrows the policy; in the scope it grants every plugin.
      if (uid === undefined && where === "condition") return;
      if (uid === undefined) return add("other-plugins", `${where} every Plugin`);
      if (uid.id !== subject.plugin) add("other-plugins", named);
      return;
    }
    const namespace = namespaceOf(type);
    if (namespace !== undefined && namespace !== own) add("other-plugins", named);
  }

  function checkHead(constraint: Constraint, where: "principal" | "resource") {
    switch (constraint.op) {
      case "All":
        if (where === "resource") add("core-types", "resource: any resource (including core types)");
        return;
      case "is":
        checkType(constraint.entity_type, where);
        if (where === "resource") checkResourceType(constraint.entity_type);
        if (constraint.in && "entity" in constraint.in) checkEntity(uidOf(constraint.in.entity), where);
        return;
      case "==":
      case "in":
        if ("entity" in constraint) checkEntity(uidOf(constraint.entity), where);
        return;
    }
  }

  function checkEntity(uid: { type: string; id: string }, where: "principal" | "resource") {
    checkType(uid.type, where, uid);
    if (where !== "resource") return;
    if (uid.type === "Command") {
      if (!subject.commands.has(uid.id)) add("other-plugins", `resource ${show(uid)} (not one of its commands)`);
      return;
    }
    if (namespaceOf(uid.type) === undefined && uid.type !== "System" && uid.type !== "Plugin") {
      add("core-types", `resource ${show(uid)}`);
    }
  }

  /** `resource is T`: only the plugin's own types (every Command is more than its own). */
  function checkResourceType(type: string) {
    if (namespaceOf(type) === undefined && type !== "System" && type !== "Plugin") {
      add("core-types", `resource: every ${type}`);
    }
  }

  checkHead(policy.principal, "principal");
  checkHead(policy.resource, "resource");
  for (const clause of policy.conditions) walkConditions(clause.body, checkType);
  return violations;
}

/** Visits every entity literal and `is` test in a condition (Cedar's JSON expression tree). */
function walkConditions(
  node: unknown,
  checkType: (type: string, where: string, uid?: { type: string; id: string }) => void,
): void {
  if (Array.isArray(node)) {
    for (const item of node) walkConditions(item, checkType);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  const entity = record.__entity as { type?: unknown; id?: unknown } | undefined;
  if (entity && typeof entity.type === "string" && typeof entity.id === "string") {
    checkType(entity.type, "condition", { type: entity.type, id: entity.id });
    return;
  }
  if (typeof record.entity_type === "string") checkType(record.entity_type, "condition");
  for (const value of Object.values(record)) walkConditions(value, checkType);
}
