/**
 * createCedarAuthorizer: the Authorizer seam evaluated by the real Cedar
 * engine (docs/authorization.md). Default deny; the host's base policies
 * (base-policies.cedar) implement the capability scopes; each plugin brings
 * the permissions its manifest declares and the policies it ships, checked
 * against the trust boundary and validated against the schema at install.
 *
 * Lifecycle (the host calls these): `installPolicies(manifest)` before the
 * plugin is loaded — it throws POLICY_INVALID / POLICY_TRUST_VIOLATION to
 * refuse the plugin — and `removePolicies(manifest)` when it is unloaded.
 * Changes take effect at the next request.
 *
 * Speed: each request is evaluated against its principal's slice only, and
 * decisions are cached (LRU, emptied on every policy change) under a key of
 * every entity attribute and context value, so repeated checks cost no
 * Cedar call. `authorizeAll` answers a whole dispatch (layer one + every
 * capability) in one authorizer call; each uncached check is still one
 * Cedar evaluation, since the engine has no batch API.
 */
import { HostError, HostErrorCode } from "../errors.js";
import type { PluginManifest, PolicyDeclaration } from "../manifest/manifest.js";
import type { AuthorizationDecision, Authorizer } from "./authorizer.js";
import { readBasePolicies } from "./base-policies.js";
import { formatCedarErrors, loadCedar, nextEngineScope } from "./cedar-engine.js";
import { cedarResourceType, isCoreResource } from "./cedar-entity-model.js";
import {
  buildCedarCall,
  type CedarAuthorizationRequest,
  type CharacterAttributes,
  callKey,
  capabilityScope,
} from "./cedar-request.js";
import { buildCedarSchema } from "./cedar-schema.js";
import { createDecisionCache } from "./decision-cache.js";
import { forbiddenReason, unpermittedReason } from "./denial-reasons.js";
import { compilePolicies, splitPolicyFile } from "./policy-compiler.js";
import { createPolicyStore } from "./policy-store.js";
import type { TrustGrant } from "./policy-trust-boundary.js";
import { requestKey } from "./request-key.js";

/** Trust grants, host policies and tuning for createCedarAuthorizer. */
export interface CedarAuthorizerOptions {
  /**
   * Per plugin, what its policies may name beyond its own principal,
   * commands and types: `system`, `other-plugins`, `core-types`. Default: nothing.
   */
  trust?: Readonly<Record<string, readonly TrustGrant[]>>;
  /** The host operator's own policies (trusted; may name core types only). Default none. */
  hostPolicies?: readonly PolicyDeclaration[];
  /** Replaces the shipped base-policies.cedar (every policy needs an `@id`). Default: the shipped file. */
  basePolicies?: string;
  /** What the host knows about a character (location, roles). Default: location from `context.locationId`, no roles. */
  characters?: (characterId: string) => CharacterAttributes | undefined;
  /** Decisions kept in the LRU cache; 0 turns the cache off. Default 10 000. */
  decisionCacheSize?: number;
  /** Told when a policy fails during evaluation (Cedar then ignores it). Default: nothing. */
  onPolicyError?: (policyId: string, message: string) => void;
}

/** A Cedar decision, with the ids of the policies that determined it. */
export interface CedarDecision extends AuthorizationDecision {
  /** Ids of the policies that decided it (the permits for an allow, the forbids for a deny). */
  policies: readonly string[];
}

