import type { TemplateContext } from "./template-context.js";

/** One file of a scaffolded plugin, relative to its directory. */
export interface TemplateFile {
  readonly text: string;
  /** Unix mode, for launchers the host executes. */
  readonly mode?: number;
}

export interface PluginKind {
  /** The value of `--kind`. */
  readonly id: string;
  readonly label: string;
  /** One line shown beside the label when choosing. */
  readonly hint: string;
  /** The commands to run after scaffolding, in order (shown to the author, run by the tests). */
  readonly steps: readonly string[];
  files(context: TemplateContext): Record<string, TemplateFile>;
}
