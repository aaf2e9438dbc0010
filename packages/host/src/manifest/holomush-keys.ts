/**
 * HoloMUSH's own manifest forms (docs/lua.md, "Manifests"), accepted so its
 * Lua plugin directories load unchanged. They are rewritten into this host's
 * forms before the ordinary validators run, with errors on the original
 * field paths:
 *
 *   events: [say, pose]            → one subscription {stream: "*", types: [say, pose]}
 *   requires: [{capability: kv}]   → a capability grant (the Lua global `kv`)
 *   requires: [{service: x.v1.S}]  → the service name, as the plain string form
 *   dependencies: {name: range}    → the list form
 *   policies[].dsl                 → kept aside, NOT installed (HoloMUSH's
 *                                    policy language is not Cedar; see docs)
 *   load_priority                  → priority, clamped into this host's 0..100
 *   session_streams: true           → sessionStreams (Lua: on_session_subscribe is called)
 *   engine, crypto, verbs, focus_redirects,
 *   actor_kinds_claimable, history_scope → checked for type, otherwise unused
 *   capabilities (top level)       → refused, as HoloMUSH refuses it
 */
import { Type } from "@sinclair/typebox";
import { type FieldChecker, fieldPath, isMapping } from "./field-checker.js";
import type { HostCapabilityGrant } from "./manifest.js";
import { nonEmptyText, oneOf, PRIORITY_RANGE, serviceName } from "./schema-nodes.js";
import { readNode } from "./schema-reader.js";

/** Capability tokens HoloMUSH grants through `requires: - capability:`. */
export const HOLOMUSH_CAPABILITY_TOKENS = [
  "world.query",
  "world.mutation",
  "property",
  "session",
  "session.admin",
  "focus",
  "kv",
  "stream.history",
  "stream.subscription",
  "emit",
  "settings",
  "eval",
  "command-registry",
] as const;

/**
 * Top-level keys HoloMUSH manifests carry that this host has no use for beyond checking them
 * (`load_priority` becomes `priority`), as they appear in the published JSON Schema.
 */
export const HOLOMUSH_ONLY_PROPERTIES = {
  engine: Type.Optional(nonEmptyText({ description: "HoloMUSH engine constraint (unused here)." })),
  crypto: Type.Optional(Type.Unsafe({ type: "object", description: "HoloMUSH emit sensitivities (unused here)." })),
  session_streams: Type.Optional(Type.Boolean({ description: "HoloMUSH (unused here)." })),
  history_scope: Type.Optional(oneOf(["grid", "scene", "custom"] as const, { description: "HoloMUSH (unused here)." })),
  actor_kinds_claimable: Type.Optional(
    Type.Array(Type.String(), { uniqueItems: true, description: "HoloMUSH (unused here)." }),
  ),
  verbs: Type.Optional(Type.Unsafe({ type: "array", description: "HoloMUSH verb display metadata (unused here)." })),
  focus_redirects: Type.Optional(Type.Unsafe({ type: "array", description: "HoloMUSH (unused here)." })),
  load_priority: Type.Optional(Type.Integer({ description: "HoloMUSH's priority; clamped into 0..100." })),
};

/** The HoloMUSH-only top-level keys. */
export const HOLOMUSH_ONLY_KEYS = Object.keys(HOLOMUSH_ONLY_PROPERTIES) as (keyof typeof HOLOMUSH_ONLY_PROPERTIES)[];

/** A `requires` entry in HoloMUSH's form: a capability grant (or a service, as a mapping). */
export const HOLOMUSH_REQUIRES_ENTRY = Type.Unsafe({
  type: "object",
  additionalProperties: false,
  properties: {
    capability: oneOf(HOLOMUSH_CAPABILITY_TOKENS, {
      description: "HoloMUSH capability token: the Lua global of that name.",
    }),
    service: serviceName(),
    version: Type.String(),
    optional: Type.Boolean(),
    scope: Type.String(),
    access: oneOf(["read", "write"] as const),
  },
  oneOf: [{ required: ["capability"] }, { required: ["service"] }],
});

/** A `policies` entry in HoloMUSH's form: its own policy language, accepted and not installed. */
export const HOLOMUSH_POLICY_ENTRY = Type.Object(
  {
    name: nonEmptyText(),
    dsl: nonEmptyText({ description: "HoloMUSH policy DSL: accepted, not installed (docs/lua.md)." }),
  },
  { additionalProperties: false },
);

