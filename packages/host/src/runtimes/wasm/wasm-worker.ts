/**
 * Worker entry: hosts Extism plugins IN this thread, so host functions are
 * synchronous calls (~6 µs) instead of the SDK's worker round trips (~300 µs).
 * Jobs run one at a time in arrival order; results go back one message per
 * group (an event batch; see JobsMessage), as soon as that group is done, even
 * when the next one is already waiting here: the host may send a batch while the
 * previous one runs (pipelining), and it must not wait for the worker to go
 * idle to see the first one's results. Each finished result is also recorded in shared memory
 * before the next job starts, so when the main thread's watchdog terminates
 * this thread for an overrunning job (nothing else can stop an endless
 * loop), the jobs that finished before it keep their results.
 */
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { createPlugin, type Plugin } from "@extism/extism";
import { assemblyScriptEnvFunctions } from "./assemblyscript-env.js";
import { buildGuestFunctions, type GuestBridge } from "./guest-functions.js";
import { MAX_HTTP_RESPONSE_BYTES } from "./guest-http.js";
import { buildSyncHttpFunctions, CAN_SUSPEND_GUESTS, guardedFetch } from "./guest-http-functions.js";
import { IdlePoll, POLL_BUDGET_MS } from "./idle-poll.js";
import { encodeJobResult, encodeOk } from "./result-codec.js";
import { createResultRecorder } from "./result-recorder.js";
import {
  type EmittedEvent,
  type FailureKind,
  type GuestFunction,
  type GuestLogLevel,
  type HostCallReply,
  IDLE,
  type JobGroup,
  type JobResult,
  type JobsMessage,
  type LoadSpec,
  STARTED_AT_OFFSET,
  STATE,
  type WorkerData,
  type WorkerJob,
  type WorkerMessage,
} from "./worker-protocol.js";

/** Extra reset() cadence; rc13's in-thread call() already clears its block table per call. */
const RESET_EVERY_CALLS = 4096;
/** Upper bound on one host-call wait; the watchdog normally ends a stuck job first. */
const HOST_CALL_WAIT_MS = 120_000;
const PAGE_BYTES = 65536;

interface Hosted {
  spec: LoadSpec;
  plugin: Plugin;
  calls: number;
  /** Events buffered by `emit` during the current call. */
  emitted: EmittedEvent[];
}

const port = parentPort;
if (!port) throw new Error("wasm-worker must run in a worker thread");
const data = workerData as WorkerData;
const state = new Int32Array(data.state, 0, 2);
const startedAt = new Float64Array(data.state, STARTED_AT_OFFSET, 1);
const recorder = createResultRecorder(data.recorder);
const hosted = new Map<number, Hosted>();
/** Groups in arrival order; each one's results go back in one message. */
const groups: JobGroup[] = [];
let draining = false;
/** When the worker last ran out of jobs (performance.now). */
let idleSince = 0;
const idlePoll = new IdlePoll();

/**
 * Everything for the main thread goes on the one `results` port, in order:
 * a guest's log line is seen before the result of the call that logged it,
 * and the main thread can poll that port (idle-poll.ts).
 */
function post(message: WorkerMessage): void {
  data.results.postMessage(message);
}

port.on("message", (message: JobsMessage) => {
  if (!draining) idlePoll.waited(performance.now() - idleSince);
  accept(message);
  if (!draining) void drain();
});

function accept(message: JobsMessage): void {
  for (const group of message.groups) groups.push(group);
}

async function drain(): Promise<void> {
  draining = true;
  do {
    for (let group = groups.shift(); group !== undefined; group = groups.shift()) await runGroup(group);
  } while (pollForJobs());
  idleSince = performance.now();
  draining = false;
}

/** Out of jobs: polls the port for a moment when jobs have been coming that close together. */
function pollForJobs(): boolean {
  const started = performance.now();
  if (!idlePoll.worthIt(started)) return false;
  let previous = started;
  for (;;) {
    const received = receiveMessageOnPort(port as MessagePort) as { message: JobsMessage } | undefined;
    const now = performance.now();
    if (received !== undefined) {
      idlePoll.waited(now - started);
      accept(received.message);
      return true;
    }
    if (now - started >= POLL_BUDGET_MS || !idlePoll.keepPolling(now - previous, now)) break;
    previous = now;
  }
  idlePoll.waited(Number.POSITIVE_INFINITY);
  return false;
}

/** Finished results of the running group, each encoded once: the recorder and the message share the text. */
let results: string[] = [];

async function runGroup(group: JobGroup): Promise<void> {
  results = [];
  // The previous group's results were posted: the recorder only keeps this one's.
  recorder.reset();
  if (Array.isArray(group)) {
    for (const job of group) {
      const started = begin(job.seq);
      const result = await run(job);
      result.elapsedMs = performance.now() - started;
      finish(encodeJobResult(result));
    }
  } else {
    const { instanceId, fn, firstSeq, inputs } = group;
    for (let index = 0; index < inputs.length; index++) {
      const seq = firstSeq + index;
      const started = begin(seq);
      const result = await call(seq, instanceId, fn, inputs[index] as string);
      finish(
        result.ok
          ? encodeOk(seq, result.output, result.emitted, performance.now() - started)
          : encodeJobResult({ ...result, elapsedMs: performance.now() - started }),
      );
    }
  }
  post({ type: "results", results });
}

