/**
 * Plain reasons for denials, for the audit log and the player. A forbid
 * policy speaks for itself (its `@reason("…")`, else its name); when nothing
 * permitted the request (default deny) the reason says what was missing, in
 * the words of the declaration that would have allowed it.
 */
import type { CapabilityScope } from "../manifest/manifest.js";
import type { AuthorizationRequest } from "./authorizer.js";
import type { CompiledPolicy } from "./policy-compiler.js";

export function forbiddenReason(policy: CompiledPolicy): string {
  if (policy.reason) return policy.reason;
  return policy.plugin === undefined
    ? `the host policy "${policy.name}" forbids it`
    : `policy "${policy.name}" of plugin ${policy.plugin} forbids it`;
}

/** Why nothing permitted a request. */
export function unpermittedReason(request: AuthorizationRequest, scope: CapabilityScope | undefined): string {
  const { principal, action, resourceType, resourceId } = request;
  if (scope === "local") return `you can ${action} ${resourceType} only at your current location`;
  if (scope === "self") return `you can ${action} ${resourceType} only for yourself`;
  if (scope === "global") return `no policy lets you ${action} ${resourceType}`;
  if (principal.kind === "character" && action === "execute" && resourceType === "command") {
    return `no policy lets you use "${resourceId}"`;
  }
  if (principal.kind === "plugin") {
    const plugin = principal.id;
    switch (`${action} ${resourceType}`) {
      case "emit stream":
        return `plugin ${plugin} does not declare "${resourceId.split(":")[0] ?? ""}" in emits`;
      case "read kv":
      case "write kv":
        return `plugin ${plugin} may only use its own KV namespace`;
      case "call service":
        return `plugin ${plugin} does not declare "${resourceId}" in requires`;
    }
  }
  return `no policy allows ${principal.kind} ${principal.id} to ${action} ${resourceType} "${resourceId}"`;
}
