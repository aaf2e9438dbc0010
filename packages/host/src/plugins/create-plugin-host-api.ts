/**
 * The one place a plugin's requests enter the host. The plugin's identity is
 * fixed when this object is made; every call is authorized for that plugin
 * and scoped to it (its KV namespace, its actor id on emitted events).
 */
import { FocusKind, type LogLevel } from "@holomush/proto";
import type { Logger } from "pino";
import type { Authorizer } from "../auth/authorizer.js";
import { HostError, HostErrorCode } from "../errors.js";
import { checkEmit } from "../events/emit-fence.js";
import type { EventBus } from "../events/event-bus.js";
import type { FocusCoordinator } from "../focus/focus-coordinator.js";
import type { ManifestSource } from "../manifest/manifest.js";
import type { EventStore } from "../storage/event-store.js";
import { KV_LIMITS, type KvStore } from "../storage/kv-store.js";
import type { FocusTarget, PluginHostApi } from "./plugin-host-api.js";
import type { ServiceDirectory } from "./service-directory.js";
import type { SessionLinks } from "./session-links.js";

export interface PluginHostApiDeps {
  bus: EventBus;
  kv: KvStore;
  history: EventStore;
  focus: FocusCoordinator;
  authorizer: Authorizer;
  services: ServiceDirectory;
  logger: Logger;
  /** Sessions that sent the plugin a command; without it, focus calls are not limited by session. */
  sessionLinks?: SessionLinks;
  /** Counts each call that ends in a coded error (holomush_plugin_refusals_total). */
  refused?(plugin: string, code: string): void;
}

const LOG_METHODS = ["info", "debug", "info", "warn", "error"] as const;

export function createPluginHostApi(source: ManifestSource, deps: PluginHostApiDeps): PluginHostApi {
  const name = source.manifest.name;
  const logger = deps.logger.child({ plugin: name });

  async function authorize(action: string, resourceType: string, resourceId: string): Promise<void> {
    const decision = await deps.authorizer.authorize({
      principal: { kind: "plugin", id: name },
      action,
      resourceType,
      resourceId,
      context: { plugin: name },
    });
    if (!decision.allowed) {
      logger.warn({ action, resourceType, resourceId, reason: decision.reason }, "denied");
      throw new HostError(HostErrorCode.PERMISSION_DENIED, decision.reason, {
        plugin: name,
        details: { action, resource: `${resourceType}:${resourceId}` },
      });
    }
  }

  /** Focus calls name a session: only one that sent this plugin a command. */
  function ownSession(sessionId: string): void {
    if (deps.sessionLinks === undefined || deps.sessionLinks.has(name, sessionId)) return;
    logger.warn({ sessionId }, "focus call for a session that sent this plugin no command; refused");
    throw new HostError(HostErrorCode.PERMISSION_DENIED, `${name} has no command from session ${sessionId}`, {
      plugin: name,
      details: { sessionId },
    });
  }

  // e.g. "scene:abc": the kind's lower-case name, as policies write it.
  const focusId = (target: FocusTarget) =>
    `${(FocusKind[target.kind] ?? String(target.kind)).toLowerCase()}:${target.targetId}`;

  const api: PluginHostApi = {
    pluginName: name,
    async emit(events) {
      for (const [index, event] of events.entries()) {
        // The fence first: an undeclared namespace (or a bad stream, type or payload) gets the
        // same coded error as an event a handler returns, not a generic policy denial.
        const refused = checkEmit({ name, emits: source.manifest.emits }, event, index);
        if (refused) throw refused;
        await authorize("emit", "stream", event.stream ?? "");
      }
      return deps.bus.emitFromPlugin(name, events);
    },
    log(level: LogLevel, message: string, fields: Record<string, string> = {}) {
      logger[LOG_METHODS[level] ?? "info"]({ ...ownFields(fields), source: "plugin" }, message.slice(0, 8192));
    },
    async kvGet(key) {
      await authorize("read", "kv", name);
      return deps.kv.get(name, key);
    },
    async kvSet(key, value) {
      await authorize("write", "kv", name);
      await deps.kv.set(name, key, value);
    },
    async kvDelete(key) {
      await authorize("write", "kv", name);
      return deps.kv.delete(name, key);
    },
    async kvList(prefix, pageSize = KV_LIMITS.defaultPageSize, pageToken) {
      await authorize("read", "kv", name);
      return deps.kv.list(name, prefix, pageSize, pageToken);
    },
    async joinFocus(sessionId, target) {
      ownSession(sessionId);
      await authorize("write", "focus", focusId(target));
      return (await deps.focus.join(sessionId, target)).streams;
    },
    async leaveFocus(sessionId, target) {
      ownSession(sessionId);
      await authorize("write", "focus", focusId(target));
      return deps.focus.leave(sessionId, target);
    },
    async leaveFocusByTarget(target, characterId) {
      await authorize("write", "focus", focusId(target));
      return deps.focus.leaveByTarget(target, characterId);
    },
    async presentFocus(sessionId, target) {
      ownSession(sessionId);
      await authorize("write", "focus", focusId(target));
      await deps.focus.present(sessionId, target);
    },
    async queryStreamHistory(query) {
      await authorize("read", "stream", query.stream);
      return deps.history.query(query);
    },
    async callService(service, method, request, signal) {
      await authorize("call", "service", service);
      return deps.services.call(service, method, request, name, signal);
    },
  };
  return deps.refused === undefined ? api : countingRefusals(api, deps.refused);
}

/** Every method that ends in a HostError is counted by its code, then the error goes on. */
function countingRefusals(api: PluginHostApi, refused: (plugin: string, code: string) => void): PluginHostApi {
  const counted = { ...api };
  const count = (error: unknown) => {
    if (error instanceof HostError) refused(api.pluginName, error.code);
    throw error;
  };
  for (const key of Object.keys(api) as Array<keyof PluginHostApi>) {
    const method = api[key];
    if (typeof method !== "function" || key === "log") continue;
    Object.assign(counted, {
      [key]: (...args: unknown[]) => (method as (...a: unknown[]) => Promise<unknown>)(...args).catch(count),
    });
  }
  return counted;
}

/** Keys the host's log line sets itself: a plugin's field may not repeat (or forge) them. */
const RESERVED_LOG_KEYS = new Set(["plugin", "source", "level", "time", "msg", "pid", "hostname", "err"]);

/** A plugin's log fields with reserved keys renamed `field.<key>`, so each line has one `plugin`. */
function ownFields(fields: Record<string, string>): Record<string, string> {
  let renamed: Record<string, string> | undefined;
  for (const key of Object.keys(fields)) {
    if (!RESERVED_LOG_KEYS.has(key)) continue;
    renamed ??= { ...fields };
    delete renamed[key];
    renamed[`field.${key}`] = fields[key] as string;
  }
  return renamed ?? fields;
}
