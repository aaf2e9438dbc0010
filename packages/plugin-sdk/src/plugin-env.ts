/**
 * What the host hands a process plugin in its environment. A plugin the host
 * spawned reaches it over the connection it inherited on a descriptor
 * (`HOLOMUSH_HOST_FD`): no secret is passed at all. A dial-in plugin (started
 * by an operator) dials `HOLOMUSH_HOST_ADDRESS` with a token, given as
 * `HOLOMUSH_PLUGIN_TOKEN_FILE` (preferred: the secret stays out of the
 * environment) or `HOLOMUSH_PLUGIN_TOKEN`. A plugin started by hand, outside
 * a host, gets a message naming what is missing and exits with code 2.
 */
import { readFileSync } from "node:fs";
import { PLUGIN_API_VERSIONS } from "@holomush/proto";

/** How the plugin reaches the host. */
export type HostEndpoint =
  /** The connection inherited at spawn (`HOLOMUSH_HOST_FD`); the connection is the identity. */
  | { fd: number }
  /** `HOLOMUSH_HOST_ADDRESS=unix:<path>`, dialled with a bearer token (dial-in plugins). */
  | { socketPath: string; token: string };

/** What the host tells a spawned or dial-in plugin through its environment (`HOLOMUSH_*` variables). */
export interface PluginEnvironment {
  endpoint: HostEndpoint;
  /** `HOLOMUSH_PLUGIN_NAME`. */
  name: string;
  /** `HOLOMUSH_PLUGIN_VERSION` (empty when the host did not set it). */
  version: string;
  /** `HOLOMUSH_API_VERSIONS`: what the host speaks (informational). */
  hostApiVersions: string[];
  /** `HOLOMUSH_STDIN_LIFELINE=1`: exit when stdin closes (the host that spawned us died). */
  stdinLifeline: boolean;
}

/** Environment variables to read, normally `process.env`. */
export type EnvironmentSource = Record<string, string | undefined>;

/** Reads the plugin environment; returns the missing variable names when incomplete. */
export function readPluginEnvironment(
  env: EnvironmentSource,
  readToken: (file: string) => string = (file) => readFileSync(file, "utf8"),
): PluginEnvironment | { missing: string[] } {
  const missing: string[] = [];
  if (!env.HOLOMUSH_PLUGIN_NAME) missing.push("HOLOMUSH_PLUGIN_NAME");
  const endpoint = readEndpoint(env, readToken, missing);
  if (endpoint === undefined || missing.length > 0) return { missing };
  return {
    endpoint,
    name: env.HOLOMUSH_PLUGIN_NAME ?? "",
    version: env.HOLOMUSH_PLUGIN_VERSION ?? "",
    hostApiVersions: (env.HOLOMUSH_API_VERSIONS ?? PLUGIN_API_VERSIONS.join(","))
      .split(",")
      .map((version) => version.trim())
      .filter(Boolean),
    stdinLifeline: env.HOLOMUSH_STDIN_LIFELINE === "1",
  };
}

function readEndpoint(
  env: EnvironmentSource,
  readToken: (file: string) => string,
  missing: string[],
): HostEndpoint | undefined {
  if (env.HOLOMUSH_HOST_FD !== undefined) {
    const fd = Number(env.HOLOMUSH_HOST_FD);
    if (Number.isInteger(fd) && fd > 2) return { fd };
    missing.push("HOLOMUSH_HOST_FD (must be a descriptor number above 2)");
    return undefined;
  }
  const address = env.HOLOMUSH_HOST_ADDRESS ?? "";
  if (!address) missing.push("HOLOMUSH_HOST_ADDRESS");
  else if (!address.startsWith("unix:")) missing.push("HOLOMUSH_HOST_ADDRESS (must be unix:<socket path>)");
  let token = env.HOLOMUSH_PLUGIN_TOKEN ?? "";
  if (env.HOLOMUSH_PLUGIN_TOKEN_FILE) {
    try {
      token = readToken(env.HOLOMUSH_PLUGIN_TOKEN_FILE).trim();
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? String(error);
      missing.push(`HOLOMUSH_PLUGIN_TOKEN_FILE (cannot read ${env.HOLOMUSH_PLUGIN_TOKEN_FILE}: ${reason})`);
      return undefined;
    }
  }
  if (!token) missing.push("HOLOMUSH_PLUGIN_TOKEN");
  if (missing.length > 0) return undefined;
  return { socketPath: address.slice("unix:".length), token };
}

/** The message printed when a plugin is started outside a host. */
export function missingEnvironmentMessage(missing: string[]): string {
  return [
    `holomush plugin: missing environment: ${missing.join(", ")}.`,
    "This program is a HoloMUSH process plugin: the host starts it (plugin.yaml `binary-plugin.executable`)",
    "and hands it a connection (HOLOMUSH_HOST_FD). To run it yourself as a dial-in plugin, remove",
    "`executable` from its plugin.yaml and export HOLOMUSH_HOST_ADDRESS=unix:<host socket>,",
    "HOLOMUSH_PLUGIN_NAME=<name> and HOLOMUSH_PLUGIN_TOKEN_FILE=<file holding the token from the host operator>",
    "(or HOLOMUSH_PLUGIN_TOKEN=<token>).",
  ].join("\n");
}
