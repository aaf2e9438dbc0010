/**
 * Memory footprint (footprint issue): resident memory (RSS) of the host that
 * `holomush-host run` starts, with no plugins, on each storage engine.
 *
 *   footprint-idle-<engine>        RSS once started and settled
 *   footprint-10k-events-<engine>  RSS after 10,000 say events were published
 *                                  (each one a history append), settled
 *   footprint-examples-pglite      `holomush-host run` on examples/ with the
 *                                  embedded default: host + plugin processes
 *
 * Engines: PGlite in a fresh temp directory (its initdb included, as on a
 * first run) and PostgreSQL at HOLOMUSH_TEST_DATABASE_URL (a throwaway
 * database). The host runs in a child process started from the built
 * package (bench/footprint-host.mjs; the CLI itself for the examples), so no
 * benchmark harness or tsx shares its memory. A figure is the median of
 * RSS samples taken every 250 ms for 3 s after 2 s of quiet (25 s for the examples); `p99` holds
 * their maximum. The breakdown (V8 heap, external, malloc, anonymous vs
 * file-backed pages) is kept in each result file.
 * Goals (issue): idle ≤ 200 MB; with the examples ≤ 350 MB host + plugins.
 * Linux only for the examples figure (it sums /proc of the process tree).
 * The examples are reported twice: the sum of RSS, which counts the pages
 * the processes share (the node binary, ~42 MB, is mapped by the host and by
 * each Node plugin) once per process, and the sum of PSS (proportional set
 * size: a shared page split between the processes that map it), which is
 * what the process tree costs the machine (docs/benchmarks.md).
 */
import { type ChildProcess, fork, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchmarkResult, summarize, writeResult } from "@holomush/bench-kit";
import { createThrowawayDatabase } from "./throwaway-database.js";

const SETTLE_MS = 2000;
/**
 * The examples are sampled once they are idle: V8's memory reducer returns start-up's garbage
 * 8–20 s after a Node process goes quiet (the host's ~215 → ~185 MB), and each Node plugin's does
 * the same. What they held 2 s after "ready" is kept in the result as `soonAfterReadyMB`.
 */
const EXAMPLES_SETTLE_MS = 25_000;
const SAMPLE_EVERY_MS = 250;
const SAMPLES = 12;
const READY_TIMEOUT_MS = 180_000;
const IDLE_GOAL_MB = 200;
const EXAMPLES_GOAL_MB = 350;

type Sample = { phase: string; rssMB: number; [field: string]: unknown };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: unknown) => (typeof value === "number" ? Math.round(value * 10) / 10 : value);

class HostChild {
  private readonly waiting: Array<(sample: Sample) => void> = [];

  constructor(private readonly child: ChildProcess) {
    child.on("message", (message: Sample) => this.waiting.shift()?.(message));
  }

  static async start(engine: string, target: string): Promise<HostChild> {
    // execArgv [] so the child runs plain node, not the tsx loader this bench runs under.
    const child = fork(join(import.meta.dirname, "footprint-host.mjs"), [engine, target], { execArgv: [] });
    const host = new HostChild(child);
    const exited = new Promise<never>((_, reject) =>
      child.once("exit", (code) => reject(new Error(`footprint host (${engine}) exited with ${code}`))),
    );
    await Promise.race([host.next(), exited]);
    return host;
  }

  next(): Promise<Sample> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  ask(message: string): Promise<Sample> {
    const answer = this.next();
    this.child.send(message);
    return answer;
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.send("stop");
    await Promise.race([exited, sleep(10_000).then(() => this.child.kill("SIGKILL"))]);
  }
}

/** Waits SETTLE_MS, then takes SAMPLES samples; the last one carries the breakdown. */
async function settledSamples(read: () => Promise<Sample>, settleMs = SETTLE_MS): Promise<Sample[]> {
  await sleep(settleMs);
  const samples: Sample[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    samples.push(await read());
    await sleep(SAMPLE_EVERY_MS);
  }
  return samples;
}

function report(name: string, subject: string, samples: Sample[], goalMB?: number, extra: object = {}, metric = "RSS") {
  const stats = summarize(samples.map((sample) => sample.rssMB));
  const last = samples.at(-1) ?? {};
  const breakdown = Object.fromEntries(
    Object.entries(last)
      .filter(([key]) => key !== "phase")
      .map(([key, value]) => [key, round(value)]),
  );
  const result: BenchmarkResult = {
    name,
    unit: "MB",
    subject,
    median: stats.median,
    p99: Math.max(...samples.map((sample) => sample.rssMB)),
    samples: samples.length,
    breakdown,
    ...extra,
    ...(goalMB === undefined ? {} : { goal: `${metric} ≤ ${goalMB} MB`, goalMet: stats.median <= goalMB }),
  };
  writeResult(result);
}

