import type { CommandRegistry } from "./command-registry.js";

/** `help` lists every command with its usage; `help <name>` shows one. */
export function helpText(registry: CommandRegistry, topic: string): string {
  const wanted = topic.trim().toLowerCase();
  if (wanted.length > 0) {
    const entry = registry.lookup(wanted);
    if (entry === undefined) return `No help for "${wanted}". Type "help" for the list.`;
    const { declaration, plugin } = entry;
    const aliases = declaration.aliases.length > 0 ? `\nAliases: ${declaration.aliases.join(", ")}` : "";
    return `${declaration.name} — ${declaration.help}\nUsage: ${declaration.usage || declaration.name}${aliases}\n(from ${plugin})`;
  }
  const lines = registry
    .list()
    .map(({ declaration }) => `  ${(declaration.usage || declaration.name).padEnd(32)} ${declaration.help}`);
  return [
    "Commands:",
    ...lines,
    "  help [command]                   this list, or one command",
    "  quit                             leave",
  ].join("\n");
}
