/**
 * The authorization seam. The host asks before every command dispatch and
 * every plugin call into the host. The host's default is the Cedar
 * authorizer (cedar-authorizer.ts): default deny, a plugin may do what its
 * manifest declares and its policies allow. createManifestAuthorizer is the
 * policy-free alternative.
 */
import type { PluginManifest } from "../manifest/manifest.js";

/** Who is asking: a character, a plugin or the host itself. */
export type PrincipalKind = "character" | "plugin" | "system";

/** The identity a request is authorized for, bound by the host (never taken from the request). */
export interface Principal {
  kind: PrincipalKind;
  id: string;
}

/** One question to the authorizer: may `principal` do `action` on the resource? */
export interface AuthorizationRequest {
  principal: Principal;
  /** e.g. `execute`, `emit`, `read`, `write`. */
  action: string;
  /** Resource type, e.g. `command`, `stream`, `kv`, `location`, `scene`. */
  resourceType: string;
  /** Resource id, e.g. the command name or stream. */
  resourceId: string;
  /** Attributes the host supplies (character location, plugin name, scope...). */
  context?: Record<string, string | number | boolean>;
  /** What the host knows about the resource: where it is and whose it is. */
  resourceAttributes?: { location?: string; owner?: string };
}

/** The authorizer's answer, with a reason for logs and refusals. */
export interface AuthorizationDecision {
  allowed: boolean;
  /** Why, for the audit log and the player-facing message. */
  reason: string;
}

/** Decides every command dispatch and plugin call into the host; the policy hooks are optional. */
export interface Authorizer {
  /** Decides one request. */
  authorize(request: AuthorizationRequest): AuthorizationDecision | Promise<AuthorizationDecision>;
  /** Installs a plugin's manifest permissions and policies; throws to refuse the plugin. */
  installPolicies?(manifest: PluginManifest): void;
  /** Removes them; given a manifest, only while that manifest is the installed one. */
  removePolicies?(plugin: string | PluginManifest): boolean;
}
