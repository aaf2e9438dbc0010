/**
 * Turns a parsed plugin.yaml into a normalised ManifestSource, reporting
 * every problem at once (each with file, field and an actionable message).
 * FACTS.md "Manifest" is normative; schema/plugin.schema.json mirrors it.
 */
import semver from "semver";
import type { HostError } from "../errors.js";
import { createFieldChecker, isMapping } from "./field-checker.js";
import { HOLOMUSH_ONLY_KEYS, normalizeHolomushKeys } from "./holomush-keys.js";
import { type ManifestSource, PLUGIN_TYPES, type PluginManifest } from "./manifest.js";
import { DEFAULT_PRIORITY, MANIFEST_KEYS, PRIORITY_RANGE } from "./manifest-rules.js";
import { validateCommands, validatePolicies } from "./validate-commands.js";
import { PLUGIN_NAME_RULE, validateDependencies, validateServiceList } from "./validate-dependencies.js";
import { validateDelivery, validateEmits, validateEvents } from "./validate-events.js";
import { validateRuntimeSections } from "./validate-runtime-section.js";

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
  const name = check.required(input, "", "name", (value, at) => check.string(value, at, PLUGIN_NAME_RULE));
  if (name !== undefined) check.setPlugin(name);
  check.knownKeys(input, "", [...MANIFEST_KEYS, ...HOLOMUSH_ONLY_KEYS]);
  // HoloMUSH's forms (events as strings, requires: - capability:, ...) become ours first.
  const { raw, hostCapabilities, foreignPolicies } = normalizeHolomushKeys(check, input);

  const version = check.required(raw, "", "version", (value, at) => {
    const text = check.string(value, at);
    if (text === undefined || isStrictSemver(text)) return text;
    return check.fail(at, `${JSON.stringify(text)} is not a strict semver 2.0 version (e.g. 1.0.0, 1.2.0-beta.1)`);
  });
  const type = check.required(raw, "", "type", (value, at) => check.oneOf(value, at, PLUGIN_TYPES));
  const description = raw.description === undefined ? "" : check.string(raw.description, "description");
  const requires = raw.requires === undefined ? [] : validateServiceList(check, raw.requires, "requires");
  const provides = raw.provides === undefined ? [] : validateServiceList(check, raw.provides, "provides");
  if (type !== undefined && type !== "binary" && provides.length > 0) {
    check.fail("provides", `only binary plugins can provide services; this plugin is type: ${type}`);
  }
  const storage = raw.storage === undefined ? "kv" : check.oneOf(raw.storage, "storage", ["kv", "postgres"] as const);
  if (type !== undefined && type !== "binary" && storage === "postgres") {
    check.fail("storage", `storage: postgres is only for binary plugins; this plugin is type: ${type} (use kv)`);
  }
  const priority =
    raw.priority === undefined ? DEFAULT_PRIORITY : check.integer(raw.priority, "priority", PRIORITY_RANGE);
  const config = raw.config === undefined ? {} : check.mapping(raw.config, "config");
  const delivery = validateDelivery(check, raw.delivery ?? {});
  const emits = raw.emits === undefined ? [] : validateEmits(check, raw.emits);
  const sections = validateRuntimeSections(check, raw, type, delivery.timeoutMs, emits.length > 0, options.registered);

  const manifest: Partial<PluginManifest> = {
    name,
    version,
    type,
    description,
    requires,
    provides,
    storage,
    commands: raw.commands === undefined ? [] : validateCommands(check, raw.commands),
    policies: raw.policies === undefined ? [] : validatePolicies(check, raw.policies),
    emits,
    events: raw.events === undefined ? [] : validateEvents(check, raw.events),
    dependencies: raw.dependencies === undefined ? [] : validateDependencies(check, raw.dependencies, name),
    priority,
    config,
    delivery,
  };
  if (check.errors.length > 0 || type === undefined) return { errors: check.errors };
  // No errors means every field above was read successfully, so the manifest is complete.
  // Only the section matching `type` is kept; the others were reported as errors.
  const sectionKey = SECTION_PROPERTIES[type];
  const complete = { ...(manifest as PluginManifest), [sectionKey]: sections[sectionKey] };
  if (Object.keys(foreignPolicies).length > 0) complete.foreignPolicies = foreignPolicies;
  if (hostCapabilities.length > 0) complete.hostCapabilities = hostCapabilities;
  return {
    source: { manifest: complete, file, dir, ...(options.registered ? { registered: true as const } : {}) },
    errors: [],
  };
}

const SECTION_PROPERTIES = {
  wasm: "wasmPlugin",
  binary: "binaryPlugin",
  lua: "luaPlugin",
  inproc: "inprocPlugin",
} as const;

/** semver.parse also accepts `v1.0.0`, `=1.0.0` and surrounding spaces; strict means the text is the canonical form. */
function isStrictSemver(text: string): boolean {
  const parsed = semver.parse(text);
  if (!parsed) return false;
  const build = parsed.build.length > 0 ? `+${parsed.build.join(".")}` : "";
  return `${parsed.version}${build}` === text;
}
