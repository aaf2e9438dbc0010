import { describe, expect, it } from "vitest";
import { createWorld } from "./world.js";

describe("character names", () => {
  it("accepts accented Latin names and stores them in one normal form", () => {
    const world = createWorld();
    const zoe = world.characterNamed("Zoë");
    expect(zoe.name).toBe("Zoë");
    // "Zoe" + U+0308 (combining diaeresis) and another case are the same character.
    expect(world.findCharacter("zoe\u0308")?.id).toBe(zoe.id);
    expect(world.characterNamed("ZOË").id).toBe(zoe.id);
    expect(world.characterNamed("Þóra_2").name).toBe("Þóra_2");
  });

  it("folds fullwidth forms into plain ones", () => {
    const world = createWorld();
    const admin = world.characterNamed("Admin");
    expect(world.characterNamed("Ａｄｍｉｎ").id).toBe(admin.id);
  });

  it("refuses look-alike letters of other scripts, spaces and symbols, with a coded error", () => {
    const world = createWorld();
    for (const name of ["Аdmin", "Zoë Smith", "Zoë!", "9lives", "", "a".repeat(33), "名前"]) {
      expect(() => world.characterNamed(name), name).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    }
  });
});
