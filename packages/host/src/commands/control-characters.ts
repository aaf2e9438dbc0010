/**
 * Control characters in player-facing text. A player's line and a plugin's
 * answer are shown on other people's terminals: ESC sequences, backspaces,
 * bells and bidi overrides would let one redraw or spoof another's screen,
 * so they are dropped on the way in and on the way out (tabs become spaces).
 * Format characters that text needs (ZWJ in emoji, soft hyphens) stay.
 * A plugin's answer may keep complete colour/style sequences (SGR, `ESC [ … m`,
 * what `holo.fmt` writes): they change how text looks, never where it goes.
 */

// C0 and C1 controls and DEL (\p{Cc}), plus the bidi embeddings, overrides and isolates.
const CONTROLS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

/** One typed line: every control goes (a tab becomes a space). */
export function stripControlCharacters(line: string): string {
  return line.replace(CONTROLS, (char) => (char === "\t" ? " " : ""));
}

// One complete SGR sequence (bounded: 38;2;r;g;b fits), or one control to drop.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ESC is the point.
const STYLE_OR_CONTROL = /(\u001b\[[0-9;]{0,32}m)|[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

/**
 * A plugin's answer: line breaks and complete SGR colour/style sequences stay;
 * every other control goes (a cursor move or screen clear loses its ESC).
 */
export function stripControlCharactersKeepStyles(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(STYLE_OR_CONTROL, (match, style) => style ?? (match === "\t" ? " " : "")))
    .join("\n");
}

/** Ends styled text with a reset, so a colour a plugin left open does not tint the next lines. */
export function resetStylesAtEnd(text: string): string {
  return text.includes("\u001b[") ? `${text}\u001b[0m` : text;
}
