/**
 * The authorization seam. The host asks before every command dispatch and
 * every plugin call into the host. The default allows exactly what a
 * plugin's manifest declares; the policy issue replaces it with Cedar.
 */
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
}

export interface AuthorizationDecision {
  allowed: boolean;
  /** Why, for the audit log and the player-facing message. */
  reason: string;
}

export interface Authorizer {
  authorize(request: AuthorizationRequest): AuthorizationDecision | Promise<AuthorizationDecision>;
}
