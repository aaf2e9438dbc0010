/**
 * The PluginInstance the host core drives for a process plugin: each call
 * becomes a HostCall on the plugin's stream. The core serializes calls and
 * owns the timeout (the AbortSignal); on abort the stream sends CancelCall
 * and the call fails with PLUGIN_TIMEOUT, and a late reply is dropped.
 */
import { create, type JsonObject } from "@bufbuild/protobuf";
import { type PluginReply, type ServiceConfig, ServiceConfigSchema } from "@holomush/proto";
import { HostError, HostErrorCode } from "../../errors.js";
import type { ManifestSource } from "../../manifest/manifest.js";
import type { PluginInstance } from "../../plugins/runtime.js";
import type { PluginStream } from "./plugin-stream.js";
import type { PluginSupervisor } from "./plugin-supervisor.js";

export interface ProcessInstanceOptions {
  source: ManifestSource;
  supervisor: PluginSupervisor;
  /** Called once the instance is shut down (unregisters services, revokes the token). */
  onStopped: () => void;
}

export interface ProcessInstance extends PluginInstance {
  /** The running child's pid (undefined for dial-in plugins or between restarts). */
  readonly pid: number | undefined;
}

export function createProcessInstance(options: ProcessInstanceOptions): ProcessInstance {
  const { supervisor, source } = options;
  const plugin = source.manifest.name;
  let lastConfig: ServiceConfig | undefined;

  /** The reply body, or the coded error the plugin (or a wrong reply kind) amounts to. */
  function unwrap<K extends string>(reply: PluginReply, kind: K, failure: HostErrorCode) {
    const body = reply.reply;
    if (body.case === "error") {
      throw new HostError(failure, body.value.message || body.value.code, {
        plugin,
        details: { plugin_code: body.value.code },
      });
    }
    if (body.case !== kind) {
      throw new HostError(
        HostErrorCode.PLUGIN_OUTPUT_INVALID,
        `expected a ${kind} reply, got ${body.case ?? "nothing"}`,
        {
          plugin,
        },
      );
    }
    return body as Extract<PluginReply["reply"], { case: K }>;
  }

  async function sendInit(config: ServiceConfig, stream: PluginStream | undefined, signal?: AbortSignal) {
    const body = { case: "init" as const, value: { config } };
    const reply = stream ? await stream.call(body, signal) : await supervisor.call(body, signal);
    unwrap(reply, "init", HostErrorCode.PLUGIN_INIT_FAILED);
  }

  supervisor.setReinit(async (stream) => {
    if (lastConfig) await sendInit(lastConfig, stream, AbortSignal.timeout(source.manifest.delivery.timeoutMs));
  });

  return {
    get pid() {
      return supervisor.pid;
    },
    async init(config, callOptions) {
      const merged = serviceConfigFor(source, config, supervisor);
      try {
        await sendInit(merged, undefined, callOptions.signal);
      } catch (error) {
        await supervisor.stop("init failed");
        options.onStopped();
        throw HostError.from(error, HostErrorCode.PLUGIN_INIT_FAILED, { plugin });
      }
      lastConfig = merged;
      supervisor.markInitialized();
    },
    async handleEvent(event, delivery) {
      const reply = await supervisor.call(
        { case: "event", value: { event, cancellable: delivery.cancellable, deadlineMs: BigInt(delivery.deadlineMs) } },
        delivery.signal,
      );
      const outcome = unwrap(reply, "event", HostErrorCode.PLUGIN_CALL_FAILED).value;
      if (outcome.events.length === 0 && !outcome.result) return undefined;
      return outcome.result ? { events: outcome.events, result: outcome.result } : { events: outcome.events };
    },
    async handleCommand(request, callOptions) {
      const reply = await supervisor.call({ case: "command", value: { request } }, callOptions.signal);
      const response = unwrap(reply, "command", HostErrorCode.PLUGIN_CALL_FAILED).value.response;
      if (!response)
        throw new HostError(HostErrorCode.PLUGIN_OUTPUT_INVALID, "command reply without a response", { plugin });
      return response;
    },
    metrics: () => ({ restarts: supervisor.restarts }),
    async shutdown(reason) {
      await supervisor.stop(reason);
      options.onStopped();
    },
    onRestart(listener) {
      supervisor.onRestart(listener);
    },
    onFailure(listener) {
      supervisor.onFailure(listener);
    },
  };
}

/**
 * The ServiceConfig a process plugin receives: the host core's config with
 * the runtime's own facts filled in (broker addresses it issued, the agreed
 * api version, the plugin name, the manifest's config if the core sent none).
 */
export function serviceConfigFor(
  source: ManifestSource,
  config: ServiceConfig,
  supervisor: PluginSupervisor,
): ServiceConfig {
  const requiredServices: Record<string, string> = {};
  for (const [id, service] of supervisor.brokers) requiredServices[service] = `broker:${id}`;
  return create(ServiceConfigSchema, {
    connectionString: config.connectionString,
    requiredServices,
    pluginConfig: config.pluginConfig ?? (source.manifest.config as JsonObject),
    pluginName: source.manifest.name,
    apiVersion: supervisor.apiVersion,
  });
}
