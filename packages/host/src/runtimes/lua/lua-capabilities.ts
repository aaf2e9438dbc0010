/**
 * HoloMUSH's capability globals, backed by this host's services. A method
 * takes one snake_case request table and answers `(response, nil)` or
 * `(nil, message)`. Every call is first authorized as the plugin calling
 * `Service::"capability:<token>"` (granted by `requires: - capability:`);
 * KV, focus, history and emit then pass the plugin-bound PluginHostApi and
 * its own checks, like every runtime. Methods marked `write` are refused to
 * an `access: read` grant.
 */
import { FocusKind } from "@holomush/proto";
import { HostError, HostErrorCode } from "../../errors.js";
import type { FocusTarget, PluginHostApi } from "../../plugins/plugin-host-api.js";
import type { DirectoryCharacter, DirectoryLocation, WorldDirectory } from "../../world/world-directory.js";
import type { LuaHostServices } from "./lua-host-services.js";
import type { WorldObject } from "./lua-object-store.js";
import { err, field, type LuaPair, ok } from "./lua-values.js";

type Request = Record<string, unknown>;

export interface CapabilityCallContext {
  api: PluginHostApi;
  services: LuaHostServices;
  lastWhispered: Map<string, string>;
  /** The character whose command is running, when there is one. */
  characterId?: string;
}

interface Method {
  write?: boolean;
  run(request: Request, context: CapabilityCallContext): Promise<LuaPair> | LuaPair;
}

const ZERO_ULID = "00000000000000000000000000";

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not available on this host`);
  return value;
}

type OptionalWorldMethod = Exclude<keyof WorldDirectory, "resolveCharacter" | "locationOf">;

/** The embedder's world directory. */
const directoryOf = (context: CapabilityCallContext) => need(context.services.directory, "the world directory");

/**
 * The directory's optional method `name`: the world globals reach the
 * embedder's world only through it, and a directory without it refuses the
 * call with SERVICE_UNAVAILABLE.
 */
function directoryMethod<K extends OptionalWorldMethod>(
  context: CapabilityCallContext,
  name: K,
): NonNullable<WorldDirectory[K]> {
  const directory = directoryOf(context);
  const method = directory[name];
  if (method === undefined) {
    throw new HostError(
      HostErrorCode.SERVICE_UNAVAILABLE,
      `this host's world directory does not offer ${name} (WorldDirectory.${name})`,
    );
  }
  return (method as (...args: never[]) => unknown).bind(directory) as NonNullable<WorldDirectory[K]>;
}

const unknown = (what: string, id: string) => new HostError(HostErrorCode.INVALID_ARGUMENT, `no ${what} "${id}"`);

const locationTable = (loc: DirectoryLocation) => ({
  id: loc.id,
  name: loc.name,
  description: loc.description,
  exits: loc.exits.map((e) => ({ name: e.name, to_id: e.toLocationId })),
});

const location = (context: CapabilityCallContext, id: string) =>
  locationTable(directoryMethod(context, "describeLocation")(id) ?? throwError(unknown("location", id)));

const characterTable = (c: DirectoryCharacter) => ({
  id: c.id,
  name: c.name,
  location_id: c.locationId,
  online: c.online ?? false,
});

function throwError(error: Error): never {
  throw error;
}

function sessionTable(
  context: CapabilityCallContext,
  s: { id: string; characterId: string; characterName: string; locationId: string; playerId: string; openedAt: number },
) {
  return {
    id: s.id,
    character_id: s.characterId,
    character_name: s.characterName,
    location_id: s.locationId,
    player_id: s.playerId,
    connected_at: s.openedAt,
    last_whispered: context.lastWhispered.get(s.id) ?? "",
  };
}

const objectTable = (o: WorldObject) => ({
  id: o.id,
  name: o.name,
  description: o.description,
  location_id: o.locationId,
  character_id: o.characterId,
  container_id: o.containerId,
});

function focusTarget(request: Request): FocusTarget {
  const kindName = field(request, "kind", "string") || "scene";
  const kind = FocusKind[kindName.toUpperCase() as keyof typeof FocusKind];
  if (typeof kind !== "number") throw new Error(`unknown focus kind "${kindName}"`);
  return { kind, targetId: field(request, "target_id", "string") };
}

