/**
 * Bounds on a plugin.yaml, checked while lexing and on the YAML token tree,
 * before the document is composed. The `yaml` library spends a few µs per
 * token, composes recursively (deep nesting overflows the stack), checks
 * duplicate keys pairwise (a flat mapping costs O(n²)) and resolves each alias
 * by walking the whole document (O(aliases × nodes)), so each of those is
 * capped here, far above any hand-written manifest.
 */
import { CST, Lexer, LineCounter, Parser } from "yaml";
import { HostError, HostErrorCode } from "../errors.js";

/** A manifest larger than this is refused unread: it is not a hand-written plugin.yaml. */
export const MANIFEST_MAX_BYTES = 1024 * 1024;
/**
 * Lexical tokens (scalars, indicators, line breaks, comments…): bounds the
 * parser's time (a few µs each) and the number of values. The example
 * manifests hold 100–450.
 */
export const MANIFEST_MAX_TOKENS = 20_000;
/** Collections nested inside each other (the root mapping is depth 1). */
export const MANIFEST_MAX_DEPTH = 32;
/** Entries in one mapping. */
export const MANIFEST_MAX_KEYS = 1_000;
/** Alias references (`*name`) in the whole file. */
export const MANIFEST_MAX_ALIASES = 100;
/** Values copied by alias expansion when converting (the `yaml` library's `maxAliasCount`): stops a billion laughs. */
export const MANIFEST_MAX_ALIAS_EXPANSION = 1_000;

type Limit = "bytes" | "tokens" | "depth" | "keys" | "aliases";

/** YAML parsed to its token tree (CST) within the limits, ready to compose; lines maps offsets to positions. */
export interface BoundedYaml {
  tokens: CST.Token[];
  lines: LineCounter;
}

/**
 * Parses text to its token tree, or returns the first limit it exceeds as a
 * MANIFEST_LIMIT_EXCEEDED error naming the file (and the line where it was hit).
 */
export function parseWithinLimits(text: string, file: string): BoundedYaml | HostError {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MANIFEST_MAX_BYTES) {
    return exceeded(file, "bytes", `is ${bytes} bytes; a plugin.yaml may be at most ${MANIFEST_MAX_BYTES} bytes`);
  }
  const lines = new LineCounter();
  lines.addNewLine(0); // Parser.parse() records line 1 itself; next() does not.
  const at = (offset: number) => lines.linePos(offset);
  const parser = new Parser(lines.addNewLine);
  const documents: CST.Token[] = [];
  let tokens = 0;
  let aliases = 0;
  // Feed the parser one lexeme at a time so hostile input is refused part-way, not after a full parse.
  for (const lexeme of new Lexer().lex(text)) {
    if (++tokens > MANIFEST_MAX_TOKENS) {
      return exceeded(file, "tokens", `holds more than ${MANIFEST_MAX_TOKENS} YAML tokens`, at(parser.offset));
    }
    if (lexeme.startsWith("*") && ++aliases > MANIFEST_MAX_ALIASES) {
      return exceeded(file, "aliases", `uses more than ${MANIFEST_MAX_ALIASES} aliases`, at(parser.offset));
    }
    for (const token of parser.next(lexeme)) documents.push(token);
    if (parser.stack.length > MANIFEST_MAX_DEPTH && parser.stack.filter(CST.isCollection).length > MANIFEST_MAX_DEPTH) {
      return exceeded(file, "depth", `nests collections more than ${MANIFEST_MAX_DEPTH} deep`, at(parser.offset));
    }
  }
  for (const token of parser.end()) documents.push(token);
  // Iterative walk with an explicit stack: the tree can be as deep as the input allows.
  const stack = documents.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop() as { token: CST.Token; depth: number };
    switch (token.type) {
      case "document":
        if (token.value) stack.push({ token: token.value, depth });
        break;
      case "block-map":
      case "block-seq":
      case "flow-collection": {
        const inner = depth + 1;
        if (inner > MANIFEST_MAX_DEPTH) {
          return exceeded(file, "depth", `nests collections more than ${MANIFEST_MAX_DEPTH} deep`, at(token.offset));
        }
        const isMap = token.type === "block-map" || (token.type === "flow-collection" && token.start.source === "{");
        if (isMap && token.items.length > MANIFEST_MAX_KEYS) {
          return exceeded(file, "keys", `has a mapping with more than ${MANIFEST_MAX_KEYS} keys`, at(token.offset));
        }
        for (const item of token.items) {
          if (item.key) stack.push({ token: item.key, depth: inner });
          if (item.value) stack.push({ token: item.value, depth: inner });
        }
        break;
      }
      default:
        // Scalars and aliases hold nothing; comments, directives and error
        // tokens are left to the composer, which reports syntax errors.
        break;
    }
  }
  return { tokens: documents, lines };
}

function exceeded(file: string, limit: Limit, message: string, position?: { line: number; col: number }): HostError {
  const where = position ? ` (at line ${position.line}, column ${position.col})` : "";
  const details: Record<string, string> = { limit };
  if (position) Object.assign(details, { line: String(position.line), column: String(position.col) });
  return new HostError(HostErrorCode.MANIFEST_LIMIT_EXCEEDED, `${message}${where}`, { file, details });
}
