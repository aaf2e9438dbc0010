import { describe, expect, it } from "vitest";
import { createCharacterDirectory, UNPLACED_LOCATION_ID } from "./character-directory.js";
import { createMemoryCharacterStore } from "./character-store.js";

describe("the engine's default directory", () => {
  it("binds a name to one stable id kept in the character store, placed nowhere", async () => {
    const store = createMemoryCharacterStore();
    const alice = await createCharacterDirectory(store).resolveCharacter("Alice");
    expect(alice.locationId).toBe(UNPLACED_LOCATION_ID);
    expect(await store.list()).toEqual([{ id: alice.id, name: "Alice" }]);
    // A fresh directory on the same store (a restarted host) gives the name its id again.
    const again = createCharacterDirectory(store);
    expect((await again.resolveCharacter("ALICE")).id).toBe(alice.id);
    expect(again.locationOf(alice.id)).toBe(UNPLACED_LOCATION_ID);
    expect(again.locationOf("someone-else")).toBeUndefined();
  });

  it("has no rooms: the location methods a world offers are absent", () => {
    const directory = createCharacterDirectory(createMemoryCharacterStore());
    expect(directory.describeLocation).toBeUndefined();
    expect(directory.charactersAt).toBeUndefined();
    expect(directory.createLocation).toBeUndefined();
  });
});

describe("character names", () => {
  it("accepts accented Latin names and stores them in one normal form", async () => {
    const directory = createCharacterDirectory(createMemoryCharacterStore());
    const zoe = await directory.resolveCharacter("Zoë");
    expect(zoe.name).toBe("Zoë");
    // "Zoe" + U+0308 (combining diaeresis) and another case are the same character.
    expect((await directory.resolveCharacter("zoe\u0308")).id).toBe(zoe.id);
    expect((await directory.resolveCharacter("ZOË")).id).toBe(zoe.id);
    expect((await directory.resolveCharacter("Þóra_2")).name).toBe("Þóra_2");
  });

  it("folds fullwidth forms into plain ones", async () => {
    const directory = createCharacterDirectory(createMemoryCharacterStore());
    const admin = await directory.resolveCharacter("Admin");
    expect((await directory.resolveCharacter("Ａｄｍｉｎ")).id).toBe(admin.id);
  });

  it("refuses look-alike letters of other scripts, spaces and symbols, with a coded error", async () => {
    const directory = createCharacterDirectory(createMemoryCharacterStore());
    for (const name of ["Аdmin", "Zoë Smith", "Zoë!", "9lives", "", "a".repeat(33), "名前"]) {
      await expect(directory.resolveCharacter(name), name).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    }
  });
});
