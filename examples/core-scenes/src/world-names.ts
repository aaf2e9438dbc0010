/**
 * Location names for command output, from the host's WorldService (a
 * required service, reached through the host's broker). A lookup that fails
 * falls back to the id: a scene listing should not fail because one
 * location vanished from the world.
 */
import type { Client } from "@connectrpc/connect";
import type { WorldService } from "@holomush/proto";

export interface WorldNames {
  locationName(locationId: string): Promise<string>;
  /** Names for several ids with one call per distinct id. */
  locationNames(locationIds: readonly string[]): Promise<Map<string, string>>;
}

export function createWorldNames(world: Client<typeof WorldService>): WorldNames {
  async function locationName(locationId: string): Promise<string> {
    try {
      const { location } = await world.getLocation({ locationId });
      return location?.name || locationId;
    } catch {
      return locationId;
    }
  }
  return {
    locationName,
    async locationNames(locationIds) {
      const unique = [...new Set(locationIds)];
      const names = await Promise.all(unique.map(locationName));
      return new Map(unique.map((id, index) => [id, names[index] as string]));
    },
  };
}
