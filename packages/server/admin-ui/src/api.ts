/** The console's client for the admin API (docs/admin-console.md). */
export interface PluginRow {
  name: string;
  version: string;
  runtime: string;
  state: string;
  uptimeSeconds?: number;
  restarts: number;
  eventsPerSecond: number;
  errorsPerSecond: number;
  delivered: number;
  errors: number;
  timeouts: number;
  drops: number;
  queueDepth: number;
  p50Ms?: number;
  p99Ms?: number;
  error?: string;
}

export interface SeriesPoint {
  t: number;
  eventsPerSecond: number;
  errorsPerSecond: number;
  p50Ms?: number;
  p99Ms?: number;
}

export interface PluginDetail {
  plugin: PluginRow;
  manifest?: Record<string, unknown>;
  file?: string;
  lastErrors: Array<{ at: number; kind: string; message: string; event?: string }>;
  series: SeriesPoint[];
}

export interface Graph {
  nodes: Array<{ name: string; runtime: string; state: string; layer: number }>;
  edges: Array<{ from: string; to: string; kind: string; optional: boolean; service?: string }>;
}

export interface Discovered {
  plugins: Array<{ name: string; version: string; runtime: string; dir: string; loaded: boolean }>;
}

export class Unauthenticated extends Error {}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 401) throw new Unauthenticated("not signed in");
  const data = (await response.json()) as T & { error?: { code: string; message: string } };
  if (!response.ok) throw new Error(data.error ? `${data.error.code}: ${data.error.message}` : response.statusText);
  return data;
}

export const api = {
  login: (token: string) => call<{ who: string }>("POST", "/api/login", { token }),
  logout: () => call<unknown>("POST", "/api/logout", {}),
  session: () => call<{ who: string }>("GET", "/api/session"),
  plugin: (name: string) => call<PluginDetail>("GET", `/api/plugins/${encodeURIComponent(name)}`),
  graph: () => call<Graph>("GET", "/api/graph"),
  discovered: () => call<Discovered>("GET", "/api/discovered"),
  reload: (name: string, withDependents: boolean) =>
    call<{ reloaded: string[] }>("POST", `/api/plugins/${encodeURIComponent(name)}/reload`, { withDependents }),
  unload: (name: string) => call<unknown>("POST", `/api/plugins/${encodeURIComponent(name)}/unload`, {}),
  load: (dir: string) => call<{ loaded: string[] }>("POST", "/api/load", { dir }),
};
