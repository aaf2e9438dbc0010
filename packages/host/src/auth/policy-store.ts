/**
 * The installed policies: the host's (base + operator) and each loaded
 * plugin's (generated from its manifest + declared in `policies`), and the
 * preparsed per-principal slices the engine evaluates.
 *
 * Slices: a request is evaluated against only the policies that could match
 * it. Thanks to the trust boundary an untrusted plugin's policies can only
 * be about its own principal, commands and types, so
 *   plugin:<p>     host policies + <p>'s + trusted plugins' (for Plugin::"<p>")
 *   character:<p>  host policies + <p>'s + trusted plugins' (commands and capabilities of <p>)
 *   character:*    / system: everything that names that kind of principal
 * each filtered by the policy's principal scope. A slice is re-preparsed
 * lazily after any change (`epoch`), under a stable id, so a change takes
 * effect at the next request.
 */
import { HostError, HostErrorCode } from "../errors.js";
import type { PluginManifest } from "../manifest/manifest.js";
import type { PrincipalKind } from "./authorizer.js";
import { type CedarModule, formatCedarErrors, type SchemaJson } from "./cedar-engine.js";
import { capabilityActions, ownResourceTypes } from "./cedar-entity-model.js";
import { buildCedarSchema } from "./cedar-schema.js";
import { manifestPermissions } from "./manifest-permissions.js";
import { type CompiledPolicy, compilePolicies } from "./policy-compiler.js";
import { type PolicyReferences, policyReferences } from "./policy-references.js";
import { findTrustViolations, type TrustGrant } from "./policy-trust-boundary.js";

interface PluginPolicies {
  manifest: PluginManifest;
  /** Capability resource name → Cedar type (its own types only). */
  types: Map<string, string>;
  policies: CompiledPolicy[];
  /** Trusted plugins' policies go into every slice. */
  trusted: boolean;
}

export interface PolicyStoreOptions {
  cedar: CedarModule;
  /** Prefix for preparsed policy-set ids (unique per authorizer). */
  scope: string;
  /** The host's base and operator policies. */
  host: readonly CompiledPolicy[];
  trust: Readonly<Record<string, readonly TrustGrant[]>>;
}

/** A preparsed slice: its engine id and what its policies can read. */
export interface PolicySlice {
  id: string;
  references: PolicyReferences;
}

export interface PolicyStore {
  /** Bumped on every change; decisions cached under an older epoch are stale. */
  readonly epoch: number;
  /** Compiles, checks the trust boundary, validates and installs (replacing the plugin's previous set). All or nothing. */
  install(manifest: PluginManifest): void;
  /** Removes a plugin's policies; with a manifest, only if that manifest is still the installed one. */
  remove(plugin: string | PluginManifest): boolean;
  /** The loaded plugin that declares a command. */
  commandOwner(command: string): string | undefined;
  /** The Cedar type of a plugin's own capability resource. */
  ownType(plugin: string, resource: string): string | undefined;
  isLoaded(plugin: string): boolean;
  /** The preparsed slice for a principal kind and (optionally) the plugin the request is about. */
  slice(kind: PrincipalKind, plugin: string | undefined): PolicySlice;
  policy(id: string): CompiledPolicy | undefined;
  policyIds(plugin?: string): string[];
  schema(): SchemaJson<string>;
}

