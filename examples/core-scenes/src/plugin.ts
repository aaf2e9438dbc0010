/**
 * The process entry point (bin/core-scenes runs the built dist/plugin.js):
 * dial the host, provide SceneService, answer `scene` and `scenes`.
 */
import { serveWithServices } from "@holomush/plugin-sdk";
import { COMMANDS, createCoreScenes } from "./core-scenes.js";

const { handler, provider } = createCoreScenes();
await serveWithServices({ handler, commands: COMMANDS }, provider);
