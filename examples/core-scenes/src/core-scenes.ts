/**
 * core-scenes wired together: the command handler and the ServiceProvider
 * that serveWithServices runs. SceneService is registered before Init (the
 * hello lists it); its store, the WorldService client and the focus client
 * exist only once Init has handed over the connection string and the broker
 * addresses, so every entry point reads them through `ready()`.
 */
import { fileURLToPath } from "node:url";
import { Code, ConnectError } from "@connectrpc/connect";
import type { CallContext, PluginHandler, ServiceProvider } from "@holomush/plugin-sdk";
import { connect, runMigrations, type StorageClient } from "@holomush/plugin-sdk/storage";
import { type CommandRequest, SceneService, type ServiceConfig, WorldService } from "@holomush/proto";
import { handleSceneCommand, type SceneCommandDeps } from "./scene-commands.js";
import { createSceneService } from "./scene-service.js";
import { createSceneStore } from "./scene-store.js";
import { createScenes } from "./scenes.js";
import { createWorldNames } from "./world-names.js";

export const COMMANDS = ["scene", "scenes"];
export const WORLD_SERVICE = WorldService.typeName;
/** Next to src/ and dist/ alike, so the built plugin and the tests find the same files. */
export const MIGRATIONS_DIR = fileURLToPath(new URL("../migrations", import.meta.url));

/** Init refused: the message reaches the host's log as PLUGIN_INIT_FAILED. */
export class SceneInitError extends Error {
  readonly code = "SCENE_INIT_FAILED";
  constructor(message: string, options?: ErrorOptions) {
    super(`core-scenes: ${message}`, options);
    this.name = "SceneInitError";
  }
}

export interface CoreScenes {
  handler: PluginHandler;
  provider: ServiceProvider;
}

export function createCoreScenes(): CoreScenes {
  let deps: SceneCommandDeps | undefined;
  let db: StorageClient | undefined;

  const ready = (): SceneCommandDeps => {
    if (deps === undefined) throw new ConnectError("core-scenes is not initialized yet", Code.Unavailable);
    return deps;
  };

  const provider: ServiceProvider = {
    registerServices(router) {
      router.service(
        SceneService,
        createSceneService(() => ready().scenes),
      );
    },
    async init(config: ServiceConfig, context) {
      if (config.connectionString === "") {
        throw new SceneInitError(
          "Init carried no connection string; plugin.yaml declares storage: postgres, so the host must provision a database (give it a data directory or a PostgreSQL URL)",
        );
      }
      const worldAddress = config.requiredServices[WORLD_SERVICE];
      if (worldAddress === undefined) throw new SceneInitError(`Init carried no broker address for ${WORLD_SERVICE}`);
      const pool = connect(config.connectionString, {
        // A dropped idle connection is discarded by the pool; say so on stderr (a host log line).
        onError: (error) => process.stderr.write(`core-scenes: database connection lost: ${error.message}\n`),
      });
      try {
        await runMigrations(pool, MIGRATIONS_DIR);
      } catch (error) {
        await pool.end().catch(() => undefined);
        throw new SceneInitError(`cannot prepare the scenes database: ${(error as Error).message}`, { cause: error });
      }
      db = pool;
      deps = {
        scenes: createScenes(createSceneStore(pool)),
        focus: context.focusClient,
        world: createWorldNames(context.connectService(WorldService, worldAddress)),
      };
    },
  };

  const handler: PluginHandler = {
    handleCommand: (request: CommandRequest, _context: CallContext) => handleSceneCommand(request, ready()),
    async shutdown() {
      await db?.end();
    },
  };

  return { handler, provider };
}
