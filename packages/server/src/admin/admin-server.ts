/**
 * The operator console's HTTP server: the built console as static files,
 * POST /api/login, and the authenticated API. Opt-in; loopback unless the
 * operator names another interface (and then the start-up log says so).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Host } from "@holomush/host";
import { HostError, HostErrorCode } from "@holomush/host";
import type { Logger } from "pino";
import { createAdminApi } from "./admin-api.js";
import { createAdminSessions } from "./admin-sessions.js";
import { generateAdminToken, tokenMatcher } from "./admin-token.js";
import { createFailedAuthGate } from "./failed-auth-gate.js";
import { readBody, sendError, sendJson } from "./http-helpers.js";
import { createPluginSampler } from "./plugin-sampler.js";
import { createStaticFiles, defaultStaticDir } from "./static-files.js";

/** Where the operator console listens and how it authenticates. */
export interface AdminOptions {
  /** Interface to bind. Default 127.0.0.1 (loopback). */
  host?: string;
  /** Port (0 = any free port). */
  port: number;
  /** The admin token (at least 16 characters). Default: a generated one, handed to `printToken`. */
  token?: string;
  /**
   * Called once with a generated token (never with one you gave). Default:
   * one line on stderr, outside the structured log.
   */
  printToken?: (token: string) => void;
  /** Where the built console lives. Default: dist/admin of this package. */
  staticDir?: string;
}

/** A running operator console server. */
export interface AdminServer {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith("127.");
}

/** Starts the operator console for `host` (behind an admin token; loopback unless `host` says otherwise). */
export async function startAdminServer(
  host: Host,
  options: AdminOptions,
  deps: { pluginDirs: readonly string[]; logger?: Logger },
): Promise<AdminServer> {
  const logger = (deps.logger ?? host.logger).child({ component: "admin" });
  const token = options.token ?? generateAdminToken();
  const matches = tokenMatcher(token);
  const sessions = createAdminSessions();
  const gate = createFailedAuthGate();
  const sampler = createPluginSampler(host);
  await sampler.sample();
  const api = createAdminApi({ host, sampler, pluginDirs: deps.pluginDirs, logger });
  const files = createStaticFiles(options.staticDir ?? defaultStaticDir());
  if (!files.available) logger.warn("the admin console's files are missing (run pnpm build); only the API is served");

  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://admin").pathname;
    void (async () => {
      if (path === "/api/login" && request.method === "POST") {
        const body = await readBody(request).catch(() => ({}) as Record<string, unknown>);
        if (!matches(body.token)) {
          await gate.refused();
          logger.warn("admin login refused: wrong token");
          sendError(response, 401, "UNAUTHENTICATED", "wrong admin token");
          return;
        }
        const session = sessions.open();
        logger.info({ audit: { who: `session ${session.label}`, action: "login", result: "ok" } }, "admin login");
        sendJson(response, 200, { who: `session ${session.label}` }, { "set-cookie": sessions.cookie(session.id) });
        return;
      }
      if (path.startsWith("/api/")) {
        const caller = sessions.identify(request, matches);
        if (caller === undefined) {
          await gate.refused();
          sendError(response, 401, "UNAUTHENTICATED", "an admin token or session is required");
          return;
        }
        if (request.method === "POST" && !sameOrigin(request.headers.origin, request.headers.host)) {
          sendError(response, 403, "PERMISSION_DENIED", "cross-origin admin requests are refused");
          return;
        }
        if (path === "/api/logout" && request.method === "POST") {
          if (caller.sessionId !== undefined) sessions.close(caller.sessionId);
          logger.info({ audit: { who: caller.who, action: "logout", result: "ok" } }, "admin logout");
          sendJson(response, 200, {}, { "set-cookie": sessions.clearCookie });
          return;
        }
        if (!(await api.handle(request, response, path, caller))) sendError(response, 404, "NOT_FOUND", "no such API");
        return;
      }
      if (request.method !== "GET" || !files.serve(path, response)) sendError(response, 404, "NOT_FOUND", "not found");
    })().catch((error: unknown) => {
      logger.error({ err: error }, "admin request failed");
      if (!response.headersSent) sendError(response, 500, "INTERNAL", "internal error");
      else response.end();
    });
  });
  // An operator console has few clients: a cap keeps a local flood from holding sockets without bound.
  server.maxConnections = 128;
  const bind = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => {
      sampler.stop();
      reject(
        new HostError(
          HostErrorCode.INVALID_ARGUMENT,
          `the admin console cannot listen on ${bind}:${options.port}: ${error.message}`,
          {
            field: "admin",
            cause: error,
          },
        ),
      );
    });
    server.listen(options.port, bind, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${shown}:${address.port}/`;
  if (isLoopback(bind)) logger.info({ url }, `admin console on ${url} (loopback only)`);
  else logger.warn({ url }, `admin console on ${url}: bound to ${bind}, reachable from other machines`);
  if (options.token === undefined) {
    (options.printToken ?? ((value) => process.stderr.write(`holomush admin token: ${value}\n`)))(token);
  }
  return {
    host: address.address,
    port: address.port,
    url,
    async close() {
      sampler.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A browser's POST carries its page's origin; it must be this server (no CSRF through another site). */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
