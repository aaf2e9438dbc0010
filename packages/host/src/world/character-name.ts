/**
 * Which names a character may have. Latin letters with their accents (Zoë,
 * José, Þóra), digits, _ and -, after NFKC normalization (so "Zoe" + a
 * combining diaeresis and a fullwidth "Ａ" are the same names as their plain
 * forms). One script keeps look-alike names out: a Cyrillic "а" in "Аdmin"
 * is refused rather than shadowing "Admin".
 */
import { HostError, HostErrorCode } from "../errors.js";
import { normalCharacterName } from "./character-store.js";

const CHARACTER_NAME = /^\p{Script=Latin}[\p{Script=Latin}0-9_-]{0,31}$/u;

/** Throws INVALID_ARGUMENT when `name` cannot be a character's name. */
export function checkCharacterName(name: string): void {
  if (!CHARACTER_NAME.test(normalCharacterName(name))) {
    throw new HostError(
      HostErrorCode.INVALID_ARGUMENT,
      "a character name is 1-32 letters (Latin, accents allowed), digits, _ or -, starting with a letter",
      { field: "name" },
    );
  }
}
