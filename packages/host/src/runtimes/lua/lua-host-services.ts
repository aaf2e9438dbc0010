/**
 * What the Lua runtime needs from the host beyond the plugin-bound
 * PluginHostApi: the embedder's world directory, sessions, command registry and
 * authorizer, to back HoloMUSH's capability globals (`world.query`,
 * `session`, ...) and `holomush.list_commands`. Every call a plugin makes
 * through them is authorized for that plugin first (lua-capabilities.ts).
 */
import type { Authorizer } from "../../auth/authorizer.js";
import type { CommandRegistry } from "../../commands/command-registry.js";
import type { FocusCoordinator } from "../../focus/focus-coordinator.js";
import type { SessionRegistry } from "../../focus/session-registry.js";
import type { RuntimeDeps } from "../../host/host-options.js";
import type { WorldDirectory } from "../../world/world-directory.js";
import { createWorldObjects, type WorldObjects } from "./lua-object-store.js";

/** The host parts behind the Lua runtime's capability globals; each call is authorized for the calling plugin first. */
export interface LuaHostServices {
  authorizer: Authorizer;
  /** The embedder's world; world.query / world.mutation call its optional methods. */
  directory?: WorldDirectory;
  sessions?: SessionRegistry;
  commands?: CommandRegistry;
  /** Joins sessions to scenes for on_session_subscribe. */
  focus?: FocusCoordinator;
  /** The world's objects (QueryObject, CreateObject). */
  worldObjects?: WorldObjects;
  /** Sends a line to one session (session.admin Broadcast). */
  tellSession?(sessionId: string, text: string): void;
  /** Ends a session (session.admin Disconnect). */
  disconnectSession?(sessionId: string): Promise<void>;
}

/** The Lua runtime's view of a host; without an authorizer every capability call is refused. */
export function luaServicesFrom(deps: RuntimeDeps): LuaHostServices {
  return {
    authorizer: deps.authorizer ?? { authorize: () => ({ allowed: false, reason: "no authorizer on this host" }) },
    ...(deps.directory ? { directory: deps.directory } : {}),
    ...(deps.sessions ? { sessions: deps.sessions } : {}),
    ...(deps.commands ? { commands: deps.commands } : {}),
    ...(deps.focus ? { focus: deps.focus } : {}),
    ...(deps.directory ? { worldObjects: createWorldObjects(deps.directory) } : {}),
    ...(deps.tellSession ? { tellSession: deps.tellSession } : {}),
    ...(deps.disconnectSession ? { disconnectSession: deps.disconnectSession } : {}),
  };
}
