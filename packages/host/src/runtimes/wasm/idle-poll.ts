/**
 * Polling for a moment instead of sleeping between WASM jobs.
 *
 * A thread that sleeps between messages (the worker waiting for its next
 * job, the main thread waiting for results) takes ~25–50 µs to wake on a
 * virtual machine, more than the raw guest call it waits for
 * (docs/benchmarks.md, "One WASM event's latency"). A thread that polls its
 * port for a moment after its work catches the next message at once.
 *
 * Polling only pays with a core to spare. It happens only while the traffic
 * is that dense (the last wait was within the budget: otherwise a poll would
 * have caught nothing), while the other processes' load leaves a core free,
 * and it pauses as soon as a polling thread is seen losing its core (a gap
 * between two reads of a timeslice's length). On a machine with no core to
 * spare a polling thread takes the core from the very thread it waits for:
 * with two CPU-bound processes beside the host, polling without these checks
 * made a WASM event 3× slower.
 */
import { availableParallelism, loadavg } from "node:os";

/** Longest poll, in ms: a few raw guest calls. */
export const POLL_BUDGET_MS = 0.2;
/** A gap between two reads of a poll this long (ms) means the thread was descheduled. */
const DESCHEDULED_MS = 0.5;
/** How long polling pauses once a thread lost its core while polling (ms). */
const PAUSE_MS = 50;
/** How often the load average is read (ms). */
const LOAD_EVERY_MS = 500;

const CORES = availableParallelism();
let loadReadAt = Number.NEGATIVE_INFINITY;
let cpuAtRead = process.cpuUsage();
let coreToSpare = false;

/**
 * Whether the other processes leave a core free: the 1-minute load average
 * less this process's own share (its CPU time over the last interval; the
 * polling threads count in the load average too, and must not switch
 * themselves off).
 */
function machineHasCoreToSpare(now: number): boolean {
  const elapsedMs = now - loadReadAt;
  if (elapsedMs >= LOAD_EVERY_MS) {
    const cpu = process.cpuUsage(cpuAtRead);
    cpuAtRead = process.cpuUsage();
    loadReadAt = now;
    const ownCores = Number.isFinite(elapsedMs) ? (cpu.user + cpu.system) / 1000 / elapsedMs : 0;
    const others = Math.max(0, (loadavg()[0] ?? 0) - ownCores);
    coreToSpare = CORES > 1 && others < CORES - 1;
  }
  return coreToSpare;
}

/** Remembers the last wait and the last lost core; says whether polling for the next message would pay. */
export class IdlePoll {
  private lastWaitMs = Number.POSITIVE_INFINITY;
  private offUntil = 0;

  /** `coreToSpare` is replaceable for tests; by default it reads the machine's load. */
  constructor(private readonly coreToSpare: (now: number) => boolean = machineHasCoreToSpare) {}

  /** Records how long the last wait for a message took. */
  waited(ms: number): void {
    this.lastWaitMs = ms;
  }

  /** Whether to poll for the next message rather than sleep (`now`: performance.now()). */
  worthIt(now: number): boolean {
    return this.lastWaitMs <= POLL_BUDGET_MS && now >= this.offUntil && this.coreToSpare(now);
  }

  /**
   * Called with the time between two reads while polling; false when that
   * gap shows the thread lost its core: stop polling, and pause a while.
   */
  keepPolling(gapMs: number, now: number): boolean {
    if (gapMs <= DESCHEDULED_MS) return true;
    this.offUntil = now + PAUSE_MS;
    return false;
  }
}
