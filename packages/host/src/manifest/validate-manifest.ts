/**
 * Turns a parsed plugin.yaml into a normalised ManifestSource, reporting
 * every problem at once (each with file, field and an actionable message).
 * The rules are the manifest definition (manifest-schema.ts, docs/manifest.md),
 * read by schema-reader.ts; schema/plugin.schema.json is generated from it.
 */
import type { HostError } from "../errors.js";
import { createFieldChecker, isMapping } from "./field-checker.js";
import { HOLOMUSH_ONLY_KEYS, normalizeHolomushKeys } from "./holomush-keys.js";
import type { ManifestSource, PluginManifest } from "./manifest.js";
import { MANIFEST_PROPERTY_KEYS, PluginManifestSchema, sectionProperties } from "./manifest-schema.js";
import { type ReadContext, readNode, readProperties } from "./schema-reader.js";

/** A validated manifest, or every problem found in it. */
export interface ManifestResult {
  /** Present only when `errors` is empty. */
  source?: ManifestSource;
  errors: HostError[];
}

/** How a manifest reaches the validator. */
export interface ValidateManifestOptions {
  /**
   * The manifest of a plugin the embedder registers as an object
   * (`host.registerPlugin`): an in-process plugin then needs no
   * `inproc-plugin.module`, and the source is marked `registered`.
   */
  registered?: boolean;
}

/**
 * Validates a parsed plugin.yaml, reporting every problem at once; `source` is set only when there are none.
 *
 * @param input the YAML document as plain data
 * @param file the manifest path, put on every error
 * @param dir the plugin directory, stored on the ManifestSource
 * @param options `registered` for a plugin the embedder hands over as an object
 */
export function validateManifest(
  input: unknown,
  file: string,
  dir: string,
  options: ValidateManifestOptions = {},
): ManifestResult {
  const check = createFieldChecker(file);
  if (!isMapping(input)) {
    check.fail("", "a plugin.yaml must be a mapping of keys (name, version, type, ...) at the top level");
    return { errors: check.errors };
  }
  const ctx: ReadContext = { manifest: {}, registered: options.registered === true };
  const nameNode = PluginManifestSchema.properties.name;
  const name = check.required(input, "", "name", (value, at) => readNode(check, nameNode, value, at, ctx));
  if (typeof name === "string") {
    check.setPlugin(name);
    ctx.manifest.name = name;
  }
  check.knownKeys(input, "", [...MANIFEST_PROPERTY_KEYS, ...HOLOMUSH_ONLY_KEYS]);
  // HoloMUSH's forms (events as strings, requires: - capability:, ...) become ours first.
  const { raw, hostCapabilities, foreignPolicies, sessionStreams } = normalizeHolomushKeys(check, input);
  const manifest = readProperties(check, PluginManifestSchema, raw, "", ctx, ctx.manifest, ["name"]);
  if (check.errors.length > 0 || manifest.type === undefined) return { errors: check.errors };
  // No errors means every field was read successfully, so the manifest is complete.
  // Only the section matching `type` is kept; the others were reported as errors.
  const keep = `${manifest.type as string}Plugin`;
  for (const property of sectionProperties()) if (property !== keep) delete manifest[property];
  const complete = manifest as unknown as PluginManifest;
  if (Object.keys(foreignPolicies).length > 0) complete.foreignPolicies = foreignPolicies;
  if (hostCapabilities.length > 0) complete.hostCapabilities = hostCapabilities;
  // HoloMUSH's Lua plugins that declare no `emits` may still answer an event where they heard it.
  if (complete.type === "lua" && raw.emits === undefined) complete.replyEmits = true;
  if (complete.type === "lua" && sessionStreams) complete.sessionStreams = true;
  return {
    source: { manifest: complete, file, dir, ...(options.registered ? { registered: true as const } : {}) },
    errors: [],
  };
}