export const CAPABILITY_METHODS: Record<string, Record<string, Method>> = {
  "world.query": {
    QueryLocation: { run: (r, c) => ok(location(c, field(r, "location_id", "string"))) },
    QueryCharacter: {
      run: (r, c) => {
        const id = field(r, "character_id", "string");
        return ok(characterTable(directoryMethod(c, "describeCharacter")(id) ?? throwError(unknown("character", id))));
      },
    },
    QueryLocationCharacters: {
      run: (r, c) => {
        const all = directoryMethod(c, "charactersAt")(field(r, "location_id", "string"));
        const offset = Math.max(0, field(r, "offset", "number"));
        const limit = field(r, "limit", "number") || all.length;
        return ok({ characters: all.slice(offset, offset + limit).map(characterTable) });
      },
    },
    FindLocation: {
      run: (r, c) => {
        const name = field(r, "name", "string");
        const found = directoryMethod(c, "findLocation")(name);
        return found === undefined ? err(`location not found: ${name}`) : ok(locationTable(found));
      },
    },
    QueryObject: {
      run: (r, c) => ok(objectTable(need(c.services.worldObjects, "objects").get(field(r, "object_id", "string")))),
    },
  },
  "world.mutation": {
    CreateLocation: {
      write: true,
      run: (r, c) => {
        const name = field(r, "name", "string");
        if (name.trim() === "") return err("location name must not be empty");
        const created = directoryMethod(c, "createLocation")({ name, description: field(r, "description", "string") });
        return ok(locationTable(created));
      },
    },
    CreateExit: {
      write: true,
      run: (r, c) => {
        const createExit = directoryMethod(c, "createExit");
        const from = field(r, "from_id", "string");
        const to = field(r, "to_id", "string");
        const name = field(r, "name", "string");
        if (name === "" || from === "" || from === ZERO_ULID) return err("from_id and name are required");
        // As in HoloMUSH, building during a command is checked against where the character stands.
        if (c.characterId !== undefined && directoryOf(c).locationOf(c.characterId) !== from) {
          return err("access denied: exits can only be made from the location you are in");
        }
        createExit(from, name, to);
        if (field(r, "bidirectional", "boolean")) {
          const back = field(r, "return_name", "string");
          if (back === "") return err("return_name is required for a bidirectional exit");
          createExit(to, back, from);
        }
        return ok({ from_id: from, to_id: to, name });
      },
    },
    CreateObject: {
      write: true,
      run: (r, c) => {
        const objects = need(c.services.worldObjects, "objects");
        const place = {
          locationId: field(r, "location_id", "string") || undefined,
          characterId: field(r, "character_id", "string") || undefined,
          containerId: field(r, "container_id", "string") || undefined,
        };
        // As in HoloMUSH, creating during a command is checked against the character: here, on
        // them, or in a container that is here or on them.
        if (c.characterId !== undefined) {
          const here = directoryOf(c).locationOf(c.characterId);
          const { locationId, characterId, containerId } = place;
          const allowed =
            (locationId === undefined || locationId === here) &&
            (characterId === undefined || characterId === c.characterId) &&
            (containerId === undefined || objects.locationOf(objects.get(containerId)) === here);
          if (!allowed) return err("access denied: objects can only be made where you are or on you");
        }
        const created = objects.create(
          {
            name: field(r, "name", "string"),
            description: field(r, "description", "string"),
            ...(place.locationId === undefined ? {} : { locationId: place.locationId }),
            ...(place.characterId === undefined ? {} : { characterId: place.characterId }),
            ...(place.containerId === undefined ? {} : { containerId: place.containerId }),
          },
          c.api.pluginName,
        );
        return ok(objectTable(created));
      },
    },
  },
  property: {
    GetProperty: {
      run: async (r, c) => {
        const key = propertyKey(r);
        const value = await c.api.kvGet(key);
        return ok({ value: value === undefined ? "" : new TextDecoder().decode(value) });
      },
    },
    SetProperty: {
      write: true,
      run: async (r, c) => {
        await c.api.kvSet(propertyKey(r), new TextEncoder().encode(field(r, "value", "string")));
        return ok({});
      },
    },
  },
  session: {
    FindByName: {
      run: (r, c) => {
        const name = field(r, "name", "string").toLowerCase();
        const found = need(c.services.sessions, "sessions")
          .list()
          .find((s) => s.characterName.toLowerCase() === name);
        return ok(found === undefined ? {} : { session: sessionTable(c, found) });
      },
    },
    ListActive: {
      run: (_r, c) =>
        ok({
          sessions: need(c.services.sessions, "sessions")
            .list()
            .map((s) => sessionTable(c, s)),
        }),
    },
    SetLastWhispered: {
      write: true,
      run: (r, c) => {
        const id = field(r, "session_id", "string");
        need(c.services.sessions, "sessions").get(id);
        c.lastWhispered.set(id, field(r, "name", "string"));
        return ok({});
      },
    },
  },
  "session.admin": {
    Broadcast: {
      write: true,
      run: (r, c) => {
        // One line to every player: control characters would let a plugin redraw their terminals.
        const message = field(r, "message", "string").replace(/[\p{Cc}\p{Cf}]/gu, " ");
        const tell = need(c.services.tellSession, "broadcast");
        const sessions = need(c.services.sessions, "sessions").list();
        for (const s of sessions) tell(s.id, message);
        return ok({ delivered: sessions.length });
      },
    },
    Disconnect: {
      write: true,
      run: async (r, c) => {
        await need(c.services.disconnectSession, "disconnect")(field(r, "session_id", "string"));
        return ok({});
      },
    },
  },
  focus: {
    JoinFocus: {
      write: true,
      run: async (r, c) => ok({ streams: await c.api.joinFocus(field(r, "session_id", "string"), focusTarget(r)) }),
    },
    LeaveFocus: {
      write: true,
      run: async (r, c) => ok({ left: await c.api.leaveFocus(field(r, "session_id", "string"), focusTarget(r)) }),
    },
    LeaveFocusByTarget: {
      write: true,
      run: async (r, c) =>
        ok({
          removed: await c.api.leaveFocusByTarget(focusTarget(r), field(r, "character_id", "string") || undefined),
        }),
    },
    PresentFocus: {
      write: true,
      run: async (r, c) => {
        await c.api.presentFocus(field(r, "session_id", "string"), focusTarget(r));
        return ok({});
      },
    },
  },
  kv: {
    Get: {
      run: async (r, c) => {
        const value = await c.api.kvGet(field(r, "key", "string"));
        return ok(value === undefined ? {} : { value: new TextDecoder().decode(value), found: true });
      },
    },
    Set: {
      write: true,
      run: async (r, c) => {
        await c.api.kvSet(field(r, "key", "string"), new TextEncoder().encode(field(r, "value", "string")));
        return ok({});
      },
    },
    Delete: { write: true, run: async (r, c) => ok({ deleted: await c.api.kvDelete(field(r, "key", "string")) }) },
  },
  "stream.history": {
    QueryStreamHistory: {
      run: async (r, c) => ok(await historyPage(c.api, r)),
    },
  },
};

