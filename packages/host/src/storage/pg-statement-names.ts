/**
 * Names for the `pg` adapter's prepared statements. Given a name, node-postgres
 * prepares a statement once per connection and afterwards only binds and
 * executes it; unnamed, the server parses and plans every call again, which
 * for the host's short statements is about half their time (a KV get 121–180
 * → 66–75 µs; docs/storage.md).
 *
 * Only statements with parameters are named — the host's are fixed texts —
 * and at most `limit` distinct texts, so a caller sending ever-new texts
 * cannot grow each connection's statement cache without bound.
 */

/** Distinct texts named at most; later new texts run unnamed. */
export const MAX_NAMED_STATEMENTS = 256;

/** The statement name for `text`, or undefined when it runs unnamed. */
export type StatementNames = (text: string, paramCount: number) => string | undefined;

export function createStatementNames(limit = MAX_NAMED_STATEMENTS): StatementNames {
  const names = new Map<string, string>();
  return (text, paramCount) => {
    if (paramCount === 0) return undefined;
    let name = names.get(text);
    if (name === undefined && names.size < limit) {
      name = `holomush_${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
}

/** SQLSTATE of "cached plan must not change result type": a named statement outlived a change to its table. */
export const STALE_PLAN = "0A000";
