/**
 * Every command the loaded plugins declared, by name and alias. A name can
 * belong to one plugin only; registering a plugin is all-or-nothing.
 */
import { HostError, HostErrorCode } from "../errors.js";
import type { CommandDeclaration } from "../manifest/manifest.js";

/** A declared command and the plugin that owns it. */
export interface RegisteredCommand {
  plugin: string;
  declaration: CommandDeclaration;
}

/** Every command the loaded plugins declared, by name and alias; a name belongs to one plugin only. */
export interface CommandRegistry {
  /** Throws COMMAND_DUPLICATE naming both owners when a name or alias is taken. */
  register(plugin: string, declarations: readonly CommandDeclaration[]): void;
  /** Removes every command of a plugin. */
  unregister(plugin: string): void;
  /** The command with this name or alias, or undefined. */
  lookup(nameOrAlias: string): RegisteredCommand | undefined;
  /** One entry per command (not per alias), sorted by name. */
  list(): RegisteredCommand[];
}

export function createCommandRegistry(options: { reserved?: readonly string[] } = {}): CommandRegistry {
  const byName = new Map<string, RegisteredCommand>();
  const reserved = new Set(options.reserved ?? []);

  return {
    register(plugin, declarations) {
      const pending = new Map<string, RegisteredCommand>();
      for (const declaration of declarations) {
        for (const name of [declaration.name, ...declaration.aliases]) {
          const key = name.toLowerCase();
          const owner = reserved.has(key) ? "the host" : (byName.get(key) ?? pending.get(key))?.plugin;
          if (owner !== undefined) {
            throw new HostError(
              HostErrorCode.COMMAND_DUPLICATE,
              `plugin ${plugin}: command "${name}" is already provided by ${owner === plugin ? "this plugin" : owner}`,
              { plugin, field: "commands" },
            );
          }
          pending.set(key, { plugin, declaration });
        }
      }
      for (const [key, entry] of pending) byName.set(key, entry);
    },
    unregister(plugin) {
      for (const [key, entry] of byName) if (entry.plugin === plugin) byName.delete(key);
    },
    lookup(nameOrAlias) {
      return byName.get(nameOrAlias.toLowerCase());
    },
    list() {
      const unique = new Map<string, RegisteredCommand>();
      for (const entry of byName.values()) unique.set(`${entry.plugin}\0${entry.declaration.name}`, entry);
      return [...unique.values()].sort((a, b) => a.declaration.name.localeCompare(b.declaration.name));
    },
  };
}
