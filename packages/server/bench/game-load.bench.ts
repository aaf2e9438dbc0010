/**
 * `game-load`: the whole game. For each N (default 10, 100, 1,000) a fresh
 * host process (the built CLI, embedded PGlite, the examples
 * core-communication, echo-bot, lua-communication and greeter) and N players
 * on its real TCP console. Each player loops: send the next command of the
 * mix (game-mix.ts: say → WASM echo, pose and go → in-process, ooc → Lua,
 * roll → a process plugin), wait for the line that answers it, think
 * THINK_MS on average, for a fixed time. Reported per N: commands/s, p50/p99
 * command → answer latency at the player (all and per plugin kind), host CPU
 * (% of one core) and RSS; docs/game-load.png charts them.
 *
 * The players run in this process, on the same 2 cores as the host: at
 * 1,000 players they are part of the load. Default 10 s per N (`pnpm bench`);
 * HOLOMUSH_GAME_SECONDS=60 for a longer run, HOLOMUSH_GAME_PLAYERS=10,100 to
 * choose the sizes, HOLOMUSH_GAME_THINK_MS for the think time (default 1000).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeResult } from "@holomush/bench-kit";
import { type GameRow, renderGameChart } from "./game-chart.js";
import { EXAMPLES, startGameHost } from "./game-host.js";
import { GAME_PLUGINS, gameCommand, latencySummary, type PluginKind } from "./game-mix.js";
import { GamePlayer } from "./game-player.js";

const SECONDS = Number(process.env.HOLOMUSH_GAME_SECONDS ?? 10);
const SIZES = (process.env.HOLOMUSH_GAME_PLAYERS ?? "10,100,1000").split(",").map(Number);
const THINK_MS = Number(process.env.HOLOMUSH_GAME_THINK_MS ?? 1000);
/**
 * An answer not seen within this is counted lost and the player moves on: an
 * event dropped by a full queue (echo-bot's and greeter's are `drop`) never comes.
 */
const ANSWER_TIMEOUT_MS = 2000;
/** Players logging in at once. */
const LOGIN_CONCURRENCY = 50;
const CHART = join(import.meta.dirname, "..", "..", "..", "docs", "game-load.png");

interface SizeResult extends GameRow {
  commands: number;
  lost: number;
  /** CPU of this process (the players), % of one core: on a 2-core machine they compete with the host. */
  playersCpuPercent: number;
  byKind: Record<PluginKind, { count: number; p50: number; p99: number }>;
}

async function runSize(players: number): Promise<SizeResult> {
  const host = await startGameHost([
    ...GAME_PLUGINS.flatMap((name) => ["--plugins", join(EXAMPLES, name)]),
    "--console-commands-per-second",
    "0",
    "--console-max-connections",
    String(players + 10),
    "--console-max-connections-per-address",
    String(players + 10),
  ]);
  const clients: GamePlayer[] = [];
  try {
    for (let first = 0; first < players; first += LOGIN_CONCURRENCY) {
      const batch = Array.from({ length: Math.min(LOGIN_CONCURRENCY, players - first) }, (_, i) =>
        GamePlayer.connect(`P${first + i}`, host.consolePort),
      );
      clients.push(...(await Promise.all(batch)));
    }
    // Every login is an arrival the greeter waves at (a KV get and set each): the game starts
    // once that backlog is worked off, i.e. once a command to the greeter is answered.
    const first = clients[0] as GamePlayer;
    const settled = first.expect((line) => line.startsWith(`${first.name} rolls 1d6: `));
    first.send("roll 1d6");
    await settled;
    const samples: Array<{ kind: PluginKind; ms: number }> = [];
    let lost = 0;
    let running = true;
    const play = async (player: GamePlayer) => {
      // Players start spread over one think time, not all at once.
      await sleep(Math.random() * THINK_MS);
      for (let step = 0; running; step++) {
        const command = gameCommand(player.name, step);
        const sent = performance.now();
        const answered = player.expect(command.answers);
        player.send(command.line);
        const at = await Promise.race([answered, sleep(ANSWER_TIMEOUT_MS).then(() => undefined)]);
        if (at === undefined) {
          lost++;
          player.forget(command.answers);
        } else if (running) samples.push({ kind: command.kind, ms: at - sent });
        await sleep(THINK_MS * (0.5 + Math.random()));
      }
    };
    const cpuBefore = host.cpuMs();
    const playersCpuBefore = process.cpuUsage();
    const started = performance.now();
    let rssPeak = host.rss();
    const loops = clients.map(play);
    while (performance.now() - started < SECONDS * 1000) {
      await sleep(250);
      rssPeak = Math.max(rssPeak, host.rss());
    }
    running = false;
    const elapsedMs = performance.now() - started;
    const cpuPercent = ((host.cpuMs() - cpuBefore) / elapsedMs) * 100;
    const playersCpu = process.cpuUsage(playersCpuBefore);
    const playersCpuPercent = ((playersCpu.user + playersCpu.system) / 1000 / elapsedMs) * 100;
    const all = latencySummary(samples.map((sample) => sample.ms));
    const kinds: PluginKind[] = ["in-process", "wasm", "lua", "process"];
    const byKind = Object.fromEntries(
      kinds.map((kind) => [kind, latencySummary(samples.filter((s) => s.kind === kind).map((s) => s.ms))]),
    ) as SizeResult["byKind"];
    // The players' loops end after their current think time; the host is stopped after that.
    // Commands still unanswered then are counted lost.
    await Promise.race([Promise.all(loops), sleep(ANSWER_TIMEOUT_MS + 2 * THINK_MS)]);
    return {
      players,
      commands: all.count,
      lost,
      commandsPerSecond: all.count / (elapsedMs / 1000),
      lostPerSecond: lost / (elapsedMs / 1000),
      p50Ms: all.count > 0 ? all.p50 : null,
      p99Ms: all.count > 0 ? all.p99 : null,
      cpuPercent,
      playersCpuPercent,
      rssMiB: rssPeak / 2 ** 20,
      byKind,
    };
  } finally {
    for (const client of clients) client.close();
    await host.stop();
  }
}

export async function run(): Promise<void> {
  const rows: SizeResult[] = [];
  for (const players of SIZES) {
    const row = await runSize(players);
    rows.push(row);
    const kinds = Object.entries(row.byKind)
      .map(([kind, figures]) => `${kind} ${figures.p50.toFixed(2)}/${figures.p99.toFixed(1)}`)
      .join(", ");
    console.log(
      `game-load ${players} players, ${SECONDS} s: ${row.commandsPerSecond.toFixed(0)} commands/s ` +
        `(${row.commands}, lost ${row.lost}); p50 ${row.p50Ms?.toFixed(2) ?? "-"} ms, p99 ${row.p99Ms?.toFixed(1) ?? "-"} ms ` +
        `(p50/p99 ms: ${kinds}); host CPU ${row.cpuPercent.toFixed(0)} % of a core (players ${row.playersCpuPercent.toFixed(0)} %), RSS peak ${row.rssMiB.toFixed(0)} MiB`,
    );
  }
  const largest = rows[rows.length - 1] as SizeResult;
  writeResult({
    name: "game-load",
    unit: "ms (command → answer at the player)",
    median: largest.p50Ms ?? Number.NaN,
    p99: largest.p99Ms ?? Number.NaN,
    samples: largest.commands,
    seconds: SECONDS,
    thinkMs: THINK_MS,
    rows,
  });
  const subtitle = `${SECONDS} s per size, think time ${THINK_MS} ms, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
  writeFileSync(CHART, await renderGameChart(rows, subtitle));
  console.log(`  chart: ${CHART}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
