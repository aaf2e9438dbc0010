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
import { type FieldChecker, fieldPath, isMapping } from "./field-checker.js";
import type { HostCapabilityGrant } from "./manifest.js";
import { PRIORITY_RANGE } from "./manifest-rules.js";

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

/** Top-level keys HoloMUSH manifests carry that this host has no use for beyond checking them. */
export const HOLOMUSH_ONLY_KEYS = [
  "engine",
  "crypto",
  "session_streams",
  "verbs",
  "focus_redirects",
  "actor_kinds_claimable",
  "history_scope",
  "load_priority",
] as const;

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

function checkHolomushOnly(check: FieldChecker, raw: Record<string, unknown>): void {
  if (raw.engine !== undefined) check.string(raw.engine, "engine", { nonEmpty: true });
  if (raw.crypto !== undefined) check.mapping(raw.crypto, "crypto");
  if (raw.session_streams !== undefined) check.boolean(raw.session_streams, "session_streams");
  if (raw.history_scope !== undefined)
    check.oneOf(raw.history_scope, "history_scope", ["grid", "scene", "custom"] as const);
  if (raw.actor_kinds_claimable !== undefined) check.stringList(raw.actor_kinds_claimable, "actor_kinds_claimable");
  if (raw.verbs !== undefined) check.list(raw.verbs, "verbs");
  if (raw.focus_redirects !== undefined) check.list(raw.focus_redirects, "focus_redirects");
}
