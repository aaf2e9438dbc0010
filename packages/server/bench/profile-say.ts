/**
 * Not a benchmark (run.ts only picks *.bench.ts): a host process under the
 * console-roundtrip say loop, N sequential says, for a CPU profile of the
 * host (HOLOMUSH_BENCH_HOST_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"):
 *
 *   cd packages/server && npx tsx bench/profile-say.ts 3000
 */
import { join } from "node:path";
import { EXAMPLES, startGameHost } from "./game-host.js";
import { GamePlayer } from "./game-player.js";

const count = Number(process.argv[2] ?? 3000);
const plugins = (process.env.HOLOMUSH_PROFILE_PLUGINS ?? "core-communication,echo-bot")
  .split(",")
  .flatMap((name) => ["--plugins", join(EXAMPLES, name)]);
const host = await startGameHost([...plugins, "--console-commands-per-second", "0"]);
const player = await GamePlayer.connect("Ada", host.consolePort);
const times: number[] = [];
for (let n = 0; n < count; n++) {
  const text = `p-${n}`;
  const started = performance.now();
  const echoed = player.expect((line) => line === `echo-bot says, "Echo: ${text}"`);
  player.send(`say ${text}`);
  await echoed;
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
console.log(
  `${count} says: p50 ${(times[count >> 1] ?? 0).toFixed(3)} ms, p90 ${(times[Math.floor(count * 0.9)] ?? 0).toFixed(3)} ms`,
);
player.close();
await host.stop();
