// create-holomush-plugin: the scaffolder behind `npm create holomush-plugin`, also usable from code.
export { findKind, PLUGIN_KINDS } from "./kinds.js";
export type { PluginKind, TemplateFile } from "./plugin-kind.js";
export { commandNameFor, pluginNameProblem } from "./plugin-name.js";
export { ScaffoldError, type ScaffoldOptions, type ScaffoldResult, scaffoldPlugin } from "./scaffold.js";
export type { ContextOptions, HolomushPackage, TemplateContext } from "./template-context.js";
export { TOOLCHAIN, type Tool } from "./toolchain.js";
