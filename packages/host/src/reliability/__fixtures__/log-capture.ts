/**
 * A real pino logger writing to memory: every line as written (to check its
 * raw JSON, e.g. for a key written twice) and parsed.
 */
import { type Logger, pino } from "pino";

export type LogLine = Record<string, unknown> & { msg?: string; plugin?: string; level?: number };

export interface LogCapture {
  logger: Logger;
  raw: string[];
  lines(): LogLine[];
}

export function captureLogs(level = "debug"): LogCapture {
  const raw: string[] = [];
  const logger = pino({ level }, { write: (text: string) => void raw.push(...text.split("\n").filter(Boolean)) });
  return { logger, raw, lines: () => raw.map((text) => JSON.parse(text) as LogLine) };
}

/** Top-level keys that appear more than once in one JSON object line (JSON.parse keeps only the last). */
export function duplicateKeys(line: string): string[] {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"') {
      let end = i + 1;
      while (line[end] !== '"') end += line[end] === "\\" ? 2 : 1;
      if (depth === 1 && expectKey) {
        const key = JSON.parse(line.slice(i, end + 1)) as string;
        if (seen.has(key)) duplicates.push(key);
        seen.add(key);
        expectKey = false;
      }
      i = end;
    } else if (char === "{" || char === "[") {
      depth++;
      expectKey = char === "{" && depth === 1;
    } else if (char === "}" || char === "]") {
      depth--;
    } else if (char === "," && depth === 1) {
      expectKey = true;
    }
  }
  return duplicates;
}
