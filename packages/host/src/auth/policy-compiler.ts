/**
 * Turns named Cedar text into compiled policies: split with Cedar's own
 * parser (one declaration may hold several policies), each part converted to
 * Cedar's JSON form so the trust boundary and the slicer read what Cedar
 * read. Schema validation happens in the policy store, which knows the
 * schema the policy must fit.
 */
import { HostError, HostErrorCode } from "../errors.js";
import type { PrincipalKind } from "./authorizer.js";
import { type CedarModule, formatCedarErrors, type PolicyJson } from "./cedar-engine.js";

export interface CompiledPolicy {
  /** Unique in the authorizer: `host/<name>`, `<plugin>/<name>`, `<plugin>/manifest:<what>`. */
  id: string;
  /** The declaration's name (several parts share it, ids get `#<n>`). */
  name: string;
  /** Owning plugin; undefined for the host's base and operator policies. */
  plugin: string | undefined;
  text: string;
  json: PolicyJson;
  /** Principal kinds whose requests this policy may match (from its scope). */
  principals: ReadonlySet<PrincipalKind>;
  /** The policy's `@reason("…")` annotation: the plain reason a forbid gives. */
  reason: string | undefined;
}

export interface PolicySource {
  name: string;
  text: string;
}

const ALL_KINDS: ReadonlySet<PrincipalKind> = new Set(["character", "plugin", "system"]);
const KIND_OF_TYPE: Readonly<Record<string, PrincipalKind>> = {
  Character: "character",
  Plugin: "plugin",
  System: "system",
};

/** Which principals a policy can apply to, from its principal scope alone. */
function principalKinds(json: PolicyJson): ReadonlySet<PrincipalKind> {
  const head = json.principal;
  let type: string | undefined;
  if (head.op === "is") type = head.entity_type;
  else if ((head.op === "==" || head.op === "in") && "entity" in head) {
    type = "__entity" in head.entity ? head.entity.__entity.type : head.entity.type;
  }
  const kind = type === undefined ? undefined : KIND_OF_TYPE[type];
  // `principal in <group>` or an unknown type: keep it everywhere (never drop a policy that might apply).
  return kind === undefined || head.op === "in" ? ALL_KINDS : new Set([kind]);
}

export interface CompileOptions {
  /** Id prefix: `host` or the plugin name. */
  owner: string;
  plugin: string | undefined;
  /** Names the policy in errors, e.g. `plugin dice-roller: policy "x"`. */
  describe(name: string): string;
  /** Manifest field of each source, for the error (e.g. `policies[2]`). */
  fieldOf?(index: number): string | undefined;
}

/** Parses and converts each source; throws POLICY_INVALID with Cedar's message, the plugin and the policy name. */
export function compilePolicies(
  cedar: CedarModule,
  sources: readonly PolicySource[],
  options: CompileOptions,
): CompiledPolicy[] {
  const compiled: CompiledPolicy[] = [];
  sources.forEach((source, index) => {
    const invalid = (message: string, cause?: unknown) =>
      new HostError(HostErrorCode.POLICY_INVALID, `${options.describe(source.name)} is invalid: ${message}`, {
        ...(options.plugin === undefined ? {} : { plugin: options.plugin }),
        ...(options.fieldOf?.(index) === undefined ? {} : { field: options.fieldOf?.(index) }),
        details: { policy: source.name },
        cause,
      });
    const parts = cedar.policySetTextToParts(source.text);
    if (parts.type === "failure") throw invalid(formatCedarErrors(parts.errors), parts.errors);
    if (parts.policy_templates.length > 0) throw invalid("templates (?principal / ?resource slots) are not supported");
    if (parts.policies.length === 0) throw invalid("it contains no policy");
    parts.policies.forEach((text, part) => {
      const parsed = cedar.policyToJson(text);
      if (parsed.type === "failure") throw invalid(formatCedarErrors(parsed.errors), parsed.errors);
      const suffix = parts.policies.length > 1 ? `#${part + 1}` : "";
      compiled.push({
        id: `${options.owner}/${source.name}${suffix}`,
        name: source.name,
        plugin: options.plugin,
        text,
        json: parsed.json,
        principals: principalKinds(parsed.json),
        reason: parsed.json.annotations?.reason,
      });
    });
  });
  return compiled;
}

/** Splits a policy file into sources named by each policy's `@id` annotation. */
export function splitPolicyFile(cedar: CedarModule, text: string, file: string): PolicySource[] {
  const parts = cedar.policySetTextToParts(text);
  if (parts.type === "failure") {
    throw new HostError(HostErrorCode.POLICY_INVALID, `${file}: ${formatCedarErrors(parts.errors)}`, { file });
  }
  return parts.policies.map((part, index) => {
    const parsed = cedar.policyToJson(part);
    const id = parsed.type === "success" ? parsed.json.annotations?.id : undefined;
    if (id === undefined) {
      throw new HostError(HostErrorCode.POLICY_INVALID, `${file}: policy ${index + 1} has no @id("…") annotation`, {
        file,
      });
    }
    return { name: id, text: part };
  });
}
