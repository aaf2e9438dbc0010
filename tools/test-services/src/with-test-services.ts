/**
 * Runs a command with the test servers up: `tsx with-test-services.ts CMD ARGS…`.
 * The root `test:all` uses it so every package's tests in one run share one
 * PostgreSQL and one NATS (each package's own global setup then finds them in
 * the environment and starts nothing).
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { ensureNats, ensurePostgres, type Stop, stopAll } from "./services.js";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: with-test-services COMMAND [ARGS…]");
  process.exit(2);
}

const stops: (Stop | undefined)[] = [];
let code = 1;
try {
  stops.push(await ensurePostgres());
  stops.push(await ensureNats());
  const child = spawn(command, args, { stdio: "inherit" });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, forward);
  code = await new Promise<number>((resolve) => {
    child.once("error", (error) => {
      console.error(`with-test-services: ${error.message}`);
      resolve(127);
    });
    child.once("exit", (exitCode, signal) => resolve(exitCode ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
} catch (error) {
  console.error(`with-test-services: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await stopAll(stops).catch((error) => console.error(String(error)));
}
process.exit(code);