export function createPolicyStore(options: PolicyStoreOptions): PolicyStore {
  const { cedar } = options;
  const plugins = new Map<string, PluginPolicies>();
  const byId = new Map<string, CompiledPolicy>(options.host.map((policy) => [policy.id, policy]));
  let commands = new Map<string, string>();
  const slices = new Map<string, { epoch: number; slice: PolicySlice }>();
  let epoch = 0;

  function schemaFor(entries: Iterable<PluginPolicies>): SchemaJson<string> {
    const list = [...entries];
    return buildCedarSchema(
      list.flatMap((entry) => [...entry.types.values()]),
      list.flatMap((entry) => capabilityActions(entry.manifest)),
    );
  }

  function changed() {
    epoch += 1;
    commands = new Map();
    byId.clear();
    for (const policy of options.host) byId.set(policy.id, policy);
    for (const [name, entry] of plugins) {
      // First loaded wins, as in the command registry (a later duplicate is refused there).
      for (const command of entry.manifest.commands) if (!commands.has(command.name)) commands.set(command.name, name);
      for (const policy of entry.policies) byId.set(policy.id, policy);
    }
  }

  function compile(manifest: PluginManifest): PluginPolicies {
    const plugin = manifest.name;
    const types = ownResourceTypes(manifest);
    const generated = compilePolicies(
      cedar,
      manifestPermissions(manifest).map(({ name, text }) => ({ name, text })),
      { owner: plugin, plugin, describe: (name) => `plugin ${plugin}: generated policy "${name}"` },
    );
    const declared = compilePolicies(
      cedar,
      manifest.policies.map(({ name, policy }) => ({ name, text: policy })),
      {
        owner: plugin,
        plugin,
        describe: (name) => `plugin ${plugin}: policy "${name}"`,
        fieldOf: (i) => `policies[${i}]`,
      },
    );
    const grants = new Set(options.trust[plugin] ?? []);
    const subject = { plugin, commands: new Set(manifest.commands.map((command) => command.name)) };
    for (const policy of declared) {
      const violations = findTrustViolations(subject, policy.json).filter((v) => !grants.has(v.grant));
      if (violations.length === 0) continue;
      const named = violations.map((v) => `${v.named} (needs trust "${v.grant}")`).join("; ");
      throw new HostError(
        HostErrorCode.POLICY_TRUST_VIOLATION,
        `plugin ${plugin}: policy "${policy.name}" names ${named}; a plugin's policies may only grant to its own principal, about its own commands and resource types`,
        {
          plugin,
          field: `policies[${manifest.policies.findIndex((p) => p.name === policy.name)}]`,
          details: { policy: policy.name, named: violations.map((v) => v.named).join("; ") },
        },
      );
    }
    return { manifest, types, policies: [...generated, ...declared], trusted: grants.size > 0 };
  }

  function validate(candidate: PluginPolicies) {
    const others = [...plugins.values()].filter((entry) => entry.manifest.name !== candidate.manifest.name);
    const answer = cedar.validate({
      schema: schemaFor([...others, candidate]),
      policies: { staticPolicies: Object.fromEntries(candidate.policies.map((p) => [p.id, p.text])) },
      validationSettings: { mode: "strict" },
    });
    const plugin = candidate.manifest.name;
    if (answer.type === "failure") {
      throw new HostError(HostErrorCode.POLICY_INVALID, `plugin ${plugin}: ${formatCedarErrors(answer.errors)}`, {
        plugin,
      });
    }
    const first = answer.validationErrors[0];
    if (first === undefined) return;
    const policy = candidate.policies.find((p) => p.id === first.policyId);
    const name = policy?.name ?? first.policyId;
    const messages = answer.validationErrors.filter((e) => e.policyId === first.policyId).map((e) => e.error);
    const index = candidate.manifest.policies.findIndex((p) => p.name === name);
    throw new HostError(
      HostErrorCode.POLICY_INVALID,
      `plugin ${plugin}: policy "${name}" is invalid: ${formatCedarErrors(messages)}`,
      { plugin, ...(index < 0 ? {} : { field: `policies[${index}]` }), details: { policy: name } },
    );
  }

  function build(kind: PrincipalKind, plugin: string | undefined): CompiledPolicy[] {
    const selected = [...options.host];
    for (const [name, entry] of plugins) {
      if (plugin === undefined || name === plugin || entry.trusted) selected.push(...entry.policies);
    }
    return selected.filter((policy) => policy.principals.has(kind));
  }

  return {
    get epoch() {
      return epoch;
    },
    install(manifest) {
      const candidate = compile(manifest);
      validate(candidate);
      plugins.set(manifest.name, candidate);
      changed();
    },
    remove(plugin) {
      const name = typeof plugin === "string" ? plugin : plugin.name;
      const entry = plugins.get(name);
      if (entry === undefined || (typeof plugin !== "string" && entry.manifest !== plugin)) return false;
      plugins.delete(name);
      changed();
      return true;
    },
    commandOwner: (command) => commands.get(command),
    ownType: (plugin, resource) => plugins.get(plugin)?.types.get(resource),
    isLoaded: (plugin) => plugins.has(plugin),
    slice(kind, plugin) {
      const key = `${kind}:${plugin ?? "*"}`;
      const known = slices.get(key);
      if (known?.epoch === epoch) return known.slice;
      const id = `${options.scope}/${key}`;
      const policies = build(kind, plugin);
      const answer = cedar.preparsePolicySet(id, {
        staticPolicies: Object.fromEntries(policies.map((p) => [p.id, p.text])),
      });
      if (answer.type === "failure") {
        // Every policy here was parsed and validated before; this is a host bug, not a plugin's fault.
        throw new HostError(HostErrorCode.POLICY_INVALID, `policy slice ${key}: ${formatCedarErrors(answer.errors)}`);
      }
      const slice = { id, references: policyReferences(policies.map((p) => p.json)) };
      slices.set(key, { epoch, slice });
      return slice;
    },
    policy: (id) => byId.get(id),
    policyIds(plugin) {
      if (plugin !== undefined) return (plugins.get(plugin)?.policies ?? []).map((p) => p.id);
      return [...byId.keys()];
    },
    schema: () => schemaFor(plugins.values()),
  };
}
