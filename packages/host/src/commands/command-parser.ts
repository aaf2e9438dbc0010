/**
 * Turns what a player typed into a command name and its arguments. MUSH
 * shorthands: `"hello` is `say hello`, `:waves` is `pose waves`; any other
 * leading punctuation is looked up as a one-character alias (`;'s hat`).
 */
import { HostError, HostErrorCode } from "../errors.js";
import { stripControlCharacters } from "./control-characters.js";

/** A command's arguments are at most `maxArgsBytes` UTF-8 bytes (longer lines are refused with COMMAND_INVALID). */
export const COMMAND_LIMITS = { maxArgsBytes: 8192 } as const;

/** A command line split into the command and its arguments. */
export interface ParsedCommand {
  /** Lower-cased command name or alias as typed. */
  name: string;
  /** Everything after the name, leading whitespace removed. */
  args: string;
  /** The whole line as typed (trimmed). */
  invokedAs: string;
}

const SHORTHANDS: Record<string, string> = { '"': "say", ":": "pose" };
/** Any other leading punctuation is a one-character prefix alias (HoloMUSH's `;` semipose). */
const PREFIX = /^[!-/:-@[-`{-~]/;

/**
 * Splits a typed line into command name and arguments, expanding the `"` (say) and `:` (pose) shorthands; undefined for an empty line.
 */
export function parseCommandLine(line: string): ParsedCommand | undefined {
  // Controls never reach a plugin, so no answer or event can echo them back to anyone.
  const invokedAs = stripControlCharacters(line).trim();
  if (invokedAs.length === 0) return undefined;
  const first = invokedAs[0] as string;
  const shorthand = SHORTHANDS[first] ?? (PREFIX.test(first) ? first : undefined);
  let name: string;
  let args: string;
  if (shorthand !== undefined) {
    name = shorthand;
    args = invokedAs.slice(1).trimStart();
  } else {
    const match = /^(\S+)\s*([\s\S]*)$/.exec(invokedAs);
    name = (match?.[1] ?? invokedAs).toLowerCase();
    args = match?.[2] ?? "";
  }
  if (Buffer.byteLength(args, "utf8") > COMMAND_LIMITS.maxArgsBytes) {
    throw new HostError(
      HostErrorCode.COMMAND_INVALID,
      `arguments are longer than ${COMMAND_LIMITS.maxArgsBytes} bytes`,
      { field: "args" },
    );
  }
  return { name, args, invokedAs };
}