/** The Authorizer backed by Cedar policies: default deny, plugins' policies installed and removed with them. */
export interface CedarAuthorizer extends Authorizer {
  /** Decides one request against its principal's policies (cached until the next policy change). */
  authorize(request: CedarAuthorizationRequest): CedarDecision;
  /** All must be allowed: the first denial, else an allow (a whole dispatch in one call). */
  authorizeAll(requests: readonly CedarAuthorizationRequest[]): CedarDecision;
  /** Installs or replaces a plugin's policies; throws POLICY_INVALID / POLICY_TRUST_VIOLATION and then changes nothing. */
  installPolicies(manifest: PluginManifest): void;
  /** Removes a plugin's policies (given a manifest, only if it is still the installed one). */
  removePolicies(plugin: string | PluginManifest): boolean;
  /** Installed policy ids (of one plugin, or all). */
  policyIds(plugin?: string): string[];
  /** The current schema in Cedar's text syntax (docs, debugging). */
  schemaText(): string;
  /** Cedar evaluations and cache hits so far. */
  stats(): { evaluations: number; cacheHits: number };
}

// Frozen: cached decisions are shared by every caller.
const allow = (reason: string, policies: readonly string[] = []): CedarDecision =>
  Object.freeze({ allowed: true, reason, policies: Object.freeze([...policies]) });
const deny = (reason: string, policies: readonly string[] = []): CedarDecision =>
  Object.freeze({ allowed: false, reason, policies: Object.freeze([...policies]) });

