/**
 * Focus calls of a singleton for players on other nodes. Sessions live on
 * the node the player is connected to; a singleton running elsewhere that
 * joins, leaves or presents a focus for such a session sends the call over
 * NATS request/reply to `holomush.focus.<plugin>`, and the node holding the
 * session answers — through its own host API for that plugin, so the
 * session-link check (the session sent this plugin a command) and the
 * authorizer run where the session is, as they would on one host.
 */
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import type { Logger } from "pino";
import { HostError, HostErrorCode } from "../errors.js";
import type { FocusTarget, PluginHostApi } from "../plugins/plugin-host-api.js";
import { subjectToken } from "./event-subjects.js";

const FOCUS_SUBJECT_PREFIX = "holomush.focus";

type FocusCall =
  | { op: "join" | "leave" | "present"; sessionId: string; target: FocusTarget }
  | { op: "leaveByTarget"; target: FocusTarget; characterId?: string };

type FocusReply = { ok: true; result: unknown } | { ok: false; code: string; message: string };

const focusSubject = (plugin: string) => `${FOCUS_SUBJECT_PREFIX}.${subjectToken(plugin)}`;
const encoder = new TextEncoder();

async function runLocal(api: PluginHostApi, call: FocusCall): Promise<unknown> {
  switch (call.op) {
    case "join":
      return api.joinFocus(call.sessionId, call.target);
    case "leave":
      return api.leaveFocus(call.sessionId, call.target);
    case "present":
      return api.presentFocus(call.sessionId, call.target);
    case "leaveByTarget":
      return api.leaveFocusByTarget(call.target, call.characterId);
  }
}

/** Answers focus calls for the sessions on this node (other nodes stay silent). */
export function serveFocusCalls(
  nc: NatsConnection,
  plugin: string,
  api: PluginHostApi,
  hasSession: (sessionId: string) => boolean,
  logger: Logger,
): Subscription {
  return nc.subscribe(focusSubject(plugin), {
    callback: (error, message) => {
      if (error) return;
      let call: FocusCall;
      try {
        call = JSON.parse(message.string()) as FocusCall;
      } catch {
        return;
      }
      if (call.op !== "leaveByTarget" && !hasSession(call.sessionId)) return;
      void runLocal(api, call).then(
        (result) => message.reply && message.respond(encoder.encode(JSON.stringify({ ok: true, result }))),
        (failure: unknown) => {
          const code = failure instanceof HostError ? failure.code : HostErrorCode.PLUGIN_CALL_FAILED;
          logger.warn({ plugin, op: call.op, err: failure }, "relayed focus call refused");
          if (message.reply) {
            message.respond(encoder.encode(JSON.stringify({ ok: false, code, message: String(failure) })));
          }
        },
      );
    },
  });
}

/** The host API a singleton's real instance gets: focus calls for other nodes' sessions go to those nodes. */
export function relayingHostApi(
  local: PluginHostApi,
  nc: NatsConnection,
  hasSession: (sessionId: string) => boolean,
  timeoutMs: number,
): PluginHostApi {
  const plugin = local.pluginName;
  async function relay<T>(call: FocusCall): Promise<T> {
    let reply: FocusReply;
    try {
      const message = await nc.request(focusSubject(plugin), encoder.encode(JSON.stringify(call)), {
        timeout: timeoutMs,
      });
      reply = JSON.parse(message.string()) as FocusReply;
    } catch (error) {
      throw new HostError(
        HostErrorCode.SESSION_NOT_FOUND,
        `no node has session ${"sessionId" in call ? call.sessionId : ""}`,
        { plugin, cause: error },
      );
    }
    if (reply.ok) return reply.result as T;
    const known = Object.values(HostErrorCode).includes(reply.code as HostErrorCode);
    throw new HostError(known ? (reply.code as HostErrorCode) : HostErrorCode.PLUGIN_CALL_FAILED, reply.message, {
      plugin,
    });
  }
  return {
    ...local,
    joinFocus: (sessionId, target) =>
      hasSession(sessionId) ? local.joinFocus(sessionId, target) : relay({ op: "join", sessionId, target }),
    leaveFocus: (sessionId, target) =>
      hasSession(sessionId) ? local.leaveFocus(sessionId, target) : relay({ op: "leave", sessionId, target }),
    presentFocus: (sessionId, target) =>
      hasSession(sessionId) ? local.presentFocus(sessionId, target) : relay({ op: "present", sessionId, target }),
    async leaveFocusByTarget(target, characterId) {
      const left = await local.leaveFocusByTarget(target, characterId);
      // Every other node drops its sessions from the target too (their counts are not waited for).
      nc.publish(
        focusSubject(plugin),
        encoder.encode(
          JSON.stringify({ op: "leaveByTarget", target, ...(characterId === undefined ? {} : { characterId }) }),
        ),
      );
      return left;
    },
  };
}
