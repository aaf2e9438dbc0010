/**
 * The default authorizer: a plugin may do what its manifest declares, and
 * nothing about another plugin. Characters may run any loaded command; the
 * policy issue replaces this with Cedar policies and real scopes.
 *
 * Plugin rules:
 *   emit   stream:<s>       — namespace of <s> listed in `emits`
 *   read/write kv:<ns>      — <ns> is the plugin's own name
 *   read   stream:<s>       — history of any stream (read-only)
 *   write  focus:<target>   — focus bookkeeping for sessions
 *   call   service:<name>   — listed in `requires`
 */
import type { PluginManifest } from "../manifest/manifest.js";
import type { AuthorizationDecision, AuthorizationRequest, Authorizer } from "./authorizer.js";

const allow = (reason: string): AuthorizationDecision => ({ allowed: true, reason });
const deny = (reason: string): AuthorizationDecision => ({ allowed: false, reason });

/**
 * A policy-free Authorizer: a plugin may do what its manifest declares (emits, own KV, required services), characters may run any loaded command.
 */
export function createManifestAuthorizer(manifestOf: (plugin: string) => PluginManifest | undefined): Authorizer {
  return {
    authorize(request: AuthorizationRequest): AuthorizationDecision {
      const { principal, action, resourceType, resourceId } = request;
      if (principal.kind === "system") return allow("system");
      if (principal.kind === "character") return allow("characters may use every loaded command");
      const manifest = manifestOf(principal.id);
      if (manifest === undefined) return deny(`plugin ${principal.id} is not loaded`);
      switch (`${action} ${resourceType}`) {
        case "emit stream": {
          const namespace = resourceId.split(":")[0] ?? "";
          return manifest.emits.includes(namespace)
            ? allow(`"${namespace}" is declared in emits`)
            : deny(`plugin ${manifest.name} does not declare "${namespace}" in emits`);
        }
        case "read kv":
        case "write kv":
          return resourceId === manifest.name
            ? allow("own KV namespace")
            : deny(`plugin ${manifest.name} may only use its own KV namespace`);
        case "read stream":
          return allow("stream history is readable");
        case "write focus":
          return allow("focus bookkeeping");
        case "call service":
          return manifest.requires.includes(resourceId)
            ? allow(`"${resourceId}" is declared in requires`)
            : deny(`plugin ${manifest.name} does not declare "${resourceId}" in requires`);
        default:
          return deny(`no rule allows ${action} on ${resourceType}`);
      }
    },
  };
}
