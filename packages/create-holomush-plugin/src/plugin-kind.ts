import type { TemplateContext } from "./template-context.js";

/** One file of a scaffolded plugin, relative to its directory. */
export interface TemplateFile {
  /** The file's content. */
  readonly text: string;
  /** Unix mode, for launchers the host executes. */
  readonly mode?: number;
}

/** One kind of plugin the scaffolder writes: its name, its files and the commands that build and test it. */
export interface PluginKind {
  /** The value of `--kind`. */
  readonly id: string;
  /** The name shown when choosing a kind. */
  readonly label: string;
  /** One line shown beside the label when choosing. */
  readonly hint: string;
  /** The commands to run after scaffolding, in order (shown to the author, run by the tests). */
  readonly steps: readonly string[];
  /** The files to write, by path relative to the plugin directory. */
  files(context: TemplateContext): Record<string, TemplateFile>;
}
