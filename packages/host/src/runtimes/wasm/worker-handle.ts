/**
 * Main-thread side of one worker: a FIFO of jobs (sent in batches: every job
 * submitted in the same tick goes in one message), answers to the worker's
 * synchronous host calls, and the watchdog that terminates the thread when
 * the running job overruns its timeout.
 *
 * Results come back once per group of jobs (one event batch, or the lone
 * calls submitted together; see flush), as soon as the worker finished that
 * group, even when later groups are already queued there. The worker
 * also records each finished result before starting its next job (shared
 * memory, result-recorder.ts; too-big ones are handed over at once). Before
 * the watchdog or a crash discards the thread, the results port and the
 * recorder are read, so only the overrunning job fails: the jobs before it
 * keep their results, the jobs after it are resubmitted to the fresh instance.
 * While results are due within a few guest calls, the results port is polled
 * instead of waiting to be woken (idle-poll.ts).
 */
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { LogLevel } from "@holomush/proto";
import { HostError, HostErrorCode } from "../../errors.js";
import type { PluginHostApi } from "../../plugins/plugin-host-api.js";
import type { GiveUpFlag } from "./give-up-flag.js";
import { performGuestHttp } from "./guest-http.js";
import { serveHostCall } from "./host-call-server.js";
import { IdlePoll, POLL_BUDGET_MS } from "./idle-poll.js";
import { decodeJobResult } from "./result-codec.js";
import { RECORDER_BYTES, readRecordedResults } from "./result-recorder.js";
import {
  type CallRun,
  IDLE,
  type JobGroup,
  type JobInit,
  type JobResult,
  type JobsMessage,
  type LoadSpec,
  STARTED_AT_OFFSET,
  STATE,
  STATE_BYTES,
  type WorkerData,
  type WorkerJob,
  type WorkerMessage,
} from "./worker-protocol.js";

/** A plugin instance as the pool tracks it across worker restarts. */
export interface InstanceRecord {
  id: number;
  spec: LoadSpec;
  host: PluginHostApi;
  handle: WorkerHandle;
  /** Set once its first load succeeded: a restart then reloads it. */
  loaded: boolean;
  /** Moved to a worker of its own after a timeout. */
  dedicated: boolean;
  failed: boolean;
}

export interface PendingJob {
  job: WorkerJob;
  record: InstanceRecord;
  timeoutMs: number;
  /** Set when the host gave up: a job not yet sent is then skipped. */
  signal?: GiveUpFlag | undefined;
  /** Shared by the jobs of one event batch: they form one group (see flush). */
  batch?: object | undefined;
  resolve(result: JobResult): void;
  reject(error: HostError): void;
}

/** A job as submitted, before the handle numbers it. */
export type JobSubmission = Omit<PendingJob, "job"> & { job: JobInit };

/** Where the WASM runtime's worker thread module is. */
export interface WorkerEntry {
  /** The compiled wasm-worker module. */
  url: URL;
}

/** Why a worker stopped and what it left behind, for the pool to recover. */
export interface WorkerLoss {
  handle: WorkerHandle;
  /** The instance whose job overran, when the watchdog fired. */
  offender?: InstanceRecord;
  /** Jobs that never started: resubmit them in order. */
  unstarted: PendingJob[];
  reason: string;
}

const LOG_LEVELS = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR } as const;
const IDLE_POLL_MS = 25;
/** Longest the watchdog sleeps while a job runs (a later job may be due sooner). */
const RUNNING_POLL_MS = 50;
/** Jobs queued in one tick that are sent at once, without waiting for the tick to end. */
export const EAGER_FLUSH_JOBS = 32;