export interface HolomushKeys {
  /** The manifest with HoloMUSH forms rewritten and HoloMUSH-only keys removed. */
  raw: Record<string, unknown>;
  hostCapabilities: HostCapabilityGrant[];
  /** HoloMUSH DSL policies (name → text), not installed. */
  foreignPolicies: Record<string, string>;
  /** `session_streams: true`: the Lua runtime calls on_session_subscribe. */
  sessionStreams: boolean;
}

export function normalizeHolomushKeys(check: FieldChecker, input: Record<string, unknown>): HolomushKeys {
  const raw: Record<string, unknown> = { ...input };
  const hostCapabilities: HostCapabilityGrant[] = [];
  const foreignPolicies: Record<string, string> = {};

  if (raw.capabilities !== undefined) {
    check.fail(
      "capabilities",
      "a top-level capabilities list is no longer supported; use policies (and requires: - capability:)",
    );
    delete raw.capabilities;
  }
  if (Array.isArray(raw.events) && raw.events.some((item) => typeof item === "string")) {
    const types: string[] = [];
    const rest: unknown[] = [];
    for (const item of raw.events) {
      if (typeof item === "string") types.push(item);
      else rest.push(item);
    }
    raw.events = [...rest, ...(types.length > 0 ? [{ stream: "*", types }] : [])];
  }
  if (Array.isArray(raw.requires)) {
    const services: unknown[] = [];
    raw.requires.forEach((item, index) => {
      if (!isMapping(item)) {
        services.push(item);
        return;
      }
      const field = fieldPath("requires", index);
      check.knownKeys(item, field, ["capability", "service", "version", "optional", "scope", "access"]);
      const hasCapability = item.capability !== undefined;
      if (hasCapability === (item.service !== undefined)) {
        check.fail(field, "needs exactly one of capability or service");
        return;
      }
      if (!hasCapability) {
        services.push(item.service);
        return;
      }
      const known: readonly string[] = HOLOMUSH_CAPABILITY_TOKENS;
      const token = check.string(item.capability, fieldPath(field, "capability"), { nonEmpty: true });
      if (token !== undefined && !known.includes(token)) {
        check.fail(fieldPath(field, "capability"), `unknown capability "${token}"; known: ${known.join(", ")}`);
        return;
      }
      const access =
        item.access === undefined
          ? undefined
          : check.oneOf(item.access, fieldPath(field, "access"), ["read", "write"] as const);
      const optional = item.optional === undefined ? false : check.boolean(item.optional, fieldPath(field, "optional"));
      if (item.scope !== undefined) check.string(item.scope, fieldPath(field, "scope"));
      if (token === undefined || optional === undefined) return;
      if (hostCapabilities.some((grant) => grant.token === token)) {
        check.fail(fieldPath(field, "capability"), `capability "${token}" is already required`);
        return;
      }
      hostCapabilities.push({ token, optional, ...(access === undefined ? {} : { access }) });
    });
    raw.requires = services;
  }
  if (isMapping(raw.dependencies)) {
    raw.dependencies = Object.entries(raw.dependencies).map(([name, version]) =>
      version === undefined || version === null ? name : { name, version },
    );
  }
  if (Array.isArray(raw.policies)) {
    raw.policies = raw.policies.filter((item, index) => {
      if (!isMapping(item) || item.dsl === undefined) return true;
      const field = fieldPath("policies", index);
      check.knownKeys(item, field, ["name", "dsl"]);
      const name = check.string(item.name, fieldPath(field, "name"), { nonEmpty: true });
      const dsl = check.string(item.dsl, fieldPath(field, "dsl"), { nonEmpty: true });
      if (name !== undefined && dsl !== undefined) foreignPolicies[name] = dsl;
      return false;
    });
  }
  if (raw.load_priority !== undefined && raw.priority === undefined) {
    const value = check.integer(raw.load_priority, "load_priority", { min: -1_000_000, max: 1_000_000 });
    if (value !== undefined) raw.priority = Math.min(PRIORITY_RANGE.max, Math.max(PRIORITY_RANGE.min, value));
  }
  checkHolomushOnly(check, raw);
  const sessionStreams = raw.session_streams === true;
  for (const key of HOLOMUSH_ONLY_KEYS) delete raw[key];
  return { raw, hostCapabilities, foreignPolicies, sessionStreams };
}

/** Checks the HoloMUSH-only keys against their definitions (`load_priority` was read above). */
function checkHolomushOnly(check: FieldChecker, raw: Record<string, unknown>): void {
  for (const [key, node] of Object.entries(HOLOMUSH_ONLY_PROPERTIES)) {
    if (key !== "load_priority" && raw[key] !== undefined) readNode(check, node, raw[key], key, { manifest: raw });
  }
}