/** Loads the Cedar engine (first call only), compiles the host's policies and returns the authorizer. */
export async function createCedarAuthorizer(options: CedarAuthorizerOptions = {}): Promise<CedarAuthorizer> {
  const cedar = await loadCedar();
  const baseText = options.basePolicies ?? readBasePolicies();
  const host = [
    ...compilePolicies(cedar, splitPolicyFile(cedar, baseText, "base-policies.cedar"), {
      owner: "host",
      plugin: undefined,
      describe: (name) => `base policy "${name}"`,
    }),
    ...compilePolicies(
      cedar,
      (options.hostPolicies ?? []).map(({ name, policy }) => ({ name, text: policy })),
      { owner: "host", plugin: undefined, describe: (name) => `host policy "${name}"` },
    ),
  ];
  const duplicate = host.find((policy, index) => host.findIndex((other) => other.id === policy.id) !== index);
  if (duplicate) throw new HostError(HostErrorCode.POLICY_INVALID, `host policy id "${duplicate.id}" is used twice`);
  const checked = cedar.validate({
    schema: buildCedarSchema([], []),
    policies: { staticPolicies: Object.fromEntries(host.map((p) => [p.id, p.text])) },
    validationSettings: { mode: "strict" },
  });
  const problems = checked.type === "failure" ? checked.errors : checked.validationErrors.map((e) => e.error);
  if (problems.length > 0) {
    throw new HostError(HostErrorCode.POLICY_INVALID, `host policies: ${formatCedarErrors(problems)}`);
  }

  const store = createPolicyStore({ cedar, scope: nextEngineScope(), host, trust: options.trust ?? {} });
  const cacheSize = options.decisionCacheSize ?? 10_000;
  const caching = cacheSize > 0;
  const cache = createDecisionCache<CedarDecision>(cacheSize);
  // In front of `cache`: keyed by the request itself (request-key.ts), so a repeated request skips
  // building its Cedar call. A plugin's KV get spent ~12 µs on that before (docs/benchmarks.md).
  const requests = createDecisionCache<CedarDecision>(cacheSize);
  let evaluations = 0;
  let cacheHits = 0;
  /** Set by `decide` when its answer must not be cached (Cedar could not read the request). */
  let uncacheable = false;

  function authorize(request: CedarAuthorizationRequest): CedarDecision {
    const character = request.principal.kind === "character" ? options.characters?.(request.principal.id) : undefined;
    if (!caching) return decide(request, character);
    const key = requestKey(request, character);
    const known = requests.get(key, store.epoch);
    if (known !== undefined) {
      cacheHits += 1;
      return known;
    }
    uncacheable = false;
    const result = decide(request, character);
    if (!uncacheable) requests.set(key, store.epoch, result);
    return result;
  }

  /** `character`: what the host knows about a character principal, looked up once by `authorize`. */
  function decide(request: CedarAuthorizationRequest, character: CharacterAttributes | undefined): CedarDecision {
    const { principal, resourceType, resourceId } = request;
    if (principal.kind === "plugin" && !store.isLoaded(principal.id)) {
      return deny(`plugin ${principal.id} is not loaded`);
    }
    const scope = capabilityScope(request);
    if (scope === "invalid") return deny(`unknown capability scope "${String(request.context?.scope)}"`);
    const isCommand = resourceType.toLowerCase() === "command" && scope === undefined;
    const commandPlugin = isCommand ? store.commandOwner(resourceId) : undefined;
    if (isCommand && commandPlugin === undefined) return deny(`"${resourceId}" is not a command of a loaded plugin`);
    // The plugin a request is about picks the slice and owns non-core resource types.
    const contextPlugin = typeof request.context?.plugin === "string" ? request.context.plugin : undefined;
    const about =
      principal.kind === "plugin"
        ? principal.id
        : principal.kind === "character"
          ? (commandPlugin ?? contextPlugin)
          : undefined;
    const cedarType = isCoreResource(resourceType)
      ? cedarResourceType(resourceType, undefined)
      : about === undefined
        ? undefined
        : store.ownType(about, resourceType);
    if (cedarType === undefined) {
      return deny(`"${resourceType}" is not a resource type${about ? ` of plugin ${about}` : ""}`);
    }
    const slice = store.slice(principal.kind, about);
    const call = buildCedarCall({ request, cedarType, scope, character, commandPlugin, references: slice.references });
    const key = caching ? callKey(slice.id, call) : "";
    const cached = caching ? cache.get(key, store.epoch) : undefined;
    if (cached !== undefined) {
      cacheHits += 1;
      return cached;
    }
    evaluations += 1;
    const answer = cedar.statefulIsAuthorized({ ...call, preparsedPolicySetId: slice.id });
    if (answer.type === "failure") {
      // Not cached: a request Cedar cannot read is the host's bug and should stay visible.
      uncacheable = true;
      return deny(`authorization failed: ${formatCedarErrors(answer.errors)}`);
    }
    const { decision, diagnostics } = answer.response;
    for (const error of diagnostics.errors) options.onPolicyError?.(error.policyId, error.error.message);
    const policies = [...diagnostics.reason].sort();
    const result =
      decision === "allow"
        ? allow(`allowed by ${policies.join(", ")}`, policies)
        : policies.length > 0
          ? deny(forbiddenReasonOf(policies), policies)
          : deny(unpermittedReason(request, scope));
    if (caching) cache.set(key, store.epoch, result);
    return result;
  }

  /** A forbid that gives its own `@reason` speaks first; ids are sorted, so the choice is stable. */
  function forbiddenReasonOf(ids: readonly string[]): string {
    const policies = ids.map((id) => store.policy(id)).filter((policy) => policy !== undefined);
    const speaker = policies.find((policy) => policy.reason) ?? policies[0];
    return speaker ? forbiddenReason(speaker) : `policy ${ids[0]} forbids it`;
  }

  return {
    authorize,
    authorizeAll(requests) {
      const allowedBy: string[] = [];
      for (const request of requests) {
        const decision = authorize(request);
        if (!decision.allowed) return decision;
        allowedBy.push(...decision.policies);
      }
      const policies = [...new Set(allowedBy)];
      return allow(policies.length > 0 ? `allowed by ${policies.join(", ")}` : "nothing to check", policies);
    },
    installPolicies: (manifest) => store.install(manifest),
    removePolicies: (plugin) => store.remove(plugin),
    policyIds: (plugin) => store.policyIds(plugin),
    schemaText() {
      const text = cedar.schemaToText(store.schema());
      if (text.type === "failure") throw new HostError(HostErrorCode.POLICY_INVALID, formatCedarErrors(text.errors));
      return text.text;
    },
    stats: () => ({ evaluations, cacheHits }),
  };
}