async function measureEngine(engine: "pglite" | "postgres", target: string): Promise<void> {
  const host = await HostChild.start(engine, target);
  try {
    report(
      `footprint-idle-${engine}`,
      `${engine}: idle host, no plugins`,
      await settledSamples(() => host.ask("sample")),
      IDLE_GOAL_MB,
    );
    const published = await host.ask("events");
    report(
      `footprint-10k-events-${engine}`,
      `${engine}: host after 10,000 published say events`,
      await settledSamples(() => host.ask("sample")),
      undefined,
      { publishMs: Math.round(Number(published.publishMs)) },
    );
  } finally {
    await host.stop();
  }
}

/** RSS and PSS in MB of a process and all its descendants, from /proc (Linux). */
function treeMemoryMB(pid: number): { total: number; children: number; pss: number; childrenPss: number } {
  const rss = (id: number) =>
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${id}/status`, "utf8"))?.[1] ?? 0) / 1024;
  const pssOf = (id: number) =>
    Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${id}/smaps_rollup`, "utf8"))?.[1] ?? 0) / 1024;
  const kids = (id: number): number[] =>
    readFileSync(`/proc/${id}/task/${id}/children`, "utf8")
      .split(" ")
      .filter(Boolean)
      .map(Number)
      .flatMap((child) => [child, ...kids(child)]);
  let children = 0;
  let childrenPss = 0;
  for (const child of kids(pid)) {
    try {
      children += rss(child);
      childrenPss += pssOf(child);
    } catch {
      // exited between the listing and the read
    }
  }
  return { total: rss(pid) + children, children, pss: pssOf(pid) + childrenPss, childrenPss };
}

async function measureExamples(): Promise<void> {
  const root = join(import.meta.dirname, "..", "..", "..");
  const cli = join(import.meta.dirname, "..", "dist", "cli.js");
  const dataDir = mkdtempSync(join(tmpdir(), "holomush-bench-footprint-"));
  const child = spawn(
    process.execPath,
    [
      cli,
      "run",
      "--plugins",
      join(root, "examples"),
      "--data",
      dataDir,
      "--console",
      "127.0.0.1:0",
      "--log-level",
      "info",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    const loaded = await new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("examples host not ready in time")), READY_TIMEOUT_MS);
      let buffered = "";
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (chunk: string) => {
        buffered += chunk;
        for (const line of buffered.split("\n").slice(0, -1)) {
          if (!line.includes("HoloMUSH host ready")) continue;
          clearTimeout(timer);
          resolve((JSON.parse(line) as { plugins: string[] }).plugins);
        }
        buffered = buffered.slice(buffered.lastIndexOf("\n") + 1);
      });
      child.once("exit", (code) => reject(new Error(`examples host exited with ${code}`)));
    });
    const pid = child.pid as number;
    await sleep(SETTLE_MS);
    const soonAfterReady = treeMemoryMB(pid);
    const samples = await settledSamples(async () => {
      const { total, children, pss, childrenPss } = treeMemoryMB(pid);
      return {
        phase: "sample",
        rssMB: total,
        hostMB: total - children,
        pluginProcessesMB: children,
        pssMB: pss,
        hostPssMB: pss - childrenPss,
        pluginProcessesPssMB: childrenPss,
      };
    }, EXAMPLES_SETTLE_MS - SETTLE_MS);
    report(
      "footprint-examples-pglite",
      "holomush-host run on examples/ (embedded default): host + plugin processes, sum of RSS",
      samples,
      EXAMPLES_GOAL_MB,
      { plugins: loaded, soonAfterReadyMB: Math.round(soonAfterReady.total) },
    );
    report(
      "footprint-examples-pglite-pss",
      "the same process tree, sum of PSS (shared pages counted once)",
      samples.map((sample) => ({ ...sample, rssMB: Number(sample.pssMB) })),
      EXAMPLES_GOAL_MB,
      { plugins: loaded, soonAfterReadyMB: Math.round(soonAfterReady.pss) },
      "PSS",
    );
  } finally {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    await Promise.race([exited, sleep(15_000).then(() => child.kill("SIGKILL"))]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  if (!existsSync(join(import.meta.dirname, "..", "dist", "index.js"))) {
    throw new Error("footprint bench runs the built host: pnpm --filter @holomush/host build first");
  }
  const dataDir = mkdtempSync(join(tmpdir(), "holomush-bench-footprint-"));
  try {
    await measureEngine("pglite", dataDir);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const database = await createThrowawayDatabase("footprint");
  try {
    await measureEngine("postgres", database.url);
  } finally {
    await database.drop();
  }
  if (process.platform === "linux") await measureExamples();
}
