/**
 * Objects beside the embedder's world: things with a name and a description
 * that lie in a location, are carried by a character or sit inside another
 * object. In memory, like the locations builders dig; they back the Lua
 * runtime's `world.query.QueryObject` and `world.mutation.CreateObject`
 * (docs/lua.md). Locations and characters are the host's WorldDirectory's;
 * the directory has no objects, so this store keeps them.
 */
import { HostError, HostErrorCode } from "../../errors.js";
import { createUlidFactory } from "../../ids/ulid-factory.js";
import type { WorldDirectory } from "../../world/world-directory.js";

/** One object and where it is: exactly one of locationId, characterId, containerId. */
export interface WorldObject {
  id: string;
  name: string;
  description: string;
  locationId?: string;
  characterId?: string;
  containerId?: string;
  /** The plugin that created it. */
  createdBy: string;
}

/** Where a new object goes, and what it is. */
export interface WorldObjectSpec {
  name: string;
  description: string;
  locationId?: string;
  characterId?: string;
  containerId?: string;
}

/** The world's objects (in memory). */
export interface WorldObjects {
  /** A new object with a fresh ULID; INVALID_ARGUMENT for a bad name, placement or a full world. */
  create(spec: WorldObjectSpec, createdBy: string): WorldObject;
  /** The object with this id; INVALID_ARGUMENT when there is none. */
  get(id: string): WorldObject;
  /** The location an object is in, following carriers and containers. */
  locationOf(object: WorldObject): string;
}

/** Bounds that keep one plugin from filling the host's memory. */
export const WORLD_OBJECT_LIMITS = { maxObjects: 100_000, maxName: 128, maxDescription: 4096 } as const;

export function createWorldObjects(directory: WorldDirectory): WorldObjects {
  const objects = new Map<string, WorldObject>();
  const nextId = createUlidFactory();
  const invalid = (message: string, field?: string) =>
    new HostError(HostErrorCode.INVALID_ARGUMENT, message, field === undefined ? {} : { field });

  function get(id: string): WorldObject {
    const object = objects.get(id);
    if (object === undefined) throw invalid(`no object "${id}"`, "object_id");
    return { ...object };
  }

  function placeOf(characterId: string): string {
    const location = directory.locationOf(characterId);
    if (location === undefined) throw invalid(`no character "${characterId}"`, "character_id");
    return location;
  }

  // An object lies only in a location the directory can describe.
  function checkLocation(locationId: string): void {
    if (directory.describeLocation === undefined) {
      throw new HostError(
        HostErrorCode.SERVICE_UNAVAILABLE,
        "this host's world directory does not offer describeLocation (WorldDirectory.describeLocation)",
        { field: "location_id" },
      );
    }
    if (directory.describeLocation(locationId) === undefined) {
      throw invalid(`no location "${locationId}"`, "location_id");
    }
  }

  function locationOf(object: WorldObject): string {
    let current = object;
    for (let hops = 0; hops <= objects.size; hops++) {
      if (current.locationId !== undefined) return current.locationId;
      if (current.characterId !== undefined) return placeOf(current.characterId);
      current = get(current.containerId as string);
    }
    throw invalid(`object "${object.id}" is inside itself`);
  }

  return {
    create(spec, createdBy) {
      const name = spec.name.trim();
      if (name === "" || name.length > WORLD_OBJECT_LIMITS.maxName) {
        throw invalid(`an object's name is 1-${WORLD_OBJECT_LIMITS.maxName} characters`, "name");
      }
      if (spec.description.length > WORLD_OBJECT_LIMITS.maxDescription) {
        throw invalid(
          `an object's description is at most ${WORLD_OBJECT_LIMITS.maxDescription} characters`,
          "description",
        );
      }
      const places = [spec.locationId, spec.characterId, spec.containerId].filter((p) => p !== undefined);
      if (places.length !== 1) throw invalid("give exactly one of location_id, character_id, container_id");
      if (objects.size >= WORLD_OBJECT_LIMITS.maxObjects) {
        throw invalid(`the world holds ${WORLD_OBJECT_LIMITS.maxObjects} objects already`);
      }
      if (spec.locationId !== undefined) checkLocation(spec.locationId);
      if (spec.characterId !== undefined) placeOf(spec.characterId);
      if (spec.containerId !== undefined) get(spec.containerId);
      const object: WorldObject = {
        id: nextId(),
        name,
        description: spec.description,
        ...(spec.locationId === undefined ? {} : { locationId: spec.locationId }),
        ...(spec.characterId === undefined ? {} : { characterId: spec.characterId }),
        ...(spec.containerId === undefined ? {} : { containerId: spec.containerId }),
        createdBy,
      };
      objects.set(object.id, object);
      return { ...object };
    },
    get,
    locationOf,
  };
}
