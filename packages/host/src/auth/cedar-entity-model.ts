/**
 * How the host's names become Cedar entity types (docs/authorization.md,
 * "Entity model").
 *
 * Principals: `Character`, `Plugin`, `System`. Core resources: `Command`,
 * `Stream`, `Kv`, `Location`, `Scene`, `Focus`, `Service` and `Character`.
 * A capability resource that is not a core name is the declaring plugin's
 * own type, in a namespace named after the plugin (`-` becomes `_`, which
 * plugin names never contain, so the mapping is one-to-one):
 * plugin `dice-roller`, resource `dice` → `dice_roller::dice`; resource
 * `board:tile` → `dice_roller::board::tile`.
 */
import { HostError, HostErrorCode } from "../errors.js";
import type { PluginManifest } from "../manifest/manifest.js";
import type { PrincipalKind } from "./authorizer.js";

/** The host's lower-case resource names → core Cedar types. */
export const CORE_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  command: "Command",
  stream: "Stream",
  kv: "Kv",
  location: "Location",
  scene: "Scene",
  focus: "Focus",
  service: "Service",
  character: "Character",
};

export const PRINCIPAL_TYPES: Readonly<Record<PrincipalKind, string>> = {
  character: "Character",
  plugin: "Plugin",
  system: "System",
};

/** Every type in the root namespace: what a plugin policy may not name without trust. */
export const CORE_TYPE_NAMES: ReadonlySet<string> = new Set([
  ...Object.values(CORE_RESOURCE_TYPES),
  ...Object.values(PRINCIPAL_TYPES),
]);

/** The actions the host itself asks about; capabilities add their own. */
export const HOST_ACTIONS = ["execute", "emit", "read", "write", "call"] as const;

// Words Cedar reserves; an identifier segment equal to one cannot name a type.
const RESERVED = new Set(["true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar"]);

export function pluginNamespace(plugin: string): string {
  return plugin.replaceAll("-", "_");
}

/** The plugin whose namespace a Cedar type lives in, or undefined for a root (core) type. */
export function namespaceOf(cedarType: string): string | undefined {
  const cut = cedarType.indexOf("::");
  return cut < 0 ? undefined : cedarType.slice(0, cut);
}

export function isCoreResource(resource: string): boolean {
  return Object.hasOwn(CORE_RESOURCE_TYPES, resource.toLowerCase());
}

/** The Cedar type of a resource name as seen from `plugin` (core names win). */
export function cedarResourceType(resource: string, plugin: string | undefined): string | undefined {
  const core = CORE_RESOURCE_TYPES[resource.toLowerCase()];
  if (core !== undefined) return core;
  if (plugin === undefined) return undefined;
  const segments = resource.split(":").map((segment) => segment.replaceAll("-", "_"));
  return [pluginNamespace(plugin), ...segments].join("::");
}

/**
 * A plugin's own resource types: every capability resource that is not a
 * core name. Refuses names Cedar cannot express and names that collide once
 * `-` becomes `_` (POLICY_INVALID, naming the capability).
 */
export function ownResourceTypes(manifest: PluginManifest): Map<string, string> {
  const types = new Map<string, string>();
  manifest.commands.forEach((command, commandIndex) => {
    command.capabilities.forEach((capability, capabilityIndex) => {
      const { resource } = capability;
      if (isCoreResource(resource)) return;
      const field = `commands[${commandIndex}].capabilities[${capabilityIndex}].resource`;
      const reserved = resource.split(":").find((segment) => RESERVED.has(segment));
      if (reserved !== undefined) {
        throw new HostError(
          HostErrorCode.POLICY_INVALID,
          `plugin ${manifest.name}: resource "${resource}" cannot be a Cedar type ("${reserved}" is a Cedar keyword)`,
          { plugin: manifest.name, field },
        );
      }
      const cedarType = cedarResourceType(resource, manifest.name) as string;
      const earlier = [...types].find(([name, type]) => type === cedarType && name !== resource);
      if (earlier !== undefined) {
        throw new HostError(
          HostErrorCode.POLICY_INVALID,
          `plugin ${manifest.name}: resources "${earlier[0]}" and "${resource}" both become Cedar type ${cedarType}`,
          { plugin: manifest.name, field },
        );
      }
      types.set(resource, cedarType);
    });
  });
  return types;
}

/** Actions a manifest's capabilities introduce (beyond the host's own). */
export function capabilityActions(manifest: PluginManifest): string[] {
  return manifest.commands.flatMap((command) => command.capabilities.map((capability) => capability.action));
}
