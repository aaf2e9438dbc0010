/**
 * NATS subjects for event streams: `location:room1` → `holomush.events.location.room1`.
 * Each `:`-separated part becomes one subject token; characters NATS gives a
 * meaning to (`.`, `*`, `>`, whitespace) and anything outside [A-Za-z0-9-]
 * are written `_XX` (UTF-8 bytes in hex), so two streams never share a subject.
 */
export const EVENT_SUBJECT_PREFIX = "holomush.events";

const PLAIN = /^[A-Za-z0-9-]$/;

/** One NATS subject token for any text (a stream part, a plugin name). */
export function subjectToken(part: string): string {
  if (part.length === 0) return "_";
  let token = "";
  for (const char of part) {
    if (PLAIN.test(char)) {
      token += char;
      continue;
    }
    for (const byte of Buffer.from(char, "utf8")) token += `_${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return token;
}

/** The subject an event of `stream` is published on. */
export function eventSubject(stream: string): string {
  return `${EVENT_SUBJECT_PREFIX}.${stream.split(":").map(subjectToken).join(".")}`;
}