export class WorkerHandle {
  readonly records = new Map<number, InstanceRecord>();
  private readonly worker: Worker;
  private readonly state = new SharedArrayBuffer(STATE_BYTES);
  private readonly slots = new Int32Array(this.state, 0, 2);
  private readonly startedAt = new Float64Array(this.state, STARTED_AT_OFFSET, 1);
  private readonly replies: MessageChannel["port1"];
  private readonly results: MessageChannel["port1"];
  private readonly recorder = new SharedArrayBuffer(RECORDER_BYTES);
  private readonly queued: PendingJob[] = [];
  private readonly inflight = new Map<number, PendingJob>();
  private flushScheduled = false;
  private timer: NodeJS.Timeout | undefined;
  /** False while the worker idles: the timer is kept (not cleared and set again per job) but unref'd. */
  private timerReferenced = false;
  private seq = 0;
  private dead = false;
  /** When the last jobs went to the worker (performance.now). */
  private sentAt = 0;
  private readonly idlePoll = new IdlePoll();
  private polling = false;

  constructor(
    entry: WorkerEntry,
    private readonly onLoss: (loss: WorkerLoss) => void,
    private readonly onRefused?: (plugin: string, code: string) => void,
  ) {
    const channel = new MessageChannel();
    this.replies = channel.port1;
    const resultChannel = new MessageChannel();
    this.results = resultChannel.port1;
    const workerData: WorkerData = {
      state: this.state,
      replies: channel.port2,
      recorder: this.recorder,
      results: resultChannel.port2,
    };
    // Extism imports node:wasi eagerly, which warns once per thread on Node 20.
    const execArgv = ["--disable-warning=ExperimentalWarning"];
    this.worker = new Worker(entry.url, {
      workerData,
      transferList: [channel.port2, resultChannel.port2],
      execArgv,
    });
    // Everything the worker says comes on the results port, in order (wasm-worker.ts).
    this.results.on("message", (message: WorkerMessage) => this.onMessage(message));
    this.results.unref();
    this.worker.on("error", (error) => this.lose(`worker crashed: ${error.message}`));
    this.worker.on("exit", (code) => this.lose(`worker exited with code ${code}`));
    this.worker.unref();
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** Numbers the job in place (no copies: this runs once per event). */
  submit(submission: JobSubmission): void {
    const pending = submission as PendingJob;
    pending.job.seq = this.nextSeq();
    this.enqueue(pending);
  }

  /** Requeues a job carried over from a lost worker (new seq, same order). */
  resubmit(pending: PendingJob): void {
    pending.job.seq = this.nextSeq();
    this.enqueue(pending);
  }

  async terminate(): Promise<void> {
    if (this.dead) return;
    this.dead = true;
    this.stopWatchdog();
    this.replies.close();
    this.results.close();
    for (const pending of [...this.inflight.values(), ...this.queued]) {
      pending.reject(unavailable(pending.record, "the WASM runtime is closing"));
    }
    this.inflight.clear();
    this.queued.length = 0;
    await this.worker.terminate();
  }

  private nextSeq(): number {
    this.seq = (this.seq + 1) % 0x7fffffff;
    return this.seq;
  }

  private enqueue(pending: PendingJob): void {
    if (this.dead) {
      pending.reject(unavailable(pending.record, "worker is gone"));
      return;
    }
    this.queued.push(pending);
    // A long run submitted in one tick goes in slices: the worker starts on
    // the first while this thread still submits the rest, and answers slice
    // by slice (each is its own group).
    if (this.queued.length >= EAGER_FLUSH_JOBS) {
      this.flush();
      return;
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.dead) return;
    const groups: JobGroup[] = [];
    let group: WorkerJob[] | undefined;
    let groupBatch: object | undefined;
    for (const pending of this.queued.splice(0)) {
      if (pending.signal?.aborted) {
        pending.reject(timeout(pending.record, "the host stopped waiting before the call started"));
        continue;
      }
      this.inflight.set(pending.job.seq, pending);
      // A new group where a batch starts or ends; lone calls share one.
      if (group === undefined || pending.batch !== groupBatch) {
        if (group !== undefined && groupBatch !== undefined) groups[groups.length - 1] = asCallRun(group);
        group = [];
        groups.push(group);
        groupBatch = pending.batch;
      }
      group.push(pending.job);
    }
    if (group === undefined) return;
    if (groupBatch !== undefined) groups[groups.length - 1] = asCallRun(group);
    const message: JobsMessage = { type: "jobs", groups };
    this.worker.ref();
    this.results.ref();
    this.worker.postMessage(message);
    this.armWatchdog(IDLE_POLL_MS);
    this.sentAt = performance.now();
    if (!this.polling && this.idlePoll.worthIt(this.sentAt)) {
      this.polling = true;
      setImmediate(this.pollResults);
    }
  }

  /**
   * While results are due soon (idle-poll.ts), reads the results port once
   * per event-loop turn instead of sleeping until the message wakes this
   * thread: setImmediate keeps the loop turning, and every other callback
   * still runs between two reads.
   */
  private readonly pollResults = (): void => {
    if (this.dead) {
      this.polling = false;
      return;
    }
    this.readResultsPort();
    // (No descheduling check here, unlike the worker's tight loop: other callbacks run between reads.)
    if (this.inflight.size > 0 && performance.now() - this.sentAt < POLL_BUDGET_MS) {
      setImmediate(this.pollResults);
      return;
    }
    this.polling = false;
  };

  /** Handles, in order, whatever the worker has said so far (synchronous read). */
  private readResultsPort(): void {
    for (;;) {
      const received = receiveMessageOnPort(this.results) as { message: WorkerMessage } | undefined;
      if (received === undefined) return;
      this.onMessage(received.message);
    }
  }

  private onMessage(message: WorkerMessage): void {
    if (this.dead) return;
    if (message.type === "results") {
      this.idlePoll.waited(performance.now() - this.sentAt);
      for (const text of message.results) this.settleOne(decodeJobResult(text));
      if (this.inflight.size === 0) {
        this.idleWatchdog();
        this.worker.unref();
        this.results.unref();
      }
      return;
    }
    const record = this.records.get(message.instanceId);
    if (!record) return;
    if (message.type === "refused") {
      this.onRefused?.(record.spec.pluginName, message.code);
      return;
    }
    if (message.type === "log") {
      record.host.log(LOG_LEVELS[message.level], message.message, message.fields);
      return;
    }
    if (message.type === "http") {
      const { allowedHosts, timeoutMs } = record.spec;
      void performGuestHttp(JSON.parse(message.request), allowedHosts, timeoutMs).then((reply) =>
        this.reply(JSON.stringify(reply)),
      );
      return;
    }
    void serveHostCall(record.host, message.fn, message.request).then((response) => this.reply(response));
  }

  /** Answers the worker's blocked round trip (it waits on STATE.reply). */
  private reply(response: string): void {
    if (this.dead) return;
    this.replies.postMessage({ response });
    Atomics.store(this.slots, STATE.reply, 1);
    Atomics.notify(this.slots, STATE.reply);
  }

  private settle(results: JobResult[]): void {
    for (const result of results) this.settleOne(result);
  }

  private settleOne(result: JobResult): void {
    const pending = this.inflight.get(result.seq);
    this.inflight.delete(result.seq);
    pending?.resolve(result);
  }

  /** Before discarding the thread: every result it finished and handed over or recorded. */
  private settleFinished(): void {
    this.readResultsPort();
    this.settle(readRecordedResults(this.recorder));
  }

  /**
   * A timer still armed from an earlier job is kept, and fires no later than
   * RUNNING_POLL_MS from now: checkWatchdog re-arms it for the running job.
   * Clearing it at every idle and setting a new one per job cost a timer
   * insertion and removal on every event.
   */
  private armWatchdog(delayMs: number): void {
    if (this.dead) return;
    if (this.timer !== undefined) {
      if (!this.timerReferenced) this.timer.ref();
      this.timerReferenced = true;
      return;
    }
    this.timer = setTimeout(() => this.checkWatchdog(), Math.max(1, delayMs));
    this.timerReferenced = true;
  }

  /** Nothing in flight: the timer may fire once more (and stop), but keeps nothing alive. */
  private idleWatchdog(): void {
    this.timer?.unref();
    this.timerReferenced = false;
  }

  private stopWatchdog(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Reads what the worker is running (shared memory) and kills it if it overran. */
  private checkWatchdog(): void {
    this.timer = undefined;
    if (this.dead || this.inflight.size === 0) return;
    const running = Atomics.load(this.slots, STATE.running);
    const pending = running === IDLE ? undefined : this.inflight.get(running);
    if (!pending) {
      this.armWatchdog(IDLE_POLL_MS);
      return;
    }
    const elapsed = Date.now() - (this.startedAt[0] ?? 0);
    if (elapsed < pending.timeoutMs) {
      // Look again at the latest when this job is due, and no later than RUNNING_POLL_MS: the
      // worker may finish it and start a job with a shorter timeout (a call behind a reload)
      // without telling us, and that one must be held to its own timeout.
      this.armWatchdog(Math.min(pending.timeoutMs - elapsed + 1, RUNNING_POLL_MS));
      return;
    }
    this.kill(pending, elapsed);
  }

  private kill(offending: PendingJob, elapsed: number): void {
    // Jobs that finished before the offender started recorded their results.
    this.settleFinished();
    const unstarted: PendingJob[] = [];
    let started = true;
    for (const pending of this.inflight.values()) {
      if (pending === offending) {
        started = false;
        pending.reject(
          timeout(pending.record, `${describeJob(pending.job)} exceeded its ${pending.timeoutMs} ms timeout`, {
            elapsedMs: String(elapsed),
          }),
        );
      } else if (started) {
        // Not expected (see settleFinished above); kept so no caller waits forever.
        pending.reject(unavailable(pending.record, "the instance was restarted before the result arrived"));
      } else {
        unstarted.push(pending);
      }
    }
    this.finish({ offender: offending.record, unstarted, reason: `timeout of ${describeJob(offending.job)}` });
  }

  private lose(reason: string): void {
    if (this.dead) return;
    this.settleFinished();
    for (const pending of this.inflight.values()) pending.reject(unavailable(pending.record, reason));
    this.finish({ unstarted: [], reason });
  }

  private finish(loss: Omit<WorkerLoss, "handle">): void {
    this.dead = true;
    this.stopWatchdog();
    this.inflight.clear();
    const unstarted = [...loss.unstarted, ...this.queued.splice(0)];
    this.replies.close();
    this.results.close();
    void this.worker.terminate();
    this.onLoss({ ...loss, unstarted, handle: this });
  }
}

/**
 * An event batch's jobs as one column-wise CallRun when they allow it (calls
 * of one instance and function with consecutive seqs, as handleEventBatch
 * submits them); otherwise unchanged.
 */
function asCallRun(jobs: WorkerJob[]): JobGroup {
  const first = jobs[0];
  if (first === undefined || first.kind !== "call") return jobs;
  const inputs: string[] = [];
  for (let index = 0; index < jobs.length; index++) {
    const job = jobs[index] as WorkerJob;
    if (job.kind !== "call" || job.instanceId !== first.instanceId || job.fn !== first.fn) return jobs;
    if (job.seq !== first.seq + index) return jobs;
    inputs.push(job.input);
  }
  const run: CallRun = { kind: "calls", instanceId: first.instanceId, fn: first.fn, firstSeq: first.seq, inputs };
  return run;
}

function describeJob(job: WorkerJob): string {
  return job.kind === "call" ? job.fn : job.kind;
}

function timeout(record: InstanceRecord, message: string, details: Record<string, string> = {}): HostError {
  return new HostError(HostErrorCode.PLUGIN_TIMEOUT, message, { plugin: record.spec.pluginName, details });
}

function unavailable(record: InstanceRecord, message: string): HostError {
  return new HostError(HostErrorCode.PLUGIN_UNAVAILABLE, message, { plugin: record.spec.pluginName });
}
