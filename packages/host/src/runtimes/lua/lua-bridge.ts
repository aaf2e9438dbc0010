/**
 * The one JS function a Lua state can reach (`__holo_bridge`, hidden by the
 * prelude): `holomush.*` and the capability globals land here. Answers are
 * plain values, or promises the Lua side awaits (lua-engine.ts yields).
 * Identity is the plugin this bridge was made for, never a request field.
 */
import { FocusKind, LogLevel } from "@holomush/proto";
import type { Logger } from "pino";
import type { AuthorizationDecision } from "../../auth/authorizer.js";
import type { RegisteredCommand } from "../../commands/command-registry.js";
import { HostError, HostErrorCode } from "../../errors.js";
import { createUlidFactory } from "../../ids/ulid-factory.js";
import type { PluginManifest } from "../../manifest/manifest.js";
import type { PluginHostApi } from "../../plugins/plugin-host-api.js";
import { CAPABILITY_METHODS, type CapabilityCallContext, historyPage } from "./lua-capabilities.js";
import type { LuaHostServices } from "./lua-host-services.js";
import { sceneOfStream } from "./lua-session-subscribe.js";
import { err, type LuaPair, ok, RequestFieldError } from "./lua-values.js";

export interface BridgeContext {
  manifest: PluginManifest;
  api: PluginHostApi;
  services: LuaHostServices;
  lastWhispered: Map<string, string>;
  logger: Logger;
  /** The character whose command is running, when there is one. */
  characterId?: string;
}

/** `new_request_id`: one source for every Lua state (ids sort in the order they were made). */
const newRequestId = createUlidFactory();

const LOG_LEVELS: Record<string, LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

export type Bridge = (op: string, a?: unknown, b?: unknown, c?: unknown) => unknown;

export function createBridge(context: BridgeContext): Bridge {
  const { manifest, api, services } = context;
  const plugin = manifest.name;
  const grants = new Map((manifest.hostCapabilities ?? []).map((grant) => [grant.token, grant]));

  function allowed(principal: { kind: "plugin" | "character"; id: string }, action: string, type: string, id: string) {
    return services.authorizer.authorize({
      principal,
      action,
      resourceType: type,
      resourceId: id,
      context: { plugin },
    });
  }

  /**
   * Errors become the `(nil, message)` half of a pair, as HoloMUSH reports
   * them. A synchronous answer stays synchronous: the Lua side then needs no
   * yield, so the call also works where Lua cannot yield (a `gsub` callback,
   * a `table.sort` comparator), as it does in gopher-lua.
   */
  function guarded(run: () => Promise<LuaPair> | LuaPair): Promise<LuaPair> | LuaPair {
    const fail = (error: unknown) => err(failureMessage(error));
    try {
      const result = run();
      return result instanceof Promise ? result.catch(fail) : result;
    } catch (error) {
      return fail(error);
    }
  }

  function capability(token: string, method: string, request: unknown): Promise<LuaPair> | LuaPair {
    const grant = grants.get(token);
    const impl = CAPABILITY_METHODS[token]?.[method];
    if (grant === undefined || impl === undefined) return err(`unknown method ${token}.${method}`);
    if (impl.write && grant.access === "read") return err(`access denied: ${token} is granted read-only`);
    const callContext: CapabilityCallContext = {
      api,
      services,
      lastWhispered: context.lastWhispered,
      ...(context.characterId === undefined ? {} : { characterId: context.characterId }),
    };
    const table = typeof request === "object" && request !== null ? (request as Record<string, unknown>) : {};
    return then(allowed({ kind: "plugin", id: plugin }, "call", "service", `capability:${token}`), (decision) => {
      if (!decision.allowed) {
        context.logger.warn({ token, method, reason: decision.reason }, "capability call denied");
        return err(`access denied: ${decision.reason}`);
      }
      return impl.run(table, callContext);
    });
  }

  /**
   * `holomush.add_session_stream` / `remove_session_stream`. A session here
   * watches its location, its character and its focus memberships, so a
   * scene stream (`scene:<id>`, `scene:<id>:ic|ooc`) maps to the session's
   * scene focus membership; other streams cannot be added. Needs a
   * `stream.subscription` (or `focus`) grant, authorized like a capability
   * call; the focus call then checks the session sent this plugin a command.
   */
  function sessionStream(add: boolean, sessionId: unknown, stream: unknown): Promise<LuaPair> | LuaPair {
    if (typeof sessionId !== "string" || typeof stream !== "string") {
      return err("session_id and stream must be strings");
    }
    const token = ["stream.subscription", "focus"].find((t) => grants.has(t));
    if (token === undefined) {
      return err("access denied: session streams need requires: - capability: stream.subscription");
    }
    const scene = sceneOfStream(stream);
    if (scene === undefined) {
      return err(
        `only scene streams (scene:<id>) can be added to a session here; streams follow focus (got "${stream}")`,
      );
    }
    const target = { kind: FocusKind.SCENE, targetId: scene };
    return then(allowed({ kind: "plugin", id: plugin }, "call", "service", `capability:${token}`), async (decision) => {
      if (!decision.allowed) return err(`access denied: ${decision.reason}`);
      try {
        if (add) await api.joinFocus(sessionId, target);
        else await api.leaveFocus(sessionId, target);
      } catch (error) {
        if (!(error instanceof HostError && error.code === HostErrorCode.FOCUS_ALREADY_MEMBER)) throw error;
      }
      return { v: true };
    });
  }

  function visibleCommands(characterId: string): RegisteredCommand[] | Promise<RegisteredCommand[]> {
    const entries = services.commands?.list() ?? [];
    const decisions = entries.map((entry) =>
      allowed({ kind: "character", id: characterId }, "execute", "command", entry.declaration.name),
    );
    const keep = (answers: AuthorizationDecision[]) => entries.filter((_, index) => answers[index]?.allowed);
    return decisions.some((decision) => decision instanceof Promise)
      ? Promise.all(decisions).then(keep)
      : keep(decisions as AuthorizationDecision[]);
  }

  function commandHelp(name: string, characterId: string): Promise<LuaPair> | LuaPair {
    const entry = services.commands?.lookup(String(name ?? ""));
    if (entry === undefined) return err(`command not found: ${name}`);
    const { declaration } = entry;
    return then(allowed({ kind: "character", id: characterId }, "execute", "command", declaration.name), (decision) =>
      decision.allowed
        ? ok({
            name: declaration.name,
            help: declaration.help,
            usage: declaration.usage,
            help_text: declaration.helpText ?? "",
            source: entry.plugin,
            capabilities: declaration.capabilities.map((c) => ({
              action: c.action,
              resource: c.resource,
              scope: c.scope,
            })),
          })
        : err("access denied"),
    );
  }

  return (op, a, b, c) => {
    switch (op) {
      case "log": {
        const level = LOG_LEVELS[String(a)] ?? LogLevel.INFO;
        api.log(level, String(b ?? ""));
        return undefined;
      }
      case "new_request_id":
        return newRequestId();
      case "config":
        return configValue(manifest.config, String(a), String(b));
      case "list_commands":
        return guarded(() =>
          then(visibleCommands(String(a ?? context.characterId ?? "")), (commands) =>
            ok({
              commands: commands.map((entry) => ({
                name: entry.declaration.name,
                help: entry.declaration.help,
                usage: entry.declaration.usage,
                source: entry.plugin,
              })),
              incomplete: false,
            }),
          ),
        );
      case "get_command_help":
        return guarded(() => commandHelp(String(a), String(b ?? context.characterId ?? "")));
      case "query_stream_history":
        return guarded(async () => ok(await historyPage(api, (a ?? {}) as Record<string, unknown>)));
      case "add_session_stream":
      case "remove_session_stream":
        return guarded(() => sessionStream(op === "add_session_stream", a, b));
      case "capability":
        return guarded(() => capability(String(a), String(b), c));
      default:
        return err(`unknown host call ${op}`);
    }
  };
}

