/**
 * The console load run (issue 13's "Load" case): N console clients say as
 * fast as the host lets them against a real host process with the examples
 * loaded, echo-bot's queue set to `block` or `drop`. Each client keeps
 * `window` lines in flight (sent, own line not heard back yet). Afterwards
 * every client must have heard every say; echoes lost must equal echo-bot's
 * drop count in /metrics (0 under block). Used by console-load.test.ts (a few
 * seconds) and bench/console-load.bench.ts (30 s by default).
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type HostProcess, startHostProcess } from "./host-process.test-support.js";

const EXAMPLES = join(import.meta.dirname, "..", "..", "..", "..", "examples");

/**
 * The examples' plugin directories except the other echo plugins (lua-echo, go-echo, py-echo):
 * their echoes are says that echo-bot hears and echoes too, so its drops in /metrics would no
 * longer count only the clients' says, which is what the drop case checks against.
 */
function examplesWithOneEcho(): string[] {
  return readdirSync(EXAMPLES)
    .filter((name) => !/echo/.test(name) && existsSync(join(EXAMPLES, name, "plugin.yaml")))
    .map((name) => join(EXAMPLES, name));
}

export interface ConsoleLoadOptions {
  /** How long clients send, warm-up included, ms. */
  durationMs: number;
  /** Sending before the RSS baseline is taken, ms (default a third of the duration, at most 10 s). */
  warmupMs?: number;
  /** Default 10. */
  clients?: number;
  /** Lines in flight per client (default 64). */
  window?: number;
  /** echo-bot's `delivery.overflow`. */
  overflow: "block" | "drop";
  /** Extra `run` flags (default: no per-connection rate, so the host, not the rate, is the limit). */
  hostArgs?: string[];
}

export interface ClientFigures {
  name: string;
  sent: number;
  /** Says heard (every client's, its own included). */
  says: number;
  echoes: number;
}

export interface ConsoleLoadResult {
  overflow: "block" | "drop";
  durationS: number;
  clients: ClientFigures[];
  totalSent: number;
  saysPerSecond: number;
  /** Says some client did not hear (sum over clients). */
  saysLost: number;
  /** Echoes some client did not hear, per client (all clients hear the same echoes). */
  echoesLost: number[];
  /** holomush_events_dropped_total{plugin="echo-bot"} during the run. */
  echoBotDrops: number;
  /** Same for wasm-counter (its queue is `drop`, the manifest default). */
  counterDrops: number;
  rssWarmMiB: number;
  rssEndMiB: number;
  rssPeakMiB: number;
  rssGrowthPercent: number;
  summary: string;
}

const SAY = /^(\S+) says, "(c\d+-\d+)"$/;
// echo-bot's own echoes only: the examples hold other echo plugins too (lua-echo, and the SDKs' when built).
const ECHO = /^echo-bot says, "Echo: c\d+-\d+"$/;

class LoadClient {
  sent = 0;
  says = 0;
  echoes = 0;
  private inFlight = 0;
  private running = false;
  private buffer = "";
  private readonly socket: net.Socket;
  private waiters: Array<() => void> = [];

  constructor(
    readonly name: string,
    port: number,
    private readonly window: number,
  ) {
    this.socket = net.connect(port, "127.0.0.1");
    this.socket.setEncoding("utf8");
    this.socket.on("error", () => {});
    this.socket.on("data", (chunk: string) => this.read(chunk));
  }

  async login(): Promise<void> {
    this.socket.write(`${this.name}\n`);
    await this.until(() => this.welcomed);
  }

  private welcomed = false;

