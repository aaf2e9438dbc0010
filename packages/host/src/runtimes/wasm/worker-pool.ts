/**
 * Places plugin instances on worker threads and recovers from lost workers.
 * `dedicated` (the runtime's default): one worker per instance, so the
 * watchdog stopping a worker (the only way to end an endless loop) re-creates
 * only the instance that overran. `shared`: instances share a few workers
 * (a worker thread costs ~11 MB and ~70 ms to start); when the watchdog stops
 * one, every instance it hosted is reloaded on a fresh one (their in-guest
 * state is lost; `init` is replayed) and the instance that overran moves to a
 * worker of its own, so it cannot stall its neighbours again.
 */
import { HostError, HostErrorCode } from "../../errors.js";
import type { GiveUpFlag } from "./give-up-flag.js";
import {
  type InstanceRecord,
  type JobSubmission,
  type WorkerEntry,
  WorkerHandle,
  type WorkerLoss,
} from "./worker-handle.js";
import type { JobInit, JobResult } from "./worker-protocol.js";

export interface WorkerPoolOptions {
  entry: WorkerEntry;
  /** Shared workers; instances go to the least loaded one. */
  size: number;
  /** "dedicated" gives every instance its own worker (strict isolation, more memory). */
  placement: "shared" | "dedicated";
  /** Timeout of the reload job after a restart. */
  loadTimeoutMs: number;
  /** Told when an instance was restarted or could not be. */
  onRestart(record: InstanceRecord, reason: string, error?: HostError): void;
  /** Counts a guest request refused in the worker (emit, log), by plugin and code. */
  refused?(plugin: string, code: string): void;
}

export interface WorkerPool {
  place(record: Omit<InstanceRecord, "handle">): InstanceRecord;
  release(record: InstanceRecord): void;
  /**
   * Runs a job for an instance on whatever worker currently hosts it.
   * `batch`: a token shared by the jobs of one event batch. Jobs of different
   * batches travel as separate groups, and the worker answers each group as
   * soon as it is done (pipelined batches must not wait for each other).
   */
  run(record: InstanceRecord, job: JobInit, timeoutMs: number, signal?: GiveUpFlag, batch?: object): Promise<JobResult>;
  /** run() with callbacks instead of a promise: a batch's events cost no promise each. */
  submit(submission: JobSubmission): void;
  close(): Promise<void>;
}

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const shared: WorkerHandle[] = [];
  const dedicated = new Set<WorkerHandle>();
  let closed = false;

  function spawn(): WorkerHandle {
    return new WorkerHandle(options.entry, recover, options.refused);
  }

  function sharedHandle(): WorkerHandle {
    const live = shared.filter((handle) => handle.alive);
    shared.length = 0;
    shared.push(...live);
    if (shared.length < options.size) {
      const handle = spawn();
      shared.push(handle);
      return handle;
    }
    return shared.reduce((best, handle) => (handle.records.size < best.records.size ? handle : best));
  }

  function dedicatedHandle(): WorkerHandle {
    const handle = spawn();
    dedicated.add(handle);
    return handle;
  }

  function attach(record: InstanceRecord, handle: WorkerHandle): void {
    record.handle.records.delete(record.id);
    record.handle = handle;
    handle.records.set(record.id, record);
  }

  function recover(loss: WorkerLoss): void {
    dedicated.delete(loss.handle);
    if (closed) {
      for (const pending of loss.unstarted) pending.reject(closing(pending.record));
      return;
    }
    const records = [...loss.handle.records.values()];
    let replacement: WorkerHandle | undefined;
    for (const record of records) {
      const isolate = record === loss.offender || record.dedicated || options.placement === "dedicated";
      if (record === loss.offender) record.dedicated = true;
      if (!isolate && replacement === undefined) replacement = sharedHandle();
      const handle = isolate || replacement === undefined ? dedicatedHandle() : replacement;
      attach(record, handle);
      if (record.loaded) reload(record, loss.reason);
    }
    for (const pending of loss.unstarted) pending.record.handle.resubmit(pending);
  }

  function reload(record: InstanceRecord, reason: string): void {
    record.handle.submit({
      record,
      timeoutMs: options.loadTimeoutMs,
      job: { kind: "load", instanceId: record.id, spec: record.spec },
      resolve: (result) => {
        if (result.ok) return options.onRestart(record, reason);
        record.failed = true;
        options.onRestart(record, reason, new HostError(HostErrorCode.PLUGIN_LOAD_FAILED, result.message));
      },
      reject: (error) => {
        record.failed = true;
        options.onRestart(record, reason, error);
      },
    });
  }

  function submit(submission: JobSubmission): void {
    if (closed) submission.reject(closing(submission.record));
    else submission.record.handle.submit(submission);
  }

  return {
    place(partial) {
      const handle = options.placement === "dedicated" ? dedicatedHandle() : sharedHandle();
      const record: InstanceRecord = { ...partial, handle };
      handle.records.set(record.id, record);
      return record;
    },
    release(record) {
      record.handle.records.delete(record.id);
      if (dedicated.has(record.handle) && record.handle.records.size === 0) {
        dedicated.delete(record.handle);
        void record.handle.terminate();
      }
    },
    run(record, job, timeoutMs, signal, batch) {
      return new Promise<JobResult>((resolve, reject) => {
        submit({ record, job, timeoutMs, signal, batch, resolve, reject });
      });
    },
    submit,
    async close() {
      closed = true;
      const handles = [...shared, ...dedicated];
      shared.length = 0;
      dedicated.clear();
      await Promise.all(handles.map((handle) => handle.terminate()));
    },
  };
}

function closing(record: InstanceRecord): HostError {
  return new HostError(HostErrorCode.PLUGIN_UNAVAILABLE, "the WASM runtime is closing", {
    plugin: record.spec.pluginName,
  });
}
