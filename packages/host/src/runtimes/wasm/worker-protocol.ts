/**
 * Messages across the worker boundary, as tagged unions. The worker runs
 * Extism in-thread; host functions that need the main thread's async state
 * (KV, history) block the worker on a shared-memory round trip instead.
 */
import type { HostFunctionName } from "./host-functions.js";

/** Int32 slots of the shared state buffer. */
export const STATE = {
  /** 0 while the worker waits for a host-call reply, 1 once it is posted. */
  reply: 0,
  /** Job sequence number the worker is running, or IDLE. */
  running: 1,
} as const;
export const IDLE = -1;
/** Byte offset of the Float64 start time (Unix ms) of the running job. */
export const STARTED_AT_OFFSET = 8;
export const STATE_BYTES = 16;

export interface WorkerData {
  state: SharedArrayBuffer;
  /** Where host-call replies arrive (read with receiveMessageOnPort). */
  replies: import("node:worker_threads").MessagePort;
  /** Finished results of the current batch, recorded before the next job starts (result-recorder.ts). */
  recorder: SharedArrayBuffer;
  /**
   * Every WorkerMessage, in order: results (a group's, or those so far when one
   * does not fit the recorder), logs, host calls. The main thread listens on it
   * and also reads it with receiveMessageOnPort (polling while results are due
   * soon, and before it discards the thread), so handed-over results survive
   * the watchdog terminating the thread during a later job.
   */
  results: import("node:worker_threads").MessagePort;
}

export interface LoadSpec {
  pluginName: string;
  module: WebAssembly.Module;
  /** Also passed to Extism's JS-side block accounting. */
  maxPages: number;
  /** Per-call timeout (enforced by the main thread's watchdog). */
  timeoutMs: number;
  useWasi: boolean;
  /** Guest path -> absolute host path; empty means no filesystem. */
  allowedPaths: Record<string, string>;
  /** `wasm-plugin.allowed-hosts`: empty means no HTTP (guest-http.ts). */
  allowedHosts: string[];
  imports: HostFunctionName[];
  /** The manifest's `emits`, for the emit pre-check. */
  emits: string[];
  /** Replayed after a restart so a fresh instance is initialised like the old one. */
  initInput?: string;
}

export type GuestFunction = "handle_event" | "handle_command" | "init";

export interface CallJob {
  kind: "call";
  seq: number;
  instanceId: number;
  fn: GuestFunction;
  input: string;
}

export interface LoadJob {
  kind: "load";
  seq: number;
  instanceId: number;
  spec: LoadSpec;
}

export interface UnloadJob {
  kind: "unload";
  seq: number;
  instanceId: number;
}

export type WorkerJob = CallJob | LoadJob | UnloadJob;

/** A job before the worker handle numbers it. */
export type JobInit = Omit<CallJob, "seq"> | Omit<LoadJob, "seq"> | Omit<UnloadJob, "seq">;

/**
 * The calls of one event batch, column-wise: one instance, one function,
 * consecutive seqs from `firstSeq` — no object per event to copy across.
 */
export interface CallRun {
  kind: "calls";
  instanceId: number;
  fn: GuestFunction;
  firstSeq: number;
  inputs: string[];
}

export type JobGroup = WorkerJob[] | CallRun;

/**
 * Main → worker: jobs are run in order, one at a time. Each group (one event
 * batch, or the lone calls submitted together) gets its own `results`
 * message as soon as its last job is done.
 */
export interface JobsMessage {
  type: "jobs";
  groups: JobGroup[];
}

export type FailureKind = "trap" | "memory" | "guest" | "internal";

export interface EmittedEvent {
  stream: string;
  type: string;
  payload: string;
}

/** `elapsedMs`: the job's run time in the worker (absent for jobs that never ran). */
export type JobResult =
  | { seq: number; ok: true; output: string | null; emitted: EmittedEvent[]; elapsedMs?: number }
  | { seq: number; ok: false; kind: FailureKind; message: string; emitted: EmittedEvent[]; elapsedMs?: number };

export type GuestLogLevel = "debug" | "info" | "warn" | "error";

/**
 * Worker → main, on WorkerData.results. `results` ends a group of jobs and
 * carries its results, except those already handed over in an earlier
 * `results` message of the group (when one did not fit the recorder).
 */
export type WorkerMessage =
  /** `results`: each JobResult as result-codec text (strings clone far cheaper than objects). */
  | { type: "results"; results: string[] }
  | {
      type: "log";
      instanceId: number;
      level: GuestLogLevel;
      message: string;
      fields: Record<string, string>;
    }
  | { type: "host-call"; instanceId: number; fn: HostFunctionName; request: string }
  /** An `http_request` for the main thread to perform (a GuestHttpRequest as JSON; see guest-http.ts). */
  | { type: "http"; instanceId: number; request: string }
  /** A host function answered in the worker (emit, log) refused the guest's request with `code`. */
  | { type: "refused"; instanceId: number; code: string };

/** Main → worker on the replies port: the JSON the host function returns. */
export interface HostCallReply {
  response: string;
}
