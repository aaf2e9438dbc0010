/**
 * The admin JSON/SSE API (docs/admin-console.md): what the console shows and
 * the actions it takes. Every action is audited in the host's log: who (the
 * caller's session label), what, and the result.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Host } from "@holomush/host";
import { discoverPlugins, HostError, HostErrorCode, isHostError, validateStreamPattern } from "@holomush/host";
import type { Logger } from "pino";
import type { AdminCaller } from "./admin-sessions.js";
import { dependencyGraph } from "./dependency-graph-view.js";
import { openEventStream, readBody, sendError, sendJson } from "./http-helpers.js";
import type { PluginSampler } from "./plugin-sampler.js";

export interface AdminApiDeps {
  host: Host;
  sampler: PluginSampler;
  /** The host's plugin search paths (where "load" may look). */
  pluginDirs: readonly string[];
  /** For audit lines. */
  logger: Logger;
}

type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  caller: AdminCaller,
  params: string[],
) => Promise<void>;

export function createAdminApi(deps: AdminApiDeps) {
  const { host, sampler, logger } = deps;

  // Actions run one at a time: two operators' reloads of one plugin must not interleave.
  let actions: Promise<unknown> = Promise.resolve();
  function oneAtATime<T>(run: () => Promise<T>): Promise<T> {
    const next = actions.then(run, run);
    actions = next.catch(() => undefined);
    return next;
  }

  async function audit<T>(caller: AdminCaller, action: string, target: Record<string, unknown>, run: () => Promise<T>) {
    try {
      const result = await oneAtATime(run);
      logger.info({ audit: { who: caller.who, action, ...target, result: "ok" } }, `admin ${action}: ok`);
      return result;
    } catch (error) {
      const code = isHostError(error) ? error.code : "INTERNAL";
      const message = error instanceof Error ? error.message : String(error);
      logger.warn(
        { audit: { who: caller.who, action, ...target, result: "error", code, message } },
        `admin ${action}: ${message}`,
      );
      throw error;
    }
  }

  function pluginDetail(name: string) {
    const row = sampler.rows().find((candidate) => candidate.name === name);
    if (row === undefined) return undefined;
    const running = host.plugins.get(name);
    return {
      plugin: row,
      manifest: running?.source.manifest,
      file: running?.source.file,
      lastErrors: host.metrics.recentErrors.of(name),
      series: sampler.series(name),
    };
  }

  async function discovered() {
    const result = await discoverPlugins([...deps.pluginDirs]);
    const loaded = new Set(
      host.plugins
        .list()
        .filter((status) => status.state !== "skipped")
        .map((s) => s.name),
    );
    return {
      result,
      plugins: result.sources.map((source) => ({
        name: source.manifest.name,
        version: source.manifest.version,
        runtime: source.manifest.type,
        dir: source.dir,
        loaded: loaded.has(source.manifest.name),
      })),
      errors: result.errors.map((error) => ({ code: error.code, message: error.message })),
    };
  }

  const routes: Array<[method: string, pattern: RegExp, handler: Handler]> = [
    ["GET", /^\/api\/session$/, async (_req, res, caller) => sendJson(res, 200, { who: caller.who })],
    ["GET", /^\/api\/plugins$/, async (_req, res) => sendJson(res, 200, { at: Date.now(), plugins: sampler.rows() })],
    [
      "GET",
      /^\/api\/plugins\/([^/]+)$/,
      async (_req, res, _caller, [name]) => {
        const detail = pluginDetail(name as string);
        if (detail === undefined) sendError(res, 404, HostErrorCode.PLUGIN_NOT_LOADED, `no plugin named ${name}`);
        else sendJson(res, 200, detail);
      },
    ],
    ["GET", /^\/api\/graph$/, async (_req, res) => sendJson(res, 200, dependencyGraph(host))],
    [
      "GET",
      /^\/api\/discovered$/,
      async (_req, res) => {
        const { plugins, errors } = await discovered();
        sendJson(res, 200, { plugins, errors });
      },
    ],
    [
      "POST",
      /^\/api\/plugins\/([^/]+)\/reload$/,
      async (req, res, caller, [name]) => {
        const withDependents = (await readBody(req)).withDependents === true;
        const reloaded = await audit(caller, "reload", { plugin: name, withDependents }, () =>
          host.reload(name as string, { withDependents }),
        );
        sendJson(res, 200, { reloaded });
      },
    ],
    [
      "POST",
      /^\/api\/plugins\/([^/]+)\/unload$/,
      async (_req, res, caller, [name]) => {
        await audit(caller, "unload", { plugin: name }, () =>
          host.plugins.unload(name as string, "unloaded by an operator"),
        );
        sendJson(res, 200, { unloaded: name });
      },
    ],
    [
      "POST",
      /^\/api\/load$/,
      async (req, res, caller) => {
        const dir = (await readBody(req)).dir;
        const report = await audit(caller, "load", { dir }, async () => {
          if (typeof dir !== "string") {
            throw new HostError(HostErrorCode.INVALID_ARGUMENT, "load needs the plugin's directory", { field: "dir" });
          }
          // Only a directory discovery found under the host's search paths: never an arbitrary path.
          const source = (await discovered()).result.sources.find((candidate) => candidate.dir === dir);
          if (source === undefined) {
            throw new HostError(HostErrorCode.INVALID_ARGUMENT, `${dir} is not a discovered plugin directory`, {
              field: "dir",
            });
          }
          const result = await host.plugins.loadAll([source]);
          if (result.loaded.length === 0) {
            throw (
              result.failed[0]?.error ??
              result.errors[0] ??
              new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, "not loaded")
            );
          }
          return result;
        });
        sendJson(res, 200, { loaded: report.loaded });
      },
    ],
    [
      "GET",
      /^\/api\/stream\/plugins$/,
      async (req, res) => {
        let stop = () => {};
        const stream = openEventStream(req, res, () => stop());
        stream.send("plugins", { at: Date.now(), plugins: sampler.rows() });
        stop = sampler.onSample(() => stream.send("plugins", { at: Date.now(), plugins: sampler.rows() }));
      },
    ],
    [
      "GET",
      /^\/api\/stream\/events$/,
      async (req, res) => {
        const pattern = new URL(req.url ?? "/", "http://admin").searchParams.get("pattern") ?? "*";
        const problem = validateStreamPattern(pattern);
        if (problem !== undefined) {
          sendError(res, 400, HostErrorCode.INVALID_ARGUMENT, problem);
          return;
        }
        let stop = () => {};
        const stream = openEventStream(req, res, () => stop());
        stop = host.bus.watch(pattern, (event) =>
          stream.send("event", {
            id: event.id,
            stream: event.stream,
            type: event.type,
            timestamp: Number(event.timestamp),
            actorKind: event.actorKind,
            actorId: event.actorId,
            payload: event.payload,
          }),
        );
      },
    ],
  ];

  return {
    /** Handles an authenticated /api request; false when no route matches. */
    async handle(request: IncomingMessage, response: ServerResponse, path: string, caller: AdminCaller) {
      for (const [method, pattern, handler] of routes) {
        const match = pattern.exec(path);
        if (match === null || request.method !== method) continue;
        try {
          await handler(request, response, caller, match.slice(1).map(decodePathPart));
        } catch (error) {
          if (response.headersSent) {
            response.end();
            return true;
          }
          const code = isHostError(error) ? error.code : "INTERNAL";
          const status =
            code === HostErrorCode.INVALID_ARGUMENT ? 400 : code === HostErrorCode.PLUGIN_NOT_LOADED ? 404 : 409;
          sendError(
            response,
            isHostError(error) ? status : 500,
            code,
            error instanceof Error ? error.message : String(error),
          );
        }
        return true;
      }
      return false;
    },
  };
}

function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new HostError(HostErrorCode.INVALID_ARGUMENT, `bad percent-encoding in the path: ${part}`, { field: "path" });
  }
}
