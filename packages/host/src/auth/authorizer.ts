/**
 * The authorization seam. The host asks before every command dispatch and
 * every plugin call into the host. The host's default is the Cedar
 * authorizer (cedar-authorizer.ts): default deny, a plugin may do what its
 * manifest declares and its policies allow. createManifestAuthorizer is the
 * policy-free alternative.
 */
import type { PluginManifest } from "../manifest/manifest.js";

export type PrincipalKind = "character" | "plugin" | "system";

export interface Principal {
  kind: PrincipalKind;
  id: string;
}

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

export interface AuthorizationDecision {
  allowed: boolean;
  /** Why, for the audit log and the player-facing message. */
  reason: string;
}

export interface Authorizer {
  authorize(request: AuthorizationRequest): AuthorizationDecision | Promise<AuthorizationDecision>;
  /** Installs a plugin's manifest permissions and policies; throws to refuse the plugin. */
  installPolicies?(manifest: PluginManifest): void;
  /** Removes them; given a manifest, only while that manifest is the installed one. */
  removePolicies?(plugin: string | PluginManifest): boolean;
}
