/**
 * Manifests for the authorization tests, normalised by the real manifest
 * validator so defaults (storage, emits, policies) are what the host sees.
 */
import { HostError, HostErrorCode } from "../../errors.js";
import type { PluginManifest } from "../../manifest/manifest.js";
import { validateManifest } from "../../manifest/validate-manifest.js";

export function manifest(raw: Record<string, unknown>): PluginManifest {
  const full = { version: "1.0.0", type: "inproc", "inproc-plugin": { module: "plugin.js" }, ...raw };
  const result = validateManifest(full, `<test:${String(raw.name)}>`, process.cwd());
  if (result.source === undefined) {
    throw new HostError(HostErrorCode.MANIFEST_INVALID, result.errors.map((error) => error.format()).join("\n"));
  }
  return result.source.manifest;
}

export const WORLD_SERVICE = "holomush.world.v1.WorldService";

/** A plugin with a command per scope, its own `dice` type and a few policies of its own. */
export function diceRoller(policies: { name: string; policy: string }[] = []): PluginManifest {
  return manifest({
    name: "dice-roller",
    emits: ["location"],
    requires: [WORLD_SERVICE],
    commands: [
      {
        name: "roll",
        help: "roll",
        usage: "roll",
        capabilities: [{ action: "roll", resource: "dice", scope: "self" }],
      },
      {
        name: "peek",
        help: "peek",
        usage: "peek",
        capabilities: [{ action: "read", resource: "dice", scope: "local" }],
      },
      { name: "boost", help: "b", usage: "b", capabilities: [{ action: "write", resource: "dice", scope: "global" }] },
      { name: "shout", help: "s", usage: "s", capabilities: [{ action: "emit", resource: "stream", scope: "global" }] },
      { name: "stage", help: "s", usage: "s", capabilities: [{ action: "write", resource: "scene", scope: "local" }] },
      { name: "wipe", help: "w", usage: "w" },
    ],
    policies,
  });
}

export const DICE_POLICIES = [
  {
    name: "wipe-admins-only",
    policy: `@reason("only admins may wipe the dice")
forbid (principal, action == Action::"execute", resource == Command::"wipe")
unless { principal has roles && principal.roles.contains("admin") };`,
  },
  {
    name: "gm-rolls",
    policy: `permit (principal is Character, action == Action::"roll", resource is dice_roller::dice)
when { principal.roles.contains("gm") };`,
  },
  {
    name: "self-read-dice",
    policy: `permit (principal == Plugin::"dice-roller", action == Action::"read", resource is dice_roller::dice);`,
  },
];

export function notes(policies: { name: string; policy: string }[] = []): PluginManifest {
  return manifest({
    name: "notes",
    emits: ["character"],
    commands: [
      { name: "note", help: "n", usage: "n", capabilities: [{ action: "write", resource: "note", scope: "self" }] },
    ],
    policies,
  });
}
