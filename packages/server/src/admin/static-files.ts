/**
 * Serves the built console (index.html, app.js, style.css) from dist/admin.
 * Only names in that folder are served: no path from the URL reaches the
 * file system.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".map": "application/json",
};

/** The console's own policy: its scripts and styles only, API calls to itself. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * dist/admin beside the bundle (the published package), or the package's
 * dist/admin when running from source (tests): `pnpm build` makes both.
 */
export function defaultStaticDir(): string {
  const candidates = [new URL("./admin/", import.meta.url), new URL("../../dist/admin/", import.meta.url)];
  const found = candidates.map((url) => fileURLToPath(url)).find((dir) => existsSync(join(dir, "index.html")));
  return found ?? fileURLToPath(candidates[0] as URL);
}

export interface StaticFiles {
  /** Serves `path` (the index for "/" and any page route); false when not a console file. */
  serve(path: string, response: ServerResponse): boolean;
  readonly available: boolean;
}

export function createStaticFiles(dir: string): StaticFiles {
  const files = new Map<string, { type: string; body: Buffer }>();
  if (existsSync(dir)) {
    for (const name of readdirSync(dir)) {
      const type = TYPES[name.slice(name.lastIndexOf("."))];
      if (type !== undefined) files.set(`/${name}`, { type, body: readFileSync(join(dir, name)) });
    }
  }
  return {
    available: files.has("/index.html"),
    serve(path, response) {
      // Page routes (/, /plugins/x, /graph, /events) are the single-page app's.
      const file = files.get(path) ?? (path.includes(".") ? undefined : files.get("/index.html"));
      if (file === undefined) return false;
      response.writeHead(200, {
        "content-type": file.type,
        "content-security-policy": CSP,
        "x-content-type-options": "nosniff",
        "cache-control": "no-cache",
      });
      response.end(file.body);
      return true;
    },
  };
}