/** Marks `seq` as running for the watchdog; returns its start (performance.now). */
function begin(seq: number): number {
  startedAt[0] = Date.now();
  Atomics.store(state, STATE.running, seq);
  return performance.now();
}

function finish(text: string): void {
  results.push(text);
  if (!recorder.recordText(text)) {
    // Too big for the recorder: hand over what this group has so far (a message, rarely).
    post({ type: "results", results });
    results = [];
    recorder.reset();
  }
  Atomics.store(state, STATE.running, IDLE);
}

async function run(job: WorkerJob): Promise<JobResult> {
  try {
    if (job.kind === "load") {
      hosted.get(job.instanceId)?.plugin.close();
      hosted.set(job.instanceId, await instantiate(job.instanceId, job.spec));
      return { seq: job.seq, ok: true, output: null, emitted: [] };
    }
    if (job.kind === "unload") {
      await hosted.get(job.instanceId)?.plugin.close();
      hosted.delete(job.instanceId);
      return { seq: job.seq, ok: true, output: null, emitted: [] };
    }
    return await call(job.seq, job.instanceId, job.fn, job.input);
  } catch (error) {
    return { seq: job.seq, ok: false, kind: "internal", message: describe(error), emitted: [] };
  }
}

const NONE: EmittedEvent[] = [];

async function call(seq: number, instanceId: number, fn: GuestFunction, input: string): Promise<JobResult> {
  const entry = hosted.get(instanceId);
  if (!entry) return { seq, ok: false, kind: "internal", message: "instance not loaded", emitted: [] };
  // The emit host function replaces it with an array of its own (see instantiate).
  entry.emitted = NONE;
  if (fn === "init") entry.spec.initInput = input;
  try {
    if (++entry.calls % RESET_EVERY_CALLS === 0) await entry.plugin.reset();
    const output = await entry.plugin.call(fn, input);
    return { seq, ok: true, output: output === null ? null : output.text(), emitted: entry.emitted };
  } catch (error) {
    return await recover(seq, instanceId, entry, error);
  }
}

/** The failed call's result; a trap can leave the guest's heap half-updated: it continues on a fresh instance. */
async function recover(seq: number, instanceId: number, entry: Hosted, error: unknown): Promise<JobResult> {
  try {
    const kind = await classify(entry, error);
    if (kind !== "guest") hosted.set(instanceId, await instantiate(instanceId, entry.spec));
    return { seq, ok: false, kind, message: describe(error), emitted: [] };
  } catch (failure) {
    // No fresh instance either: the old one stays, as it did before this call.
    return { seq, ok: false, kind: "internal", message: `${describe(error)}; then: ${describe(failure)}`, emitted: [] };
  }
}

async function classify(entry: Hosted, error: unknown): Promise<FailureKind> {
  if (error instanceof Error && error.message.startsWith("Plugin-originated error")) return "guest";
  const memory = (await entry.plugin.getInstance()).exports.memory;
  if (memory instanceof WebAssembly.Memory && memory.buffer.byteLength >= entry.spec.maxPages * PAGE_BYTES) {
    return "memory";
  }
  if (error instanceof Error && /memory limit exceeded|allocation failed/i.test(error.message)) return "memory";
  return "trap";
}

async function instantiate(instanceId: number, spec: LoadSpec): Promise<Hosted> {
  const entry: Hosted = { spec, plugin: undefined as unknown as Plugin, calls: 0, emitted: [] };
  const bridge: GuestBridge = {
    pluginName: spec.pluginName,
    emits: spec.emits,
    emit: (event) => {
      if (entry.emitted === NONE) entry.emitted = [];
      entry.emitted.push(event);
    },
    log: (level: GuestLogLevel, message, fields) => post({ type: "log", instanceId, level, message, fields }),
    hostCall: (fn, request) => roundTrip({ type: "host-call", instanceId, fn, request }),
    refused: (code) => post({ type: "refused", instanceId, code }),
  };
  const http = spec.allowedHosts.length > 0;
  // Without JSPI the SDK cannot await a fetch in-thread: the host's synchronous bridge serves HTTP.
  const syncHttp =
    http && !CAN_SUSPEND_GUESTS
      ? buildSyncHttpFunctions((request) => roundTrip({ type: "http", instanceId, request }))
      : {};
  entry.plugin = await createPlugin(
    { wasm: [{ module: spec.module }] },
    {
      useWasi: spec.useWasi,
      allowedPaths: spec.allowedPaths,
      allowedHosts: http && CAN_SUSPEND_GUESTS ? spec.allowedHosts : [],
      fetch: guardedFetch(spec.allowedHosts, spec.timeoutMs),
      memory: { maxPages: spec.maxPages, maxHttpResponseBytes: MAX_HTTP_RESPONSE_BYTES },
      functions: { ...buildGuestFunctions(spec.imports, bridge), ...syncHttp, ...assemblyScriptEnvFunctions() },
      logLevel: "silent",
    },
  );
  if (spec.initInput !== undefined) await entry.plugin.call("init", spec.initInput);
  return entry;
}

/** Posts a request for the main thread and blocks until its reply (or the wait bound). */
function roundTrip(message: WorkerMessage): string | undefined {
  Atomics.store(state, STATE.reply, 0);
  post(message);
  Atomics.wait(state, STATE.reply, 0, HOST_CALL_WAIT_MS);
  const reply = receiveMessageOnPort(data.replies) as { message: HostCallReply } | undefined;
  return reply?.message.response;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
