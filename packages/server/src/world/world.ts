/**
 * The demo host's small built-in world: a few locations joined by exits and
 * the characters in them. It backs holomush.world.v1.WorldService, which the
 * host provides to plugins that `require` it.
 */
import { create } from "@bufbuild/protobuf";
import {
  characterNameKey,
  checkCharacterName,
  createUlidFactory,
  HostError,
  HostErrorCode,
  normalCharacterName,
} from "@holomush/host";
import { type Character, CharacterSchema, type Location, LocationSchema } from "@holomush/proto";

/** A location of the built-in world. */
export interface LocationSpec {
  /** The location's id. */
  id: string;
  /** The location's name. */
  name: string;
  /** What a character there sees. */
  description: string;
  /** Exits by name, to location ids. */
  exits: Record<string, string>;
}

/** The built-in world: locations joined by exits and the characters in them (backs WorldService). */
export interface World {
  readonly startLocationId: string;
  /** The location with this id; throws INVALID_ARGUMENT when there is none. */
  getLocation(id: string): Location;
  /** The character with this name (case-insensitive), created at the start location on first use. */
  characterNamed(name: string): Character;
  /**
   * A stored character (id and name kept across restarts) placed at the start
   * location; the one already known by that name when there is one.
   */
  adopt(record: { id: string; name: string }): Character;
  /** Throws INVALID_ARGUMENT when `name` cannot be a character's name. */
  checkName(name: string): void;
  /** The character with this id; throws INVALID_ARGUMENT when there is none. */
  getCharacter(id: string): Character;
  /** The character with this name (case-insensitive); NOT created when missing. */
  findCharacter(name: string): Character | undefined;
  /** The characters at a location. */
  charactersAt(locationId: string): Character[];
  /** Marks a character online or offline. */
  setOnline(characterId: string, online: boolean): void;
  /** Moves through an exit of the character's location; returns both ends. */
  move(characterId: string, exit: string): { from: Location; to: Location };
  /** Calls `listener` after every move; returns a function that removes it. */
  onMove(listener: (character: Character, from: Location, to: Location) => void): () => void;
  /** The location with this name (case-insensitive); undefined when none or more than one match. */
  findLocation(name: string): Location | undefined;
  /** Adds a location with a fresh ULID and no exits (builders' `dig`). */
  createLocation(spec: { name: string; description: string }): Location;
  /** Adds or replaces the exit `name` from one location to another; both must exist. */
  createExit(fromId: string, name: string, toId: string): void;
}

/** The demo world's locations. */
export const DEFAULT_LOCATIONS: readonly LocationSpec[] = [
  {
    id: "square",
    name: "Town Square",
    description: "A cobbled square around a dry fountain. A tavern lies north; a garden east.",
    exits: { north: "tavern", east: "garden" },
  },
  {
    id: "tavern",
    name: "The Salty Mug",
    description: "A low-beamed tavern that smells of pipe smoke and spilled ale.",
    exits: { south: "square" },
  },
  {
    id: "garden",
    name: "Quiet Garden",
    description: "Hedges, a sundial and a bench under an old oak.",
    exits: { west: "square" },
  },
];

/** A world with the given locations (default DEFAULT_LOCATIONS) and no characters yet. */
export function createWorld(locations: readonly LocationSpec[] = DEFAULT_LOCATIONS): World {
  const first = locations[0];
  if (first === undefined) throw new HostError(HostErrorCode.INVALID_ARGUMENT, "a world needs at least one location");
  const places = new Map(locations.map((spec) => [spec.id, spec]));
  const characters = new Map<string, Character>();
  const byName = new Map<string, string>();
  const listeners = new Set<(character: Character, from: Location, to: Location) => void>();
  const nextId = createUlidFactory();

  function getLocation(id: string): Location {
    const spec = places.get(id);
    if (spec === undefined) throw new HostError(HostErrorCode.INVALID_ARGUMENT, `no location "${id}"`);
    return create(LocationSchema, {
      id: spec.id,
      name: spec.name,
      description: spec.description,
      exits: Object.entries(spec.exits).map(([name, toLocationId]) => ({ name, toLocationId })),
    });
  }

  function getCharacter(id: string): Character {
    const character = characters.get(id);
    if (character === undefined) throw new HostError(HostErrorCode.INVALID_ARGUMENT, `no character "${id}"`);
    return character;
  }

  const checkName = checkCharacterName;

  function adopt(record: { id: string; name: string }): Character {
    const existing = byName.get(characterNameKey(record.name));
    if (existing !== undefined) return getCharacter(existing);
    const character = create(CharacterSchema, {
      id: record.id,
      name: record.name,
      locationId: first.id,
      online: false,
    });
    characters.set(character.id, character);
    byName.set(characterNameKey(record.name), character.id);
    return character;
  }

  return {
    startLocationId: first.id,
    getLocation,
    characterNamed(name) {
      checkName(name);
      return adopt({ id: nextId(), name: normalCharacterName(name) });
    },
    adopt,
    checkName,
    getCharacter,
    findCharacter(name) {
      const id = byName.get(characterNameKey(name));
      return id === undefined ? undefined : getCharacter(id);
    },
    charactersAt(locationId) {
      return [...characters.values()].filter((character) => character.locationId === locationId);
    },
    setOnline(characterId, online) {
      getCharacter(characterId).online = online;
    },
    move(characterId, exit) {
      const character = getCharacter(characterId);
      const from = getLocation(character.locationId);
      const target = places.get(character.locationId)?.exits[exit.toLowerCase()];
      if (target === undefined) {
        throw new HostError(HostErrorCode.INVALID_ARGUMENT, `there is no exit "${exit}" here`);
      }
      character.locationId = target;
      const to = getLocation(target);
      for (const listener of listeners) listener(character, from, to);
      return { from, to };
    },
    onMove(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    findLocation(name) {
      const wanted = name.trim().toLowerCase();
      const matches = [...places.values()].filter((spec) => spec.name.toLowerCase() === wanted);
      return matches.length === 1 && matches[0] ? getLocation(matches[0].id) : undefined;
    },
    createLocation(spec) {
      const id = nextId();
      places.set(id, { id, name: spec.name, description: spec.description, exits: {} });
      return getLocation(id);
    },
    createExit(fromId, name, toId) {
      const from = places.get(fromId);
      if (from === undefined) throw new HostError(HostErrorCode.INVALID_ARGUMENT, `no location "${fromId}"`);
      if (!places.has(toId)) throw new HostError(HostErrorCode.INVALID_ARGUMENT, `no location "${toId}"`);
      places.set(fromId, { ...from, exits: { ...from.exits, [name.toLowerCase()]: toId } });
    },
  };
}
