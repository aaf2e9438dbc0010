import { describe, expect, it } from "vitest";
import { resetStylesAtEnd, stripControlCharacters, stripControlCharactersKeepStyles } from "./control-characters.js";

describe("control characters", () => {
  it("drops every control from a typed line, styles included", () => {
    expect(stripControlCharacters("\u001b[31mred\u0007\ttab\u202e")).toBe("[31mred tab");
  });

  it("keeps a plugin answer's complete colour sequences and drops every other control", () => {
    expect(stripControlCharactersKeepStyles("\u001b[1mb\u001b[0m \u001b[38;5;123m!\r\nnext")).toBe(
      "\u001b[1mb\u001b[0m \u001b[38;5;123m!\nnext",
    );
    // Screen clear, cursor moves, a title change (OSC), an unfinished SGR, a bell, bidi: all lose their controls.
    expect(
      stripControlCharactersKeepStyles("\u001b[2J\u001b[10;1H\u001b]0;pwned\u0007\u001b[31\u0008x\u202e\u001b[;m"),
    ).toBe("[2J[10;1H]0;pwned[31x\u001b[;m");
    // A parameter run too long to be a colour is not kept whole.
    expect(stripControlCharactersKeepStyles(`\u001b[${"1;".repeat(40)}m`)).toBe(`[${"1;".repeat(40)}m`);
  });

  it("resets styles after styled text only", () => {
    expect(resetStylesAtEnd("\u001b[31mred")).toBe("\u001b[31mred\u001b[0m");
    expect(resetStylesAtEnd("plain")).toBe("plain");
  });
});
