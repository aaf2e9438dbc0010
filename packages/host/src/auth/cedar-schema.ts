/**
 * The Cedar schema every policy is validated against (strict mode). The core
 * entity types are fixed; each loaded plugin adds a namespace with its own
 * resource types, and the actions are the host's plus every capability
 * action, so the schema is rebuilt whenever the set of plugins changes.
 *
 * Resource attributes are all optional: the host supplies only what it knows
 * for a request (a stream's location, a capability target's owner), and
 * Cedar's validator then makes every policy test `has` before reading one,
 * so a policy can never fail at evaluation for a missing attribute (a
 * failing forbid would silently not apply).
 */
import type { CedarType, CedarTypeOfAttribute, SchemaJson } from "./cedar-engine.js";
import { HOST_ACTIONS, namespaceOf } from "./cedar-entity-model.js";

type AttributeType = CedarType<string>;
type Attributes = Record<string, CedarTypeOfAttribute<string>>;

const optional = (type: AttributeType) => ({ ...type, required: false });
const entity = (name: string): AttributeType => ({ type: "Entity", name });
const string: AttributeType = { type: "String" };

/** Where a resource is and whose it is: what the three capability scopes compare. */
const PLACED: Attributes = { location: optional(entity("Location")), owner: optional(entity("Character")) };

const record = (attributes: Attributes): AttributeType => ({ type: "Record", attributes });

/** The core types; see docs/authorization.md for what the host puts in each attribute. */
const CORE_ENTITY_TYPES: Record<string, Attributes> = {
  System: {},
  Plugin: { name: string },
  Character: { ...PLACED, roles: { type: "Set", element: string } },
  Location: { ...PLACED },
  Command: { ...PLACED, name: optional(string), plugin: optional(string) },
  Stream: { ...PLACED, namespace: optional(string) },
  Kv: { ...PLACED, plugin: optional(entity("Plugin")) },
  Scene: { ...PLACED },
  Focus: { ...PLACED, kind: optional(string), target: optional(string) },
  Service: { ...PLACED, name: optional(string) },
};

const PRINCIPALS = ["Character", "Plugin", "System"];

/** Context attributes the host may set on a request; a policy may read only these. */
export const CONTEXT_KEYS = ["scope", "plugin", "command", "locationId", "sessionId"] as const;

/**
 * Builds the schema for the current plugins.
 * @param pluginTypes every plugin's own resource types (fully qualified, e.g. `dice_roller::dice`)
 * @param actions action names beyond the host's own (capability actions)
 */
export function buildCedarSchema(pluginTypes: Iterable<string>, actions: Iterable<string>): SchemaJson<string> {
  const resourceTypes = Object.keys(CORE_ENTITY_TYPES).filter((name) => name !== "System" && name !== "Plugin");
  const namespaces = new Map<string, Record<string, { shape: AttributeType }>>();
  for (const qualified of pluginTypes) {
    const namespace = namespaceOf(qualified);
    if (namespace === undefined) continue;
    const types = namespaces.get(namespace) ?? {};
    types[qualified.slice(namespace.length + 2)] = { shape: record(PLACED) };
    namespaces.set(namespace, types);
    resourceTypes.push(qualified);
  }
  const context = record(Object.fromEntries(CONTEXT_KEYS.map((key) => [key, optional(string)])));
  const appliesTo = { principalTypes: PRINCIPALS, resourceTypes, context };
  const schema: SchemaJson<string> = {
    "": {
      entityTypes: Object.fromEntries(
        Object.entries(CORE_ENTITY_TYPES).map(([name, attributes]) => [name, { shape: record(attributes) }]),
      ),
      actions: Object.fromEntries([...new Set([...HOST_ACTIONS, ...actions])].map((name) => [name, { appliesTo }])),
    },
  };
  for (const [namespace, entityTypes] of namespaces) schema[namespace] = { entityTypes, actions: {} };
  return schema;
}
