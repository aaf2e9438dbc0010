/**
 * FocusKind policies: for each kind of focus target (scenes today, mail or
 * admin views later) the host, not the plugin, decides which streams a
 * membership watches, how each is replayed on join, and who may join.
 */
import { FocusKind } from "@holomush/proto";
import { HostError, HostErrorCode } from "../errors.js";
import type { Session } from "./session.js";

/**
 * One stream a membership watches, and how it is replayed on join (`tail`: the newest `tailCount` events; `live`: none).
 */
export interface FocusStreamSpec {
  stream: string;
  /** `tail`: the newest `tailCount` events are replayed on join; `live`: only new events. */
  replay: "tail" | "live";
  /** For `tail`; absent means the history default (50); clamped to 500. */
  tailCount?: number;
}

/** The host's policy for one focus kind: the streams a membership watches and who may join. */
export interface FocusKindPolicy {
  kind: FocusKind;
  /** Streams for a target; throw to refuse a malformed target id. */
  streams(targetId: string): FocusStreamSpec[];
  /** Throw to refuse the join; the coordinator reports FOCUS_POLICY_FAILED with the cause. */
  authorizeJoin?(session: Session, targetId: string): void | Promise<void>;
}

/** The focus kinds the host knows, by kind. */
export interface FocusKindRegistry {
  /** FOCUS_KIND_DUPLICATE when the kind already has a policy; INVALID_ARGUMENT for UNSPECIFIED. */
  register(policy: FocusKindPolicy): void;
  /** The policy of a kind, or undefined. */
  get(kind: FocusKind): FocusKindPolicy | undefined;
  /** True when the kind is registered. */
  has(kind: FocusKind): boolean;
  /** Like `get`, but FOCUS_KIND_UNREGISTERED when missing. */
  require(kind: FocusKind): FocusKindPolicy;
  /** Every registered kind. */
  kinds(): FocusKind[];
}

export interface FocusKindRegistryOptions {
  /** Policies registered up front, as if by `register`. Default none. */
  policies?: FocusKindPolicy[];
}

export function createFocusKindRegistry(options: FocusKindRegistryOptions = {}): FocusKindRegistry {
  const policies = new Map<FocusKind, FocusKindPolicy>();

  const registry: FocusKindRegistry = {
    register(policy) {
      if (policy.kind === FocusKind.UNSPECIFIED || FocusKind[policy.kind] === undefined) {
        throw new HostError(HostErrorCode.INVALID_ARGUMENT, `cannot register a policy for focus kind ${policy.kind}`, {
          field: "kind",
        });
      }
      if (policies.has(policy.kind)) {
        throw new HostError(
          HostErrorCode.FOCUS_KIND_DUPLICATE,
          `focus kind ${FocusKind[policy.kind]} already has a policy`,
          { details: { kind: FocusKind[policy.kind] } },
        );
      }
      policies.set(policy.kind, policy);
    },
    get: (kind) => policies.get(kind),
    has: (kind) => policies.has(kind),
    require(kind) {
      const policy = policies.get(kind);
      if (!policy) {
        const name = FocusKind[kind] ?? String(kind);
        throw new HostError(HostErrorCode.FOCUS_KIND_UNREGISTERED, `no policy is registered for focus kind ${name}`, {
          details: { kind: name },
        });
      }
      return policy;
    },
    kinds: () => [...policies.keys()],
  };
  for (const policy of options.policies ?? []) registry.register(policy);
  return registry;
}
