/**
 * Control characters in player-facing text. A player's line and a plugin's
 * answer are shown on other people's terminals: ESC sequences, backspaces,
 * bells and bidi overrides would let one redraw or spoof another's screen,
 * so they are dropped on the way in and on the way out (tabs become spaces).
 * Format characters that text needs (ZWJ in emoji, soft hyphens) stay.
 */

// C0 and C1 controls and DEL (\p{Cc}), plus the bidi embeddings, overrides and isolates.
const CONTROLS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

/** One typed line: every control goes (a tab becomes a space). */
export function stripControlCharacters(line: string): string {
  return line.replace(CONTROLS, (char) => (char === "\t" ? " " : ""));
}

/** Text of several lines (command output): line breaks stay, other controls go. */
export function stripControlCharactersKeepLines(text: string): string {
  return text.split(/\r?\n/).map(stripControlCharacters).join("\n");
}