/** `f(value)`, synchronously when `value` is not a promise. */
function then<T, U>(value: T | Promise<T>, f: (resolved: T) => U | Promise<U>): U | Promise<U> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/**
 * `holomush.config.<kind>(key)`: the manifest's `config` entry (HoloMUSH's
 * `{type, default}` form or a plain value). This host has no operator
 * overrides yet. Durations are seconds.
 */
function configValue(config: Record<string, unknown>, kind: string, key: string): LuaPair {
  let value = config[key];
  if (typeof value === "object" && value !== null && !Array.isArray(value))
    value = (value as { default?: unknown }).default;
  if (value === undefined || value === null) return {};
  switch (kind) {
    case "string":
      return { v: String(value) };
    case "int": {
      const n = Number(value);
      return Number.isInteger(n) ? { v: n } : err(`config ${key} is not an integer`);
    }
    case "bool":
      if (typeof value === "boolean") return { v: value };
      if (value === "true" || value === "false") return { v: value === "true" };
      return err(`config ${key} is not a boolean`);
    case "duration": {
      const seconds = parseDuration(value);
      return seconds === undefined ? err(`config ${key} is not a duration`) : { v: seconds };
    }
    default:
      return err(`unknown config kind ${kind}`);
  }
}

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

function parseDuration(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(String(value).trim());
  if (!match) return undefined;
  return Number(match[1]) * (UNITS[match[2] as string] ?? 1);
}

/**
 * The message half of a failed call. A call this host cannot serve at all
 * (its world directory lacks the method) leads with its code, so a plugin
 * can tell "not here" from a bad request.
 */
function failureMessage(error: unknown): string {
  if (error instanceof HostError && error.code === HostErrorCode.SERVICE_UNAVAILABLE) {
    return `${error.code}: ${error.message}`;
  }
  return error instanceof RequestFieldError || error instanceof Error ? error.message : String(error);
}
