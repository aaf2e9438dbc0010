/**
 * A bounded line splitter for bytes from a socket or a pipe. readline keeps
 * an unterminated line in memory without limit (a client that never sent a
 * newline grew the host to `RangeError: Invalid string length`); this one
 * holds at most `maxLineBytes` of an unfinished line, then reports the line
 * as overlong once and drops its bytes up to the next newline. Lines are
 * decoded as UTF-8 with invalid sequences replaced (U+FFFD), never thrown on.
 */
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/** What a line buffer yields: a complete line, or the size of one that was too long (dropped). */
export type LineItem = { kind: "line"; line: string } | { kind: "overlong"; bytes: number };

/** Splits a byte stream into lines of at most a given length, holding little for an overlong one. */
export interface LineBuffer {
  /** Adds bytes. Complete lines wait in the buffer until taken with next(). */
  push(chunk: Buffer): void;
  /** The next complete line, or an overlong report (once per overlong line), or undefined when none is ready. */
  next(): LineItem | undefined;
  /** Bytes held: complete lines not taken yet plus the unfinished one (never more than one chunk beyond the limit). */
  readonly bufferedBytes: number;
  /** Takes the unfinished line at end of input, if any. */
  rest(): string | undefined;
}

/** A line buffer that reports (and drops) lines longer than `maxLineBytes` bytes. */
export function createLineBuffer(maxLineBytes: number): LineBuffer {
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let held: Buffer = Buffer.alloc(0);
  let extra: Buffer[] = [];
  let buffered = 0;
  /** Dropping an overlong line's bytes until its newline. */
  let discarding = false;

  const bytes = (): Buffer => {
    if (extra.length > 0) {
      held = Buffer.concat([held, ...extra], buffered);
      extra = [];
    }
    return held;
  };
  const consume = (upTo: number) => {
    held = bytes().subarray(upTo);
    buffered = held.length;
  };
  const withoutReturn = (raw: Buffer) =>
    raw.length > 0 && raw[raw.length - 1] === RETURN ? raw.subarray(0, raw.length - 1) : raw;

  return {
    push(chunk) {
      if (discarding) {
        const end = chunk.indexOf(NEWLINE);
        if (end < 0) return;
        discarding = false;
        chunk = chunk.subarray(end + 1);
      }
      if (chunk.length === 0) return;
      extra.push(chunk);
      buffered += chunk.length;
    },
    next() {
      if (buffered === 0) return undefined;
      const all = bytes();
      const end = all.indexOf(NEWLINE);
      if (end >= 0) {
        const raw = withoutReturn(all.subarray(0, end));
        consume(end + 1);
        if (raw.length > maxLineBytes) return { kind: "overlong", bytes: raw.length };
        return { kind: "line", line: decoder.decode(raw) };
      }
      if (withoutReturn(all).length > maxLineBytes) {
        // Too long already and no newline: report it now, drop the rest as it comes.
        const held = buffered;
        consume(buffered);
        discarding = true;
        return { kind: "overlong", bytes: held };
      }
      return undefined;
    },
    get bufferedBytes() {
      return buffered;
    },
    rest() {
      if (buffered === 0) return undefined;
      const line = decoder.decode(withoutReturn(bytes()));
      consume(buffered);
      return line;
    },
  };
}
