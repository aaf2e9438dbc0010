/**
 * `commands[]` and `policies[]`. Command names and aliases share one
 * namespace per manifest: a duplicate would make dispatch ambiguous.
 */
import { type FieldChecker, fieldPath } from "./field-checker.js";
import {
  CAPABILITY_SCOPES,
  type CommandCapability,
  type CommandDeclaration,
  type PolicyDeclaration,
} from "./manifest.js";
import {
  ALIAS_PATTERN,
  COMMAND_NAME_PATTERN,
  IDENTIFIER_MAX_LENGTH,
  IDENTIFIER_PATTERN,
  RESOURCE_PATTERN,
} from "./manifest-rules.js";
import { checkPluginPath } from "./plugin-relative-path.js";

const COMMAND_NAME_RULE = {
  pattern: COMMAND_NAME_PATTERN,
  patternHint: "a lowercase letter followed by up to 19 of a-z 0-9 _ -",
};
/** An alias may also be one punctuation character, typed as a prefix (HoloMUSH's `"` `:` `;`). */
const ALIAS_RULE = {
  pattern: ALIAS_PATTERN,
  patternHint: "a lowercase letter followed by up to 19 of a-z 0-9 _ -, or one punctuation character",
};
const IDENTIFIER_RULE = {
  pattern: IDENTIFIER_PATTERN,
  patternHint: "an identifier (letters, digits, _ and -; not starting with a digit or -)",
  maxLength: IDENTIFIER_MAX_LENGTH,
};
const RESOURCE_RULE = {
  pattern: RESOURCE_PATTERN,
  patternHint: "identifiers joined by ':' (e.g. scene, location:exit)",
  maxLength: IDENTIFIER_MAX_LENGTH,
};

export function validateCommands(check: FieldChecker, value: unknown): CommandDeclaration[] {
  const commands: CommandDeclaration[] = [];
  const taken = new Map<string, string>();
  const claim = (name: string | undefined, field: string) => {
    if (name === undefined) return;
    const owner = taken.get(name);
    if (owner) check.fail(field, `command name "${name}" is already used by ${owner}`);
    else taken.set(name, field);
  };
  (check.list(value, "commands") ?? []).forEach((item, index) => {
    const parent = fieldPath("commands", index);
    const raw = check.mapping(item, parent);
    if (!raw) return;
    check.knownKeys(raw, parent, ["name", "help", "usage", "aliases", "capabilities", "helpText", "helpFile"]);
    const name = check.required(raw, parent, "name", (value, at) => check.string(value, at, COMMAND_NAME_RULE));
    claim(name, fieldPath(parent, "name"));
    // HoloMUSH makes help optional when helpText or helpFile carries it.
    const longHelp = raw.helpText !== undefined || raw.helpFile !== undefined;
    const help =
      raw.help === undefined && longHelp
        ? ""
        : check.required(raw, parent, "help", (value, at) => check.string(value, at, { nonEmpty: true }));
    if (raw.helpText !== undefined && raw.helpFile !== undefined) {
      check.fail(fieldPath(parent, "helpFile"), "helpText and helpFile are exclusive: give one");
    }
    const helpText = raw.helpText === undefined ? undefined : check.string(raw.helpText, fieldPath(parent, "helpText"));
    if (raw.helpFile !== undefined) checkPluginPath(check, raw.helpFile, fieldPath(parent, "helpFile"), { file: true });
    const usage = raw.usage === undefined ? name : check.string(raw.usage, fieldPath(parent, "usage"));
    const aliasesField = fieldPath(parent, "aliases");
    const aliases = raw.aliases === undefined ? [] : (check.stringList(raw.aliases, aliasesField, ALIAS_RULE) ?? []);
    aliases.forEach((alias, aliasIndex) => {
      claim(alias, fieldPath(aliasesField, aliasIndex));
    });
    const capabilities = raw.capabilities === undefined ? [] : validateCapabilities(check, raw.capabilities, parent);
    if (name !== undefined && help !== undefined && usage !== undefined) {
      commands.push({ name, help, usage, aliases, capabilities, ...(helpText === undefined ? {} : { helpText }) });
    }
  });
  return commands;
}

function validateCapabilities(check: FieldChecker, value: unknown, parent: string): CommandCapability[] {
  const listField = fieldPath(parent, "capabilities");
  const capabilities: CommandCapability[] = [];
  (check.list(value, listField) ?? []).forEach((item, index) => {
    const field = fieldPath(listField, index);
    const raw = check.mapping(item, field);
    if (!raw) return;
    check.knownKeys(raw, field, ["action", "resource", "scope"]);
    const action = check.required(raw, field, "action", (value, at) => check.string(value, at, IDENTIFIER_RULE));
    const resource = check.required(raw, field, "resource", (value, at) => check.string(value, at, RESOURCE_RULE));
    // HoloMUSH writes an unscoped capability as scope "" (or leaves it out): anywhere, i.e. global.
    const scope =
      raw.scope === ""
        ? "global"
        : check.required(raw, field, "scope", (value, at) => check.oneOf(value, at, CAPABILITY_SCOPES));
    if (action !== undefined && resource !== undefined && scope !== undefined) {
      capabilities.push({ action, resource, scope });
    }
  });
  return capabilities;
}

/** `policies[]`: named Cedar policy text (parsed by the authorizer, not here). */
export function validatePolicies(check: FieldChecker, value: unknown): PolicyDeclaration[] {
  const policies: PolicyDeclaration[] = [];
  const names = new Map<string, string>();
  (check.list(value, "policies") ?? []).forEach((item, index) => {
    const parent = fieldPath("policies", index);
    const raw = check.mapping(item, parent);
    if (!raw) return;
    check.knownKeys(raw, parent, ["name", "policy"]);
    const name = check.required(raw, parent, "name", (value, at) => check.string(value, at, IDENTIFIER_RULE));
    if (name !== undefined && names.has(name)) {
      check.fail(fieldPath(parent, "name"), `policy name "${name}" is already used by ${names.get(name)}`);
    } else if (name !== undefined) {
      names.set(name, fieldPath(parent, "name"));
    }
    const policy = check.required(raw, parent, "policy", (value, at) => check.string(value, at, { nonEmpty: true }));
    if (name !== undefined && policy !== undefined) policies.push({ name, policy });
  });
  return policies;
}
