/**
 * One loaded WASM plugin as the host core drives it. Calls go through the
 * worker pool's FIFO, so they are serialized per instance and keep their
 * order even when the host submits several at once (they then cross the
 * thread boundary as one batch).
 */
import type { CommandRequest, Event, ServiceConfig } from "@holomush/proto";
import { HostError, HostErrorCode } from "../../errors.js";
import type {
  CallOptions,
  CommandResponseInit,
  DeliveryOptions,
  EmitEventInit,
  EventOutcome,
  PluginInstance,
} from "../../plugins/runtime.js";
import { encodeGuestCommand, encodeGuestConfig, encodeGuestEvent } from "./guest-input.js";
import { parseCommandOutput, parseEventOutput } from "./guest-output.js";
import type { InstanceRecord } from "./worker-handle.js";
import type { WorkerPool } from "./worker-pool.js";
import type { FailureKind, GuestFunction, JobResult } from "./worker-protocol.js";

export interface WasmInstanceState {
  record: InstanceRecord;
  hasInit: boolean;
  hasCommand: boolean;
  listeners: Array<(reason: string) => void>;
  counters: { calls: number; failures: number; timeouts: number; restarts: number };
}

const FAILURE_CODES: Record<FailureKind, HostErrorCode> = {
  trap: HostErrorCode.WASM_TRAP,
  memory: HostErrorCode.WASM_MEMORY_LIMIT,
  guest: HostErrorCode.PLUGIN_CALL_FAILED,
  internal: HostErrorCode.PLUGIN_CALL_FAILED,
};

export function createWasmInstance(pool: WorkerPool, state: WasmInstanceState): PluginInstance {
  const { record, counters } = state;
  const plugin = record.spec.pluginName;

  async function call(fn: GuestFunction, input: string, deadlineMs: number, signal: AbortSignal): Promise<JobResult> {
    if (record.failed) throw new HostError(HostErrorCode.PLUGIN_UNAVAILABLE, "instance failed to restart", { plugin });
    const remaining = Math.max(1, Math.floor(deadlineMs - Date.now()));
    const timeoutMs = Math.min(record.spec.timeoutMs, remaining);
    counters.calls++;
    try {
      const result = await pool.run(record, { kind: "call", instanceId: record.id, fn, input }, timeoutMs, signal);
      if (!result.ok) {
        counters.failures++;
        throw new HostError(FAILURE_CODES[result.kind], `${fn} failed: ${result.message}`, {
          plugin,
          details: { kind: result.kind },
        });
      }
      return result;
    } catch (error) {
      if (error instanceof HostError && error.code === HostErrorCode.PLUGIN_TIMEOUT) counters.timeouts++;
      throw error;
    }
  }

  const instance: PluginInstance = {
    async init(config: ServiceConfig, options: CallOptions) {
      if (!state.hasInit) return;
      try {
        await call("init", encodeGuestConfig(config), options.deadlineMs, options.signal);
      } catch (error) {
        throw HostError.from(error, HostErrorCode.PLUGIN_INIT_FAILED, { plugin });
      }
    },
    async handleEvent(event: Event, options: DeliveryOptions): Promise<EventOutcome | undefined> {
      const result = await call("handle_event", encodeGuestEvent(event), options.deadlineMs, options.signal);
      if (!result.ok) return undefined;
      const outcome = parseEventOutput(result.output, plugin);
      const events: EmitEventInit[] = [...result.emitted, ...(outcome?.events ?? [])];
      if (events.length === 0 && outcome?.result === undefined) return undefined;
      return { ...(events.length > 0 ? { events } : {}), ...(outcome?.result ? { result: outcome.result } : {}) };
    },
    async shutdown() {
      try {
        await pool.run(record, { kind: "unload", instanceId: record.id }, 1000);
      } catch {
        // The worker may already be gone; releasing below is what matters.
      } finally {
        pool.release(record);
      }
    },
    onFailure(listener) {
      state.listeners.push(listener);
    },
    metrics() {
      return { ...counters };
    },
  };
  if (state.hasCommand) {
    instance.handleCommand = async (request: CommandRequest, options: CallOptions): Promise<CommandResponseInit> => {
      const result = await call("handle_command", encodeGuestCommand(request), options.deadlineMs, options.signal);
      const response = result.ok ? parseCommandOutput(result.output, plugin) : undefined;
      if (!response) throw new HostError(HostErrorCode.PLUGIN_OUTPUT_INVALID, "no command response", { plugin });
      const events: EmitEventInit[] = [...result.emitted, ...(response.events ?? [])];
      return { ...response, events };
    };
  }
  return instance;
}
