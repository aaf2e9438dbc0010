/**
 * A plugin's name as plugin.yaml requires it (docs/architecture.md: lowercase
 * letters and digits, single hyphens between them, starting with a letter),
 * and the command name derived from it.
 */
const PLUGIN_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MAX_NAME = 64;
/** Commands: a letter, then up to 19 of [a-z0-9_-]. */
const MAX_COMMAND = 20;

/** Why `name` cannot be a plugin name, or undefined when it can. */
export function pluginNameProblem(name: string): string | undefined {
  if (name.length === 0) return "a plugin needs a name";
  if (name.length > MAX_NAME) return `at most ${MAX_NAME} characters (got ${name.length})`;
  if (!PLUGIN_NAME.test(name)) {
    return "use lowercase letters and digits with single hyphens between them, starting with a letter (e.g. dice-roller)";
  }
  return undefined;
}

/** The command the scaffolded plugin answers: its name, cut to a command's 20 characters. */
export function commandNameFor(pluginName: string): string {
  return pluginName.slice(0, MAX_COMMAND).replace(/-+$/, "");
}
