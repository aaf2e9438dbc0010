/**
 * The demo's world as createHost options: the in-memory world (a square, a
 * tavern and a garden unless told otherwise), WorldService over it for the
 * plugins that `require` it, the scene focus kind and arrive/leave.
 */
import {
  createSceneFocusKind,
  createWorld,
  createWorldService,
  type HostOptions,
  hostService,
  type LocationSpec,
  type World,
} from "@holomush/host";
import { WorldService } from "@holomush/proto";
import { arriveAndLeave } from "./arrive-leave.js";

/** The services the demo host serves to plugins (for `validate`, which resolves `requires` without a host). */
export const BUILT_IN_SERVICES: readonly string[] = [WorldService.typeName];

/** What `builtInWorld` returns: the createHost options that give a host the demo's world. */
export type BuiltInWorldOptions = Required<Pick<HostOptions, "world" | "focusKinds" | "services" | "presence">> & {
  world: World;
};

/** createHost options for the demo's world; pass `locations` for other rooms, or a `world` of your own. */
export function builtInWorld(
  options: { locations?: readonly LocationSpec[]; world?: World } = {},
): BuiltInWorldOptions {
  const world = options.world ?? createWorld(options.locations);
  return {
    world,
    focusKinds: [createSceneFocusKind()],
    services: [hostService(WorldService, createWorldService(world))],
    presence: arriveAndLeave,
  };
}
