/**
 * The runnable parts of a Markdown page, so docs are executed and cannot
 * drift: a fenced block right after `<!-- file: PATH -->` (optionally
 * `mode=755`) is a file to write at PATH; one after `<!-- transcript -->` is a
 * console session, where `> ` lines are typed and the others are answers (a
 * trailing `...` means "starts with").
 */

const MARKED_BLOCK = /<!--\s*(file:\s*(\S+)(?:\s+mode=([0-7]{3}))?|transcript)\s*-->\s*\n```[^\n]*\n([\s\S]*?)```/g;

/** @returns {Array<{kind: "file", path: string, mode?: number, text: string} | {kind: "transcript", steps: Array<{type: string} | {expect: string, prefix: boolean}>}>} */
export function docBlocks(markdown) {
  const blocks = [];
  for (const match of markdown.matchAll(MARKED_BLOCK)) {
    const [, marker, path, mode, text] = match;
    if (marker === "transcript") {
      blocks.push({ kind: "transcript", steps: transcriptSteps(text) });
    } else {
      if (path.startsWith("/") || path.split("/").includes("..")) throw new Error(`doc file path escapes: ${path}`);
      blocks.push({ kind: "file", path, ...(mode ? { mode: Number.parseInt(mode, 8) } : {}), text });
    }
  }
  return blocks;
}

function transcriptSteps(text) {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => {
      if (line.startsWith("> ")) return { type: line.slice(2) };
      const prefix = line.endsWith("...");
      return { expect: prefix ? line.slice(0, -3).trimEnd() : line, prefix };
    });
}
