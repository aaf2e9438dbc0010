/**
 * Command response helpers, after the Go SDK's pluginsdk.OK / Errorf /
 * Failuref: `ok("Hello!")`, `errorf("no scene %s", id)`. Statuses (README):
 * error = the player's fault, failure = the service degraded, fatal = the
 * dispatch itself failed. Output is limited to 8192 UTF-8 bytes; a longer
 * one throws at once, so the plugin author sees it in their own code.
 */

import { format } from "node:util";
import { create } from "@bufbuild/protobuf";
import { type CommandResponse, CommandResponseSchema, CommandStatus, type EmitEventInit } from "@holomush/proto";
import { PluginSdkError, PluginSdkErrorCode } from "./errors.js";

// An event to publish with the command (a plain object or a generated message): @holomush/proto's.
export type { EmitEventInit };

/** A CommandStatus as the short lower-case name used in logs and tests. */
export type CommandStatusName = "ok" | "error" | "failure" | "fatal" | "unspecified";

/** The byte limit of CommandResponse.output. */
export const MAX_COMMAND_OUTPUT_BYTES = 8192;

/** Success, with the text shown to the invoking character and events to publish as that character. */
export function ok(output: string, events: EmitEventInit[] = []): CommandResponse {
  return buildResponse(CommandStatus.OK, output, events);
}

/** The player's fault (bad input, not found, not permitted). Go-style `%s %d %v %j %%`. */
export function errorf(template: string, ...args: unknown[]): CommandResponse {
  return buildResponse(CommandStatus.ERROR, formatOutput(template, args));
}

/** The service degraded; the player may try again later. */
export function failuref(template: string, ...args: unknown[]): CommandResponse {
  return buildResponse(CommandStatus.FAILURE, formatOutput(template, args));
}

/** The dispatch itself failed. */
export function fatalf(template: string, ...args: unknown[]): CommandResponse {
  return buildResponse(CommandStatus.FATAL, formatOutput(template, args));
}

/** True when the response's status is OK. */
export function isSuccess(response: Pick<CommandResponse, "status">): boolean {
  return response.status === CommandStatus.OK;
}

const NAMES: Record<CommandStatus, CommandStatusName> = {
  [CommandStatus.UNSPECIFIED]: "unspecified",
  [CommandStatus.OK]: "ok",
  [CommandStatus.ERROR]: "error",
  [CommandStatus.FAILURE]: "failure",
  [CommandStatus.FATAL]: "fatal",
};

/** `ok`, `error`, `failure`, `fatal`; `unspecified` for 0 and any value this SDK does not know. */
export function statusToName(status: CommandStatus): CommandStatusName {
  return NAMES[status] ?? "unspecified";
}

/**
 * The status for a name: `ok`, `error`, ... in any case, or the proto enum
 * name (`COMMAND_STATUS_OK`). Anything else throws COMMAND_STATUS_UNKNOWN.
 */
export function statusFromName(name: string): CommandStatus {
  const short = name.toLowerCase().replace(/^command_status_/, "");
  for (const [status, statusName] of Object.entries(NAMES)) {
    if (statusName === short) return Number(status) as CommandStatus;
  }
  throw new PluginSdkError(
    PluginSdkErrorCode.COMMAND_STATUS_UNKNOWN,
    `unknown command status ${JSON.stringify(name)}; expected one of ${Object.values(NAMES).join(", ")}`,
    { details: { status: name } },
  );
}

/**
 * Go's verbs on top of node:util's format: `%v` is `%s`, and `%%` is always a
 * literal percent (util.format leaves it alone when there are no arguments).
 */
function formatOutput(template: string, args: unknown[]): string {
  if (args.length === 0) return template.replace(/%%/g, "%");
  return format(
    template.replace(/%([%v])/g, (_, verb: string) => (verb === "v" ? "%s" : "%%")),
    ...args,
  );
}

function buildResponse(status: CommandStatus, output: string, events: EmitEventInit[] = []): CommandResponse {
  const bytes = Buffer.byteLength(output, "utf8");
  if (bytes > MAX_COMMAND_OUTPUT_BYTES) {
    throw new RangeError(
      `command output is ${bytes} bytes; the limit is ${MAX_COMMAND_OUTPUT_BYTES} UTF-8 bytes (CommandResponse.output) — shorten it or page it`,
    );
  }
  return create(CommandResponseSchema, { status, output, events });
}
