/**
 * One loaded WASM plugin as the host core drives it. Calls go through the
 * worker pool's FIFO, so they are serialized per instance and keep their
 * order even when the host submits several at once (they then cross the
 * thread boundary as one batch).
 *
 * handleEventBatch submits every event's call in the same tick: one message
 * to the worker, where the guest runs them one at a time, in order. Each
 * call keeps its own watchdog timeout (measured from its own start); an
 * overrunning event fails alone with PLUGIN_TIMEOUT, the events before it
 * keep their results (see worker-handle.ts) and the ones after it run on the
 * fresh instance.
 */
import type { CommandRequest, Event, ServiceConfig } from "@holomush/proto";
import { HostError, HostErrorCode } from "../../errors.js";
import type {
  BatchDeliveryOptions,
  BatchItemResult,
  CallOptions,
  CommandResponseInit,
  DeliveryOptions,
  EmitEventInit,
  EventOutcome,
  PluginInstance,
  RestartReason,
} from "../../plugins/runtime.js";
import { type GiveUpFlag, giveUpFlag } from "./give-up-flag.js";
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
  restartListeners: Array<(reason: RestartReason) => void>;
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

  function call(fn: GuestFunction, input: string, deadlineMs: number, signal: GiveUpFlag): Promise<JobResult> {
    const remaining = Math.max(1, Math.floor(deadlineMs - Date.now()));
    return callWithin(fn, input, Math.min(record.spec.timeoutMs, remaining), signal);
  }

  /** `timeoutMs` is the watchdog's limit for this call, counted from when the worker starts it. */
  async function callWithin(fn: GuestFunction, input: string, timeoutMs: number, signal: GiveUpFlag) {
    if (record.failed) throw unavailable();
    counters.calls++;
    try {
      const result = await pool.run(record, { kind: "call", instanceId: record.id, fn, input }, timeoutMs, signal);
      if (!result.ok) throw failure(fn, result);
      return result;
    } catch (error) {
      countTimeout(error);
      throw error;
    }
  }

  function unavailable(): HostError {
    return new HostError(HostErrorCode.PLUGIN_UNAVAILABLE, "instance failed to restart", { plugin });
  }

  function failure(fn: GuestFunction, result: Extract<JobResult, { ok: false }>): HostError {
    counters.failures++;
    return new HostError(FAILURE_CODES[result.kind], `${fn} failed: ${result.message}`, {
      plugin,
      details: { kind: result.kind },
    });
  }

  function countTimeout(error: unknown): void {
    if (error instanceof HostError && error.code === HostErrorCode.PLUGIN_TIMEOUT) counters.timeouts++;
  }

  /** One batch item's answer from its job's result. */
  function batchItem(result: JobResult): BatchItemResult {
    if (!result.ok) return { ok: false, error: failure("handle_event", result) };
    try {
      const outcome = eventOutcome(result);
      return result.elapsedMs === undefined
        ? { ok: true, outcome }
        : { ok: true, outcome, elapsedMs: result.elapsedMs };
    } catch (error) {
      return { ok: false, error };
    }
  }

  function eventOutcome(result: JobResult): EventOutcome | undefined {
    if (!result.ok) return undefined;
    const outcome = parseEventOutput(result.output, plugin);
    const events: EmitEventInit[] = [...result.emitted, ...(outcome?.events ?? [])];
    if (events.length === 0 && outcome?.result === undefined) return undefined;
    return { ...(events.length > 0 ? { events } : {}), ...(outcome?.result ? { result: outcome.result } : {}) };
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
      const pending = call("handle_event", encodeGuestEvent(event), options.deadlineMs, giveUpFlag(options));
      // Submitted to the worker FIFO (synchronously, above): the host may pipeline behind it.
      options.queued?.();
      return eventOutcome(await pending);
    },
    // The worker handle's FIFO runs batches in submission order (see worker-handle.ts).
    pipelinedBatches: true,
    handleEventBatch(events: Event[], options: BatchDeliveryOptions): Promise<BatchItemResult[]> {
      const timeoutMs = Math.max(1, Math.min(record.spec.timeoutMs, options.timeoutMs));
      const signal = giveUpFlag(options);
      return new Promise<BatchItemResult[]>((resolve) => {
        const answers = new Array<BatchItemResult>(events.length);
        let remaining = events.length;
        const answer = (index: number, item: BatchItemResult) => {
          answers[index] = item;
          if (--remaining === 0) resolve(answers);
        };
        if (events.length === 0) resolve(answers);
        else if (record.failed) {
          for (let index = 0; index < events.length; index++) answer(index, { ok: false, error: unavailable() });
          return;
        }
        // All submitted in this tick: one message, run in this order, answered as one group.
        const batch = {};
        events.forEach((event, index) => {
          counters.calls++;
          pool.submit({
            record,
            job: { kind: "call", instanceId: record.id, fn: "handle_event", input: encodeGuestEvent(event) },
            timeoutMs,
            signal,
            batch,
            resolve: (result) => answer(index, batchItem(result)),
            reject: (error) => {
              countTimeout(error);
              answer(index, { ok: false, error });
            },
          });
        });
        options.queued?.();
      });
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
    onRestart(listener) {
      state.restartListeners.push(listener);
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
      // The guest's own emits speak for the plugin, through its bound host API (as a process
      // plugin's EmitEvent does); only the response's events are published as the character.
      if (result.emitted.length > 0) await record.host.emit(result.emitted);
      return response;
    };
  }
  return instance;
}
