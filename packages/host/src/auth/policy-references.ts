/**
 * Which attribute names a set of policies can read. An attribute no policy
 * names cannot change a decision (Cedar reads attributes only by name, and
 * entity equality compares ids), so the authorizer sends Cedar only the
 * named ones: less JSON crosses into wasm, and the decision cache stops
 * telling apart requests that differ only in what nobody reads (the
 * session id, for one).
 *
 * The whole `context` is kept when a policy uses it as a value
 * (`context == {…}`), since then every key matters.
 */
import type { PolicyJson } from "./cedar-engine.js";

export interface PolicyReferences {
  /** Attribute names read through `.` or tested with `has`, on any entity or record. */
  attributes: ReadonlySet<string>;
  /** True when some policy uses `context` other than to read or test one attribute. */
  wholeContext: boolean;
}

export function policyReferences(policies: readonly PolicyJson[]): PolicyReferences {
  const attributes = new Set<string>();
  let wholeContext = false;

  function visit(node: unknown, accessed: boolean): void {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, false);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.Var === "context" && !accessed) wholeContext = true;
    for (const [key, value] of Object.entries(record)) {
      if ((key === "." || key === "has") && typeof value === "object" && value !== null) {
        const access = value as { left?: unknown; attr?: unknown };
        if (typeof access.attr === "string") attributes.add(access.attr);
        // `has a.b.c` (a path) is a list of names.
        if (Array.isArray(access.attr))
          for (const name of access.attr) if (typeof name === "string") attributes.add(name);
        visit(access.left, true);
        continue;
      }
      visit(value, false);
    }
  }

  for (const policy of policies) for (const clause of policy.conditions) visit(clause.body, false);
  return { attributes, wholeContext };
}
