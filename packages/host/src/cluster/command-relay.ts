/**
 * Commands for a singleton plugin running on another node: NATS
 * request/reply on `holomush.commands.<plugin>`. The node that holds the
 * plugin's lease answers (through the plugin's serialized caller); the
 * asking node has already authorized the command and publishes the events
 * of the answer itself, as it does for a local plugin.
 */
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  type CommandRequest,
  CommandRequestSchema,
  type CommandResponse,
  CommandResponseSchema,
} from "@holomush/proto";
import { headers, type NatsConnection, type Subscription } from "@nats-io/transport-node";
import type { Logger } from "pino";
import { HostError, HostErrorCode, isHostError } from "../errors.js";
import type { CommandResponseInit } from "../plugins/runtime.js";
import { subjectToken } from "./event-subjects.js";

export const COMMAND_SUBJECT_PREFIX = "holomush.commands";
const ERROR_HEADER = "Holomush-Error";

export function commandSubject(plugin: string): string {
  return `${COMMAND_SUBJECT_PREFIX}.${subjectToken(plugin)}`;
}

/** Asks the node running `plugin`; throws PLUGIN_UNAVAILABLE when no node runs it. */
export async function relayCommand(
  nc: NatsConnection,
  plugin: string,
  request: CommandRequest,
  timeoutMs: number,
): Promise<CommandResponse> {
  let reply: Awaited<ReturnType<NatsConnection["request"]>>;
  try {
    reply = await nc.request(commandSubject(plugin), toBinary(CommandRequestSchema, request), { timeout: timeoutMs });
  } catch (error) {
    const text = String(error);
    if (/no responders|503/i.test(text)) {
      throw new HostError(HostErrorCode.PLUGIN_UNAVAILABLE, `plugin ${plugin} is not running on any node right now`, {
        plugin,
        cause: error,
      });
    }
    if (/timeout/i.test(text)) {
      throw new HostError(HostErrorCode.PLUGIN_TIMEOUT, `plugin ${plugin} (on another node) did not answer in time`, {
        plugin,
        cause: error,
      });
    }
    throw new HostError(HostErrorCode.CLUSTER_UNAVAILABLE, `could not reach plugin ${plugin} through NATS: ${text}`, {
      plugin,
      cause: error,
    });
  }
  const code = reply.headers?.get(ERROR_HEADER);
  if (code) {
    const known = Object.values(HostErrorCode).includes(code as HostErrorCode);
    throw new HostError(known ? (code as HostErrorCode) : HostErrorCode.PLUGIN_CALL_FAILED, reply.string(), { plugin });
  }
  return fromBinary(CommandResponseSchema, reply.data);
}

/** Answers this plugin's commands for the other nodes while this node runs it. */
export function serveCommands(
  nc: NatsConnection,
  plugin: string,
  run: (request: CommandRequest) => Promise<CommandResponseInit>,
  logger: Logger,
): Subscription {
  return nc.subscribe(commandSubject(plugin), {
    callback: (error, message) => {
      if (error) return;
      void (async () => {
        try {
          const request = fromBinary(CommandRequestSchema, message.data);
          const response = await run(request);
          message.respond(toBinary(CommandResponseSchema, create(CommandResponseSchema, response)));
        } catch (failure) {
          const h = headers();
          h.set(ERROR_HEADER, isHostError(failure) ? failure.code : HostErrorCode.PLUGIN_CALL_FAILED);
          logger.warn({ plugin, err: failure }, "relayed command failed");
          message.respond(new TextEncoder().encode(failure instanceof Error ? failure.message : String(failure)), {
            headers: h,
          });
        }
      })();
    },
  });
}