function propertyKey(request: Request): string {
  const type = field(request, "entity_type", "string") || "entity";
  const id = field(request, "entity_id", "string");
  const name = field(request, "property", "string") || field(request, "key", "string");
  if (id === "" || name === "") throw new Error("entity_id and property are required");
  return `property/${type}/${id}/${name}`;
}

/** `holomush.query_stream_history` and `stream.history`: ≤ 500 events, newest first page. */
export async function historyPage(api: PluginHostApi, request: Request) {
  const stream = field(request, "stream", "string");
  const count = field(request, "count", "number");
  if (count > 500) throw new Error("count must be at most 500");
  const cursor = field(request, "cursor", "string");
  const page = await api.queryStreamHistory({
    stream,
    count,
    notBeforeMs: field(request, "not_before_ms", "number"),
    ...(cursor === "" ? {} : { cursor }),
  });
  return {
    events: page.entries.map(({ event }) => ({
      id: event.id,
      stream: event.stream,
      type: event.type,
      timestamp: Number(event.timestamp),
      actor_id: event.actorId,
      payload: event.payload,
    })),
    cursor: page.nextCursor,
  };
}

/** The methods a grant exposes, for the prelude. */
export function capabilityMethodNames(token: string): string[] {
  return Object.keys(CAPABILITY_METHODS[token] ?? {});
}
