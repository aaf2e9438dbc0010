/**
 * How an AuthorizationRequest becomes a Cedar request: the principal and
 * resource entities with the attributes the host supplies, and the context.
 *
 * Resource attributes (all optional in the schema):
 *   Stream   `location:<L>…` → location L; `character:<C>…` → owner C; namespace
 *   Kv       plugin = Plugin::"<namespace>"
 *   Command  name, plugin (the loaded plugin that declares it — never taken from the request)
 *   Focus    `<kind>:<target>` → kind, target
 *   Service  name
 *   Location location = itself; Character (as a resource) owner = itself
 *
 * Capability requests (context.scope set) name the scope's anchor in
 * `resourceId`, as the dispatcher does: `local` → the location the resource
 * is at, `self` → the character who owns it, `global` → anything. The
 * resource gets that `location` / `owner`; the base scope policies compare it
 * with the principal's. `resourceAttributes` names a concrete target's
 * location and owner instead when the caller knows them.
 */
import { CAPABILITY_SCOPES, type CapabilityScope } from "../manifest/manifest.js";
import type { AuthorizationRequest } from "./authorizer.js";
import type { CedarContext, EntityJson } from "./cedar-engine.js";
import { PRINCIPAL_TYPES } from "./cedar-entity-model.js";
import { CONTEXT_KEYS } from "./cedar-schema.js";
import type { PolicyReferences } from "./policy-references.js";

/** Where a concrete resource is and whose it is, when the caller knows. */
export interface ResourceAttributes {
  location?: string;
  owner?: string;
}

/** AuthorizationRequest plus the resource's own attributes (a proposed optional field of the seam). */
export interface CedarAuthorizationRequest extends AuthorizationRequest {
  resourceAttributes?: ResourceAttributes;
}

/** What the host knows about a character. */
export interface CharacterAttributes {
  /** Current location id; default: the request's `context.locationId`. */
  location?: string;
  /** Roles for operator policies (`principal.roles.contains("builder")`). Default none. */
  roles?: readonly string[];
}

export interface CedarCall {
  principal: { type: string; id: string };
  action: { type: "Action"; id: string };
  resource: { type: string; id: string };
  context: CedarContext;
  entities: EntityJson[];
}

const ref = (type: string, id: string) => ({ __entity: { type, id } });

export function capabilityScope(request: AuthorizationRequest): CapabilityScope | "invalid" | undefined {
  const scope = request.context?.scope;
  if (scope === undefined) return undefined;
  return CAPABILITY_SCOPES.includes(scope as CapabilityScope) ? (scope as CapabilityScope) : "invalid";
}

interface HostEntity extends EntityJson {
  uid: { type: string; id: string };
}

function principalEntity(request: AuthorizationRequest, character: CharacterAttributes | undefined): HostEntity {
  const { kind, id } = request.principal;
  const uid = { type: PRINCIPAL_TYPES[kind], id };
  if (kind === "plugin") return { uid, attrs: { name: id }, parents: [] };
  if (kind === "system") return { uid, attrs: {}, parents: [] };
  const fromContext = request.context?.locationId;
  const location = character?.location ?? (typeof fromContext === "string" ? fromContext : undefined);
  const attrs: EntityJson["attrs"] = { roles: [...(character?.roles ?? [])] };
  if (location !== undefined && location !== "") attrs.location = ref("Location", location);
  return { uid, attrs, parents: [] };
}

/** Attributes the host derives from a resource's id (non-capability requests). */
function derivedAttributes(cedarType: string, id: string, commandPlugin: string | undefined): EntityJson["attrs"] {
  const [head = "", second] = id.split(":", 2);
  switch (cedarType) {
    case "Stream":
      if (head === "location" && second) return { namespace: head, location: ref("Location", second) };
      if (head === "character" && second) return { namespace: head, owner: ref("Character", second) };
      return { namespace: head };
    case "Kv":
      return { plugin: ref("Plugin", id) };
    case "Command":
      return commandPlugin === undefined ? { name: id } : { name: id, plugin: commandPlugin };
    case "Focus":
      return second === undefined ? { kind: head } : { kind: head, target: id.slice(head.length + 1) };
    case "Service":
      return { name: id };
    case "Location":
      return { location: ref("Location", id) };
    case "Character":
      return { owner: ref("Character", id) };
    default:
      return {};
  }
}

function anchorAttributes(scope: CapabilityScope, anchor: string): EntityJson["attrs"] {
  if (scope === "local") return { location: ref("Location", anchor) };
  if (scope === "self") return { owner: ref("Character", anchor) };
  return {};
}

export interface BuildCallInput {
  request: CedarAuthorizationRequest;
  cedarType: string;
  scope: CapabilityScope | undefined;
  character: CharacterAttributes | undefined;
  commandPlugin: string | undefined;
  /** What the slice's policies read: other attributes and context keys are left out. */
  references: PolicyReferences;
}

function keepReferenced(attrs: EntityJson["attrs"], references: PolicyReferences): EntityJson["attrs"] {
  const kept: EntityJson["attrs"] = {};
  for (const name in attrs)
    if (references.attributes.has(name)) kept[name] = attrs[name] as EntityJson["attrs"][string];
  return kept;
}

/** The Cedar request (without the policy-set id) for one authorization request. */
export function buildCedarCall(input: BuildCallInput): CedarCall {
  const { request, cedarType, scope } = input;
  const principal = principalEntity(request, input.character);
  const attrs =
    scope === undefined
      ? derivedAttributes(cedarType, request.resourceId, input.commandPlugin)
      : anchorAttributes(scope, request.resourceId);
  const explicit = request.resourceAttributes;
  if (explicit?.location !== undefined) attrs.location = ref("Location", explicit.location);
  if (explicit?.owner !== undefined) attrs.owner = ref("Character", explicit.owner);
  const { references } = input;
  principal.attrs = keepReferenced(principal.attrs, references);
  const resource = {
    uid: { type: cedarType, id: request.resourceId },
    attrs: keepReferenced(attrs, references),
    parents: [],
  };
  const context: CedarContext = {};
  for (const key of CONTEXT_KEYS) {
    const value = request.context?.[key];
    if (value !== undefined && (references.wholeContext || references.attributes.has(key)))
      context[key] = String(value);
  }
  // A character acting on itself is one entity, not two with the same uid.
  const same = principal.uid.type === cedarType && request.principal.id === request.resourceId;
  return {
    principal: principal.uid,
    action: { type: "Action", id: request.action },
    resource: resource.uid,
    context,
    entities: same ? [{ ...principal, attrs: { ...principal.attrs, ...resource.attrs } }] : [principal, resource],
  };
}

/** The decision-cache key: everything the decision depends on besides the policies. */
export function callKey(slice: string, call: CedarCall): string {
  return `${slice}\n${call.action.id}\n${JSON.stringify(call.entities)}\n${JSON.stringify(call.context)}`;
}