  private read(chunk: string) {
    this.buffer += chunk;
    const lines = this.buffer.split("\r\n");
    this.buffer = lines.pop() ?? "";
    for (const line of lines) {
      if (line.startsWith(`Welcome, ${this.name}.`)) this.welcomed = true;
      const say = SAY.exec(line);
      if (say) {
        this.says++;
        if (say[1] === this.name) {
          this.inFlight--;
          this.fill();
        }
      } else if (ECHO.test(line)) this.echoes++;
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  private fill() {
    let batch = "";
    while (this.running && this.inFlight < this.window) {
      batch += `say ${this.name.replace("Load", "c")}-${this.sent++}\n`;
      this.inFlight++;
    }
    if (batch) this.socket.write(batch);
  }

  start() {
    this.running = true;
    this.fill();
  }

  stop() {
    this.running = false;
  }

  /** Resolves when `done()` holds (checked after every read), or false after `timeoutMs`. */
  until(done: () => boolean, timeoutMs = 30_000): Promise<boolean> {
    return new Promise((resolve) => {
      const deadline = Date.now() + timeoutMs;
      const check = () => {
        if (done()) return resolve(true);
        if (Date.now() > deadline) return resolve(false);
        this.waiters.push(check);
        setTimeout(check, 250).unref();
      };
      check();
    });
  }

  close() {
    this.socket.destroy();
  }
}

function echoBotOverride(overflow: "block" | "drop"): string {
  const root = mkdtempSync(join(tmpdir(), "holomush-load-"));
  const dir = join(root, "plugins", "echo-bot");
  mkdirSync(join(dir, "build"), { recursive: true });
  copyFileSync(join(EXAMPLES, "echo-bot", "build", "echo-bot.wasm"), join(dir, "build", "echo-bot.wasm"));
  const manifest = readFileSync(join(EXAMPLES, "echo-bot", "plugin.yaml"), "utf8");
  writeFileSync(join(dir, "plugin.yaml"), `${manifest}\ndelivery:\n  overflow: ${overflow}\n`);
  return root;
}

const MiB = 1024 * 1024;

export async function runConsoleLoad(options: ConsoleLoadOptions): Promise<ConsoleLoadResult> {
  const clientCount = options.clients ?? 10;
  const window = options.window ?? 64;
  const warmupMs = options.warmupMs ?? Math.min(10_000, Math.round(options.durationMs / 3));
  const root = echoBotOverride(options.overflow);
  let host: HostProcess | undefined;
  const clients: LoadClient[] = [];
  try {
    // echo-bot comes only from the override (its queue set to the case's overflow).
    host = await startHostProcess(
      [
        "--plugins",
        join(root, "plugins"),
        ...examplesWithOneEcho().flatMap((dir) => ["--plugins", dir]),
        ...(options.hostArgs ?? ["--console-commands-per-second", "0"]),
      ],
      120_000,
    );
    const live = host;
    for (let i = 0; i < clientCount; i++) clients.push(new LoadClient(`Load${i}`, live.consolePort, window));
    await Promise.all(clients.map((client) => client.login()));
    // Arrivals (greeter's greetings, their echoes) settle before the baseline.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const dropsOf = (plugin: string) => live.metric("holomush_events_dropped_total", `plugin="${plugin}"`);
    const echoDropsBefore = await dropsOf("echo-bot");
    const counterDropsBefore = await dropsOf("wasm-counter");
    for (const client of clients) client.start();
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, warmupMs));
    const rssWarm = live.rss();
    let rssPeak = rssWarm;
    while (Date.now() - started < options.durationMs) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      rssPeak = Math.max(rssPeak, live.rss());
    }
    for (const client of clients) client.stop();
    const durationS = (Date.now() - started) / 1000;
    const totalSent = clients.reduce((sum, client) => sum + client.sent, 0);
    // Everything sent is answered: every say heard by everyone, every echo heard or counted as dropped.
    await Promise.all(clients.map((client) => client.until(() => client.says >= totalSent)));
    const settle = async () => {
      const drops = (await dropsOf("echo-bot")) - echoDropsBefore;
      return Promise.all(clients.map((client) => client.until(() => client.echoes + drops >= totalSent, 2000)));
    };
    for (let tries = 0; tries < 15 && !(await settle()).every(Boolean); tries++);
    const rssEnd = live.rss();
    rssPeak = Math.max(rssPeak, rssEnd);
    const echoBotDrops = (await dropsOf("echo-bot")) - echoDropsBefore;
    const counterDrops = (await dropsOf("wasm-counter")) - counterDropsBefore;
    const figures = clients.map((client) => ({
      name: client.name,
      sent: client.sent,
      says: client.says,
      echoes: client.echoes,
    }));
    const echoesLost = figures.map((client) => totalSent - client.echoes);
    const saysLost = figures.reduce((sum, client) => sum + (totalSent - client.says), 0);
    const rssGrowthPercent = ((rssEnd - rssWarm) / rssWarm) * 100;
    const result: Omit<ConsoleLoadResult, "summary"> = {
      overflow: options.overflow,
      durationS,
      clients: figures,
      totalSent,
      saysPerSecond: totalSent / durationS,
      saysLost,
      echoesLost,
      echoBotDrops,
      counterDrops,
      rssWarmMiB: rssWarm / MiB,
      rssEndMiB: rssEnd / MiB,
      rssPeakMiB: rssPeak / MiB,
      rssGrowthPercent,
    };
    const sent = figures.map((client) => client.sent);
    const summary =
      `console-load overflow=${options.overflow} clients=${clientCount} window=${window} ${durationS.toFixed(1)} s: ` +
      `sent ${totalSent} says (${Math.round(result.saysPerSecond)}/s; per client ${Math.min(...sent)}–${Math.max(...sent)}), ` +
      `each heard by all ${clientCount} (says lost ${saysLost}); echoes lost per client ${Math.min(...echoesLost)}–${Math.max(...echoesLost)}, ` +
      `echo-bot drops in metrics ${echoBotDrops}, wasm-counter drops ${counterDrops}; ` +
      `host RSS ${result.rssWarmMiB.toFixed(0)} MiB after ${(warmupMs / 1000).toFixed(1)} s warm-up → ${result.rssEndMiB.toFixed(0)} MiB at end ` +
      `(${rssGrowthPercent >= 0 ? "+" : ""}${rssGrowthPercent.toFixed(1)} %, peak ${result.rssPeakMiB.toFixed(0)} MiB)`;
    return { ...result, summary };
  } finally {
    for (const client of clients) client.close();
    await host?.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
