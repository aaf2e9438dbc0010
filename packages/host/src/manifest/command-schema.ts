/**
 * `commands[]` and `policies[]` of plugin.yaml: their definitions and the
 * rules across entries (command names and aliases share one namespace; policy
 * names are unique). Part of the manifest definition (manifest-schema.ts).
 */
import { Type } from "@sinclair/typebox";
import { type FieldChecker, fieldPath } from "./field-checker.js";
import { CAPABILITY_SCOPES, type CommandCapability, type PolicyDeclaration } from "./manifest.js";
import { shaped } from "./manifest-section.js";
import {
  ALIAS_PATTERN,
  COMMAND_NAME_PATTERN,
  IDENTIFIER_MAX_LENGTH,
  identifier,
  ifThen,
  nonEmptyText,
  oneOf,
  patterned,
  pluginPath,
  RESOURCE_PATTERN,
} from "./schema-nodes.js";
import type { ReadContext } from "./schema-reader.js";

const capability = shaped<CommandCapability>()(
  Type.Object(
    {
      action: identifier({ description: "Action, e.g. read, write." }),
      resource: patterned(RESOURCE_PATTERN, "identifiers joined by ':' (e.g. scene, location:exit)", {
        maxLength: IDENTIFIER_MAX_LENGTH,
        description: "Resource kind; identifiers joined by ':' (e.g. scene).",
      }),
      scope: oneOf([...CAPABILITY_SCOPES, ""] as const, {
        description: 'local | self | global; "" (HoloMUSH: unscoped) means global.',
        // HoloMUSH writes an unscoped capability as scope "": anywhere, i.e. global.
        "x-read": (check: FieldChecker, value: unknown, field: string) =>
          value === "" ? "global" : check.oneOf(value, field, CAPABILITY_SCOPES),
      }),
    },
    { additionalProperties: false },
  ),
);

export const command = Type.Object(
  {
    name: patterned(COMMAND_NAME_PATTERN, "a lowercase letter followed by up to 19 of a-z 0-9 _ -", {
      description: "Command name typed by players.",
    }),
    help: Type.Optional(
      nonEmptyText({
        description: "One-line help text (required unless helpText or helpFile is given).",
        // HoloMUSH makes help optional when helpText or helpFile carries it.
        "x-missing": (
          check: FieldChecker,
          field: string,
          _ctx: ReadContext,
          _read: object,
          raw: Record<string, unknown>,
        ) => (raw.helpText !== undefined || raw.helpFile !== undefined ? "" : check.fail(field, "is required")),
      }),
    ),
    helpText: Type.Optional(Type.String({ description: "Long help (HoloMUSH), shown by get_command_help." })),
    helpFile: Type.Optional(
      pluginPath({ file: true }, { description: "Long help in a file (HoloMUSH); exclusive with helpText." }),
    ),
    usage: Type.Optional(
      Type.String({
        description: "Usage synopsis, e.g. scene <subcommand> [args] (default: the name).",
        "x-missing": (_check: FieldChecker, _field: string, _ctx: ReadContext, read: Record<string, unknown>) =>
          read.name,
      }),
    ),
    aliases: Type.Optional(
      Type.Array(
        patterned(
          ALIAS_PATTERN,
          "a lowercase letter followed by up to 19 of a-z 0-9 _ -, or one punctuation character",
          {
            description: 'A command name, or one punctuation character typed as a prefix (", :, ;).',
          },
        ),
        { uniqueItems: true, description: "Other names for the command." },
      ),
    ),
    capabilities: Type.Optional(
      Type.Array(capability, { description: "Every capability must be granted before dispatch." }),
    ),
  },
  {
    additionalProperties: false,
    allOf: [
      ifThen({ not: { anyOf: [{ required: ["helpText"] }, { required: ["helpFile"] }] } }, { required: ["help"] }),
      { not: { required: ["helpText", "helpFile"] } },
    ],
    "x-refine": (check: FieldChecker, raw: Record<string, unknown>, read: Record<string, unknown>, field: string) => {
      if (raw.helpText !== undefined && raw.helpFile !== undefined) {
        check.fail(fieldPath(field, "helpFile"), "helpText and helpFile are exclusive: give one");
      }
      delete read.helpFile;
    },
  },
);

/** Command names and aliases share one namespace per manifest: a duplicate would make dispatch ambiguous. */
export function uniqueCommandNames(check: FieldChecker, _raw: unknown[], read: unknown[], field: string): void {
  const taken = new Map<string, string>();
  const claim = (name: unknown, at: string) => {
    if (typeof name !== "string") return;
    const owner = taken.get(name);
    if (owner) check.fail(at, `command name "${name}" is already used by ${owner}`);
    else taken.set(name, at);
  };
  read.forEach((item, index) => {
    const entry = item as { name?: string; aliases?: string[] } | undefined;
    const parent = fieldPath(field, index);
    claim(entry?.name, fieldPath(parent, "name"));
    entry?.aliases?.forEach((alias, aliasIndex) => {
      claim(alias, fieldPath(fieldPath(parent, "aliases"), aliasIndex));
    });
  });
}

export const policy = shaped<PolicyDeclaration>()(
  Type.Object(
    {
      name: identifier({ description: "Policy name, unique in the manifest." }),
      policy: nonEmptyText({ description: "Cedar policy text." }),
    },
    { additionalProperties: false },
  ),
);

export function uniquePolicyNames(check: FieldChecker, _raw: unknown[], read: unknown[], field: string): void {
  const names = new Map<string, string>();
  read.forEach((item, index) => {
    const name = (item as { name?: string } | undefined)?.name;
    if (name === undefined) return;
    const at = fieldPath(fieldPath(field, index), "name");
    if (names.has(name)) check.fail(at, `policy name "${name}" is already used by ${names.get(name)}`);
    else names.set(name, at);
  });
}
