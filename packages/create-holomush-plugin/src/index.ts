// create-holomush-plugin: the scaffolder behind `npm create holomush-plugin`, also usable from code.
export { findKind, PLUGIN_KINDS } from "./kinds.js";
export type { PluginKind, TemplateFile } from "./plugin-kind.js";
export { commandNameFor, pluginNameProblem } from "./plugin-name.js";
export { ScaffoldError, type ScaffoldOptions, type ScaffoldResult, scaffoldPlugin } from "./scaffold.js";
export {
  GO_SDK_MODULE,
  GO_SDK_VERSION,
  GO_VERSION,
  PYTHON_SDK,
  PYTHON_SDK_RANGE,
  type SdkSources,
  sdkSourcesIn,
} from "./sdks.js";
export type { ContextOptions, HolomushPackage, TemplateContext } from "./template-context.js";
export { TOOLCHAIN, type Tool } from "./toolchain.js";
