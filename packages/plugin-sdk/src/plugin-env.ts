/**
 * What the host hands a process plugin in its environment. A plugin started
 * by hand, outside a host, gets a message naming what is missing and exits
 * with code 2 instead of a stack trace.
 */
import { PLUGIN_API_VERSIONS } from "@holomush/proto";

export interface PluginEnvironment {
  /** Path of the host's unix socket (from `HOLOMUSH_HOST_ADDRESS=unix:<path>`). */
  socketPath: string;
  /** `HOLOMUSH_PLUGIN_NAME`. */
  name: string;
  /** `HOLOMUSH_PLUGIN_VERSION` (empty when the host did not set it). */
  version: string;
  /** `HOLOMUSH_PLUGIN_TOKEN`: the bearer secret that identifies this plugin. */
  token: string;
  /** `HOLOMUSH_API_VERSIONS`: what the host speaks (informational). */
  hostApiVersions: string[];
  /** `HOLOMUSH_STDIN_LIFELINE=1`: exit when stdin closes (the host that spawned us died). */
  stdinLifeline: boolean;
}

export type EnvironmentSource = Record<string, string | undefined>;

const REQUIRED = ["HOLOMUSH_HOST_ADDRESS", "HOLOMUSH_PLUGIN_NAME", "HOLOMUSH_PLUGIN_TOKEN"] as const;

/** Reads the plugin environment; returns the missing variable names when incomplete. */
export function readPluginEnvironment(env: EnvironmentSource): PluginEnvironment | { missing: string[] } {
  const missing: string[] = REQUIRED.filter((name) => !env[name]);
  const address = env.HOLOMUSH_HOST_ADDRESS ?? "";
  if (address && !address.startsWith("unix:")) missing.push("HOLOMUSH_HOST_ADDRESS (must be unix:<socket path>)");
  if (missing.length > 0) return { missing };
  return {
    socketPath: address.slice("unix:".length),
    name: env.HOLOMUSH_PLUGIN_NAME ?? "",
    version: env.HOLOMUSH_PLUGIN_VERSION ?? "",
    token: env.HOLOMUSH_PLUGIN_TOKEN ?? "",
    hostApiVersions: (env.HOLOMUSH_API_VERSIONS ?? PLUGIN_API_VERSIONS.join(","))
      .split(",")
      .map((version) => version.trim())
      .filter(Boolean),
    stdinLifeline: env.HOLOMUSH_STDIN_LIFELINE === "1",
  };
}

/** The message printed when a plugin is started outside a host. */
export function missingEnvironmentMessage(missing: string[]): string {
  return [
    `holomush plugin: missing environment: ${missing.join(", ")}.`,
    "This program is a HoloMUSH process plugin: the host starts it (plugin.yaml `binary-plugin.executable`)",
    "and passes the socket address and a token in HOLOMUSH_* variables. To run it yourself as a dial-in",
    "plugin, remove `executable` from its plugin.yaml and export HOLOMUSH_HOST_ADDRESS=unix:<host socket>,",
    "HOLOMUSH_PLUGIN_NAME=<name> and HOLOMUSH_PLUGIN_TOKEN=<token from the host operator>.",
  ].join("\n");
}
