/**
 * The demo's world as createHost options: the in-memory world (a square, a
 * tavern and a garden unless told otherwise) as the host's directory,
 * WorldService over it for the plugins that `require` it, the scene focus
 * kind and arrive/leave.
 */
import {
  type CharacterStore,
  createSceneFocusKind,
  type FocusKindPolicy,
  type HostService,
  hostService,
  type SessionPresence,
} from "@holomush/host";
import { WorldService } from "@holomush/proto";
import { arriveAndLeave } from "./arrive-leave.js";
import { createWorld, type LocationSpec, type World } from "./world.js";
import { type BuiltInDirectory, worldDirectoryOf } from "./world-directory.js";
import { createWorldService } from "./world-service.js";

/** The services the demo host serves to plugins (for `validate`, which resolves `requires` without a host). */
export const BUILT_IN_SERVICES: readonly string[] = [WorldService.typeName];

/** What `builtInWorld` returns: the createHost options that give a host the demo's world. */
export interface BuiltInWorldOptions {
  /** The world as the host's directory; `directory.world` is the world itself. */
  directory: BuiltInDirectory;
  focusKinds: FocusKindPolicy[];
  services: HostService[];
  presence: SessionPresence;
}

/**
 * createHost options for the demo's world; pass `locations` for other rooms,
 * or a `world` of your own, and the host's `characters` (e.g. `storage.characters`)
 * so names keep their ids across restarts (default: in memory).
 */
export function builtInWorld(
  options: { locations?: readonly LocationSpec[]; world?: World; characters?: CharacterStore } = {},
): BuiltInWorldOptions {
  const world = options.world ?? createWorld(options.locations);
  const directory = worldDirectoryOf(world, options.characters);
  return {
    directory,
    focusKinds: [createSceneFocusKind()],
    services: [hostService(WorldService, createWorldService(world, directory.ready))],
    presence: arriveAndLeave,
  };
}
