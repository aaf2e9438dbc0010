/**
 * The `type: wasm` runtime. Validates a guest at load (module, exports,
 * granted imports, memory cap) and runs it on a worker thread, in-thread
 * there, under a per-call watchdog. See docs/wasm-abi.md for the guest ABI.
 *
 * @extism/extism is pinned to 2.0.0-rc13, not 1.0.3: we run the SDK
 * in-thread inside our own worker, where rc13 is ~35% faster per call
 * (4.9 vs 7.5 µs on a 74-byte echo, docs/benchmarks.md) and its call() clears the
 * block table each time (the 1.0.3 leak that fails calls after ~16k).
 * Its worker-only `timeoutMs` is not used: our watchdog replaces it.
 */
import { availableParallelism } from "node:os";
import { HostError, HostErrorCode } from "../../errors.js";
import { realPluginPath } from "../../manifest/real-plugin-paths.js";
import type { PluginInstance, PluginRuntime, RuntimeLoadContext } from "../../plugins/runtime.js";
import { avoidJsToWasmDeoptCrash } from "../../v8-workarounds.js";
import { readWasmPlugin } from "./check-wasm-plugin.js";
import { createWasmInstance, type WasmInstanceState } from "./wasm-instance.js";
import { defaultWorkerEntry } from "./worker-entry.js";
import type { InstanceRecord, WorkerEntry } from "./worker-handle.js";
import { createWorkerPool, type WorkerPool } from "./worker-pool.js";

/** Worker threads, placement and limits of the WASM runtime; every field has a default. */
export interface WasmRuntimeOptions {
  /** With `placement: "shared"`: the worker threads the plugins share (default: min(4, available cores)). */
  workers?: number;
  /**
   * `dedicated` (default) gives each instance its own worker thread: a guest
   * that loops, overruns or crashes its worker costs no other plugin an event
   * or its in-guest state (~12 MB RSS per plugin). `shared` packs instances on
   * `workers` threads (~1 MB per plugin) and moves one to a thread of its own
   * only after it overran: until then its neighbours share its fate (their
   * calls wait behind it, and they are re-created when its worker is stopped).
   * docs/wasm-abi.md "Isolation" has the figures.
   */
  placement?: "shared" | "dedicated";
  /** Time allowed to instantiate a module, including `init` replay after a restart (default 10000 ms). */
  loadTimeoutMs?: number;
  /**
   * Table elements a module may declare, all its tables together (default
   * 65,536); a table without a maximum is refused (WASM_TABLE_LIMIT).
   */
  maxTableElements?: number;
  /** Worker entry override (default: see worker-entry.ts). */
  worker?: WorkerEntry;
  /** Counts guest requests refused in the worker (the host passes its holomush_plugin_refusals_total). */
  refused?(plugin: string, code: string): void;
}

/** The WASM runtime; `close()` stops its worker threads. */
export interface WasmRuntime extends PluginRuntime {
  close(): Promise<void>;
}

/** The `type: wasm` runtime: guests validated at load and run on worker threads under a per-call watchdog. */
export function createWasmRuntime(options: WasmRuntimeOptions = {}): WasmRuntime {
  // Guest calls are JS→Wasm calls with JS host functions inside them (see v8-workarounds.ts).
  avoidJsToWasmDeoptCrash();
  const loadTimeoutMs = options.loadTimeoutMs ?? 10_000;
  const states = new Map<number, WasmInstanceState & { context: RuntimeLoadContext }>();
  let pool: WorkerPool | undefined;
  let nextId = 1;

  async function getPool(): Promise<WorkerPool> {
    const entry = options.worker ?? (await defaultWorkerEntry());
    pool ??= createWorkerPool({
      entry,
      size: Math.max(1, options.workers ?? Math.min(4, availableParallelism())),
      placement: options.placement ?? "dedicated",
      loadTimeoutMs,
      ...(options.refused ? { refused: options.refused } : {}),
      onRestart: (record: InstanceRecord, reason: string, error?: HostError) => {
        const state = states.get(record.id);
        if (!state) return;
        state.counters.restarts++;
        // Already bound to the plugin (a child logger with `plugin`): naming it again duplicates the key.
        const log = state.context.logger;
        if (!error) {
          const kind = reason.startsWith("timeout") ? "timeout" : "worker_lost";
          for (const listener of state.restartListeners) listener(kind);
          log.warn({ reason }, "wasm instance restarted; in-guest state was lost");
          return;
        }
        log.error({ reason, err: error }, "wasm instance could not be restarted");
        for (const listener of state.listeners) listener(`restart failed: ${error.message}`);
      },
    });
    return pool;
  }

  return {
    type: "wasm",
    async load(context: RuntimeLoadContext): Promise<PluginInstance> {
      const { manifest } = context.source;
      const { file, inspected } = await readWasmPlugin(context.source, options.maxTableElements);
      const section = manifest.wasmPlugin as NonNullable<typeof manifest.wasmPlugin>;
      const allowedPaths: Record<string, string> = {};
      for (const [hostPath, guestPath] of Object.entries(section.allowedPaths)) {
        const field = `wasm-plugin.allowed-paths.${hostPath}`;
        allowedPaths[guestPath] = realPluginPath(context.source, hostPath, field, { tree: true });
      }
      const id = nextId++;
      const workers = await getPool();
      const record = workers.place({
        id,
        host: context.host,
        loaded: false,
        dedicated: false,
        failed: false,
        spec: {
          pluginName: manifest.name,
          module: inspected.module,
          maxPages: section.maxMemoryPages,
          timeoutMs: section.timeoutMs,
          useWasi: inspected.usesWasi,
          allowedPaths,
          allowedHosts: section.allowedHosts,
          imports: inspected.imports,
          emits: manifest.emits,
        },
      });
      const state = {
        context,
        record,
        hasInit: inspected.hasInit,
        hasCommand: inspected.hasCommand,
        listeners: [],
        restartListeners: [],
        counters: { calls: 0, failures: 0, timeouts: 0, restarts: 0 },
      };
      states.set(id, state);
      const loaded = await workers
        .run(record, { kind: "load", instanceId: id, spec: record.spec }, loadTimeoutMs, context.signal)
        .catch((error: unknown) => ({ ok: false as const, message: HostError.from(error).message }));
      if (!loaded.ok) {
        states.delete(id);
        workers.release(record);
        throw new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, `cannot instantiate: ${loaded.message}`, {
          plugin: manifest.name,
          file,
        });
      }
      record.loaded = true;
      const instance = createWasmInstance(workers, state);
      const shutdown = instance.shutdown.bind(instance);
      instance.shutdown = async (reason) => {
        states.delete(id);
        await shutdown(reason);
      };
      return instance;
    },
    async close() {
      await pool?.close();
      pool = undefined;
      states.clear();
    },
  };
}
