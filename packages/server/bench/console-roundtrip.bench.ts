/**
 * `console-roundtrip`: the player's view. One player on the real TCP console
 * of a real host process (the built CLI, examples core-communication,
 * echo-bot and greeter loaded, the embedded PGlite by default) sends a line
 * and waits for the answer, socket to socket:
 * - `console-roundtrip-say`: `say` → echo-bot's (WASM) `Echo:` line;
 * - `console-roundtrip-go`: `go north` / `go south` → greeter's (a process
 *   plugin) wave at the arrival, after a KV get and set in its handler.
 * The floor is the same exchange with a bare Node TCP echo server in a child
 * process (one line out, one line back), in alternating rounds.
 * - `console-roundtrip-say-over-floor`: the same say against say-floor-server.ts,
 *   which does only what the host cannot skip (both events durable before they
 *   are seen, echo-bot's WASM in a worker thread, two lines written): the
 *   ratio is what the host's own work (dispatch, authorization, routing,
 *   sessions, rendering, limits) adds on top.
 * HOLOMUSH_BENCH_DATABASE=postgres uses HOLOMUSH_TEST_DATABASE_URL instead of PGlite.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchmarkResult, runBenchmark } from "@holomush/bench-kit";
import { EXAMPLES, startGameHost } from "./game-host.js";
import { GamePlayer } from "./game-player.js";

const ECHO_SERVER = `
const server = require("node:net").createServer((socket) => {
  socket.setNoDelay(true);
  socket.on("data", (chunk) => socket.write(chunk));
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;

export async function run(): Promise<void> {
  const database =
    process.env.HOLOMUSH_BENCH_DATABASE === "postgres"
      ? ["--database", process.env.HOLOMUSH_TEST_DATABASE_URL ?? ""]
      : [];
  const plugins = ["core-communication", "echo-bot", "greeter"].flatMap((name) => ["--plugins", join(EXAMPLES, name)]);
  const host = await startGameHost([...plugins, ...database, "--console-commands-per-second", "0"]);
  const echo = spawn(process.execPath, ["-e", ECHO_SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  const sayFloorData = mkdtempSync(join(tmpdir(), "holomush-bench-say-floor-"));
  const sayFloor = spawn(
    process.execPath,
    [
      "--disable-warning=ExperimentalWarning",
      "--import",
      "tsx",
      join(import.meta.dirname, "say-floor-server.ts"),
      sayFloorData,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const portOf = (child: typeof echo) =>
    new Promise<number>((resolve, reject) => {
      child.stdout?.once("data", (chunk) => resolve(Number(String(chunk))));
      child.once("exit", (code) => reject(new Error(`${child.spawnargs.join(" ")} exited (${code})`)));
    });
  let player: GamePlayer | undefined;
  let floor: GamePlayer | undefined;
  let sayFloorPlayer: GamePlayer | undefined;
  try {
    const echoPort = await portOf(echo);
    const sayFloorPort = await portOf(sayFloor);
    player = await GamePlayer.connect("Ada", host.consolePort);
    const raw = await GamePlayer.open("raw", echoPort);
    floor = raw;
    sayFloorPlayer = await GamePlayer.open("floor", sayFloorPort);
    const bare = sayFloorPlayer;
    const live = player;
    let n = 0;
    const say = async () => {
      const text = `rt-${n++}`;
      const echoed = live.expect((line) => line === `echo-bot says, "Echo: ${text}"`);
      live.send(`say ${text}`);
      await echoed;
    };
    let north = false;
    const go = async () => {
      north = !north;
      const waved = live.expect((line) => line === "The greeter waves at Ada.");
      live.send(north ? "go north" : "go south");
      await waved;
    };
    const ping = async () => {
      const text = `ping-${n++}`;
      const back = raw.expect((line) => line === text);
      raw.socket.write(`${text}\r\n`);
      await back;
    };
    const sayBare = async () => {
      const text = `rt-${n++}`;
      const echoed = bare.expect((line) => line === `echo-bot says, "Echo: ${text}"`);
      bare.socket.write(`say ${text}\r\n`);
      await echoed;
    };
    const floorCase = { name: "floor: one line to a bare Node TCP echo server and back", fn: ping };
    const report = (result: BenchmarkResult) =>
      console.log(
        `  ${result.name}: p50 ${result.median.toFixed(0)} µs, p99 ${result.p99.toFixed(0)} µs; ` +
          `floor p50 ${result.baselineMedian?.toFixed(0)} µs`,
      );
    report(
      await runBenchmark({
        name: "console-roundtrip-say",
        subject: { name: "console: say → echo-bot's echo line (WASM)", fn: say },
        baseline: floorCase,
        time: 4000,
        iterations: 400,
        rounds: 4,
        goal: {
          description: "a say answered by the WASM echo-bot ≤ 0.5 ms p50 socket to socket (idle host)",
          met: (result) => result.median <= 500,
        },
        extra: { storage: database.length > 0 ? "postgres" : "pglite" },
      }),
    );
    report(
      await runBenchmark({
        name: "console-roundtrip-say-over-floor",
        subject: { name: "console: say → echo-bot's echo line (WASM)", fn: say },
        baseline: {
          name: "say floor: both events durable, echo-bot's WASM in a worker, two lines written (say-floor-server.ts)",
          fn: sayBare,
        },
        time: 4000,
        iterations: 400,
        rounds: 4,
        extra: { storage: database.length > 0 ? "postgres" : "pglite" },
      }),
    );
    report(
      await runBenchmark({
        name: "console-roundtrip-go",
        subject: { name: "console: go → greeter's wave (process plugin, KV get + set)", fn: go },
        baseline: floorCase,
        time: 4000,
        iterations: 200,
        rounds: 4,
        extra: { storage: database.length > 0 ? "postgres" : "pglite" },
      }),
    );
  } finally {
    player?.close();
    floor?.close();
    sayFloorPlayer?.close();
    echo.kill();
    if (sayFloor.exitCode === null) {
      const exited = new Promise((resolve) => sayFloor.once("exit", resolve));
      sayFloor.kill("SIGTERM");
      const stuck = setTimeout(() => sayFloor.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(stuck);
    }
    rmSync(sayFloorData, { recursive: true, force: true });
    await host.stop();
  }
}
