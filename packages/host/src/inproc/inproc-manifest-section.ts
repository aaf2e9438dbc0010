/**
 * The `inproc-plugin:` section of a `type: inproc` plugin loaded from a
 * directory: the JS module that exports the plugin object.
 */
import { Type } from "@sinclair/typebox";
import { defineManifestSection, shaped } from "../manifest/manifest-section.js";
import { pluginPath } from "../manifest/schema-nodes.js";

/** The `inproc-plugin:` section of a `type: inproc` plugin loaded from a directory. */
export interface InprocPluginSection {
  /** JS module (relative to the plugin dir) whose default or `plugin` export is the plugin object. */
  module: string;
}

export const inprocManifestSection = defineManifestSection(
  "inproc",
  shaped<InprocPluginSection>()(
    Type.Object(
      {
        module: pluginPath(
          { file: true },
          {
            description: "JS module whose default or `plugin` export is the plugin object.",
            "x-required": "is required: the JS module exporting the plugin",
          },
        ),
      },
      { additionalProperties: false, description: "Settings for type: inproc." },
    ),
  ),
);
