/**
 * The `binary-plugin:` section of a `type: binary` (process) plugin: what the
 * host spawns, or nothing when the plugin dials in itself (README.md).
 */
import { Type } from "@sinclair/typebox";
import { defineManifestSection, shaped } from "../../manifest/manifest-section.js";
import { ENV_NAME_PATTERN, patterned, pluginPath } from "../../manifest/schema-nodes.js";

/** The `binary-plugin:` section of a `type: binary` (process) plugin. */
export interface BinaryPluginSection {
  /** Executable relative to the plugin directory; absent means the plugin dials in itself. */
  executable?: string;
  /** Arguments passed to the executable. Default none. */
  args: string[];
  /** Environment variables added for the process. Default none. */
  env: Record<string, string>;
  /** Working directory relative to the plugin directory (default: the plugin directory). */
  workDir?: string;
}

export const binaryManifestSection = defineManifestSection(
  "binary",
  shaped<BinaryPluginSection>()(
    Type.Object(
      {
        executable: Type.Optional(
          pluginPath({ file: true }, { description: "Executable relative to the plugin directory." }),
        ),
        "work-dir": Type.Optional(
          pluginPath(
            {},
            { description: "Working directory relative to the plugin directory (default: the plugin directory)." },
          ),
        ),
        args: Type.Optional(Type.Array(Type.String(), { description: "Command-line arguments." })),
        env: Type.Optional(
          Type.Unsafe<Record<string, string>>({
            type: "object",
            propertyNames: patterned(ENV_NAME_PATTERN, "a variable name ([A-Za-z_][A-Za-z0-9_]*)"),
            additionalProperties: Type.String(),
            description: "Extra environment variables.",
          }),
        ),
      },
      {
        additionalProperties: false,
        description: "Settings for type: binary. Without executable, the plugin dials in to the host itself.",
      },
    ),
  ),
);
