/**
 * The first line of a Go or Python plugin's plugin.yaml: the JSON Schema an
 * editor (yaml-language-server) checks the manifest against. The npm kinds
 * name the copy in node_modules; these have no node_modules, so they name the
 * repository's.
 */
export const REPOSITORY_MODELINE =
  "# yaml-language-server: $schema=https://raw.githubusercontent.com/holomush/holomush-plugins/main/packages/host/schema/plugin.schema.json";
