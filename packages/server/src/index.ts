// @holomush/server — the demo HoloMUSH server built on @holomush/host's public
// API: the built-in world, the TCP console, the operator console, the recorder
// and the `holomush-host` CLI. Named exports only; the rest is internal.

// ── The operator console ───────────────────────────────────────────────────
export { type AdminOptions, type AdminServer, startAdminServer } from "./admin/admin-server.js";
// ── The CLI's runtimes ─────────────────────────────────────────────────────
export { DEFAULT_LOAD_CHECKS, defaultRuntimes } from "./cli/default-runtimes.js";
// ── The TCP console ────────────────────────────────────────────────────────
export { type ConsoleLimits, DEFAULT_CONSOLE_LIMITS } from "./console/console-limits.js";
export { type ConsoleOptions, type ConsoleServer, startConsoleServer } from "./console/console-server.js";
export { renderEvent } from "./console/render-event.js";
// ── Recording ──────────────────────────────────────────────────────────────
export { type Recording, recordHost } from "./recording/record-host.js";
// ── The built-in world ─────────────────────────────────────────────────────
export { arriveAndLeave } from "./world/arrive-leave.js";
export { BUILT_IN_SERVICES, type BuiltInWorldOptions, builtInWorld } from "./world/built-in-world.js";
export { learnRemoteCharacters } from "./world/remote-characters.js";
export { createWorld, DEFAULT_LOCATIONS, type LocationSpec, type World } from "./world/world.js";
export { type BuiltInDirectory, worldDirectoryOf } from "./world/world-directory.js";
export { createWorldService } from "./world/world-service.js";
