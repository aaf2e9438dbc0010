/**
 * Stream names and stream patterns (docs/events.md, "Stream patterns").
 *
 * A pattern's `*` matches any sequence of characters, including the empty
 * one, wherever it appears (`location:*`, `scene:*:ic`, `*`). A pattern
 * without `*` matches exactly one stream; the empty pattern matches only the
 * empty stream.
 */
/** Size limits shared by the emit fence and the bus. */
export const EVENT_LIMITS = {
  /** Longest stream name or pattern, in characters. */
  maxStreamLength: 256,
  /** Largest payload, in UTF-8 bytes (64 KiB). */
  maxPayloadBytes: 64 * 1024,
} as const;

// Whitespace, C0/C1 controls and other invisible format characters.
const FORBIDDEN_STREAM_CHAR = /[\s\p{Cc}\p{Cf}]/u;

/** True when `stream` matches `pattern`, whose `*` matches any run of characters (`location:*`, `scene:*:ic`, `*`). */
export function matchStreamPattern(pattern: string, stream: string): boolean {
  const firstStar = pattern.indexOf("*");
  if (firstStar === -1) return pattern === stream;
  const parts = pattern.split("*");
  const head = parts[0] ?? "";
  const tail = parts[parts.length - 1] ?? "";
  if (stream.length < head.length + tail.length) return false;
  if (!stream.startsWith(head) || !stream.endsWith(tail)) return false;
  // Middle literals: leftmost matching is enough for `*`-only globs, since a
  // later position can never help a following literal match.
  let position = head.length;
  const end = stream.length - tail.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const literal = parts[i] ?? "";
    if (literal.length === 0) continue;
    const found = stream.indexOf(literal, position);
    if (found === -1 || found + literal.length > end) return false;
    position = found + literal.length;
  }
  return true;
}

/**
 * A pattern with a `*` before its end (`scene:*:ic`), split once at
 * subscribe time: matching is then a few compares, with no split and no
 * array per event.
 */
export interface CompiledStreamPattern {
  /** Text before the first `*`. */
  readonly head: string;
  /** Text after the last `*`. */
  readonly tail: string;
  /** The non-empty literals between `*`s, in order. */
  readonly middles: readonly string[];
  /** head + tail + middles: no shorter stream can match. */
  readonly minLength: number;
}

/** Splits a pattern with at least one `*` for matchCompiledPattern. */
export function compileStreamPattern(pattern: string): CompiledStreamPattern {
  const parts = pattern.split("*");
  const head = parts[0] ?? "";
  const tail = parts.length > 1 ? (parts[parts.length - 1] ?? "") : "";
  const middles = parts.slice(1, -1).filter((part) => part.length > 0);
  const minLength = head.length + tail.length + middles.reduce((sum, part) => sum + part.length, 0);
  return { head, tail, middles, minLength };
}

/** matchStreamPattern for a compiled pattern (same answers; see stream-pattern.test.ts). */
export function matchCompiledPattern(compiled: CompiledStreamPattern, stream: string): boolean {
  const { head, tail, middles } = compiled;
  if (stream.length < compiled.minLength || !stream.startsWith(head) || !stream.endsWith(tail)) return false;
  // Leftmost matching is enough for `*`-only globs (see matchStreamPattern).
  let position = head.length;
  const end = stream.length - tail.length;
  for (let i = 0; i < middles.length; i++) {
    const literal = middles[i] as string;
    const found = stream.indexOf(literal, position);
    if (found === -1 || found + literal.length > end) return false;
    position = found + literal.length;
  }
  return true;
}

/** Collapses runs of `*` (`a**` ≡ `a*`) so equivalent patterns share one shape. */
export function normalizeStreamPattern(pattern: string): string {
  return pattern.includes("**") ? pattern.replace(/\*{2,}/g, "*") : pattern;
}

/** A stream a plugin or the host may publish to: non-empty, no `*`, no whitespace or controls, ≤ 256 chars. */
export function isValidStream(stream: string): boolean {
  return streamProblem(stream) === undefined;
}

/** Why a stream name is refused, or undefined when it is fine. */
export function streamProblem(stream: string): string | undefined {
  if (stream.length === 0) return "stream is empty";
  if (stream.length > EVENT_LIMITS.maxStreamLength) {
    return `stream is ${stream.length} characters long (at most ${EVENT_LIMITS.maxStreamLength})`;
  }
  if (FORBIDDEN_STREAM_CHAR.test(stream))
    return `stream ${JSON.stringify(stream)} contains whitespace or control characters`;
  if (stream.includes("*")) return `stream ${JSON.stringify(stream)} contains "*", which is reserved for patterns`;
  return undefined;
}

/**
 * Why a subscription pattern (e.g. a manifest's `events[].stream`) is
 * refused, or undefined when it is fine. The empty pattern is allowed: it
 * matches only the empty stream. Callers choose the error code.
 */
export function validateStreamPattern(pattern: string): string | undefined {
  if (pattern.length > EVENT_LIMITS.maxStreamLength) {
    return `stream pattern is ${pattern.length} characters long (at most ${EVENT_LIMITS.maxStreamLength})`;
  }
  if (FORBIDDEN_STREAM_CHAR.test(pattern)) {
    return `stream pattern ${JSON.stringify(pattern)} contains whitespace or control characters`;
  }
  return undefined;
}

/** The namespace of a stream: the text before the first `:`, or the whole stream. */
export function streamNamespace(stream: string): string {
  const colon = stream.indexOf(":");
  return colon === -1 ? stream : stream.slice(0, colon);
}
