import { describe, expect, it } from "vitest";
import { HostErrorCode } from "../../errors.js";
import { testWorldDirectory } from "../../host/__fixtures__/game-options.js";
import { createWorld } from "../../host/__fixtures__/test-world.js";
import { createWorldObjects, WORLD_OBJECT_LIMITS } from "./lua-object-store.js";

describe("world objects", () => {
  it("follow their carrier and container to a location", () => {
    const world = createWorld();
    const objects = createWorldObjects(testWorldDirectory(world));
    const alice = world.characterNamed("Alice");
    const bag = objects.create({ name: "bag", description: "", characterId: alice.id }, "p");
    const coin = objects.create({ name: "coin", description: "", containerId: bag.id }, "p");
    expect(objects.locationOf(coin)).toBe(world.startLocationId);
    const exit = world.getLocation(world.startLocationId).exits[0];
    world.move(alice.id, exit?.name ?? "");
    expect(objects.locationOf(objects.get(coin.id))).toBe(exit?.toLocationId);
  });

  it("refuses unknown places and a full world, without growing", () => {
    const world = createWorld();
    const objects = createWorldObjects(testWorldDirectory(world));
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return undefined;
    };
    expect(code(() => objects.create({ name: "x", description: "", locationId: "nowhere" }, "p"))).toBe(
      HostErrorCode.INVALID_ARGUMENT,
    );
    expect(code(() => objects.create({ name: "x", description: "", containerId: "none" }, "p"))).toBe(
      HostErrorCode.INVALID_ARGUMENT,
    );
    const at = { name: "pebble", description: "", locationId: world.startLocationId };
    for (let i = 0; i < WORLD_OBJECT_LIMITS.maxObjects; i++) objects.create(at, "flood");
    expect(code(() => objects.create(at, "flood"))).toBe(HostErrorCode.INVALID_ARGUMENT);
  });
});
