/**
 * Issue 22.9 against a real host process with the default limits: an
 * open-loop client writes `say` lines as fast as TCP lets it. The host must
 * run its commands at the connection's rate and stop reading the rest,
 * answer /metrics throughout, serve a polite player, and have no backlog
 * left when the flooder goes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectConsole } from "./console-client.test-support.js";
import { DEFAULT_CONSOLE_LIMITS } from "./console-limits.js";
import { type HostProcess, startHostProcess, TALK_PLUGINS } from "./host-process.test-support.js";
import { rawConnect, sleep } from "./raw-client.test-support.js";
import { RSS_BOUNDS_CALIBRATED } from "./rss-calibration.test-support.js";

const FLOOD_MS = Number(process.env.HOLOMUSH_FLOOD_MS ?? 3000);

let host: HostProcess;

beforeAll(async () => {
  host = await startHostProcess(["--plugins", TALK_PLUGINS]);
}, 60_000);

afterAll(async () => {
  await host?.stop();
});

describe("a flooding console client (a real host process, default limits)", () => {
  it("is throttled to its rate while /metrics and a polite player keep their answers", async () => {
    const { commandsPerSecond, commandBurst } = DEFAULT_CONSOLE_LIMITS;
    const polite = await connectConsole(host.consolePort);
    polite.send("Polite");
    await polite.expectLine(/^Welcome, Polite\./);
    const flooder = await rawConnect(host.consolePort);
    flooder.socket.write("Flooder\n");
    await flooder.waitFor(/^Welcome, Flooder\./);
    const linesBefore = await host.metric("holomush_console_lines_total");
    const rssBefore = host.rss();

    let written = 0;
    let flooding = true;
    const started = Date.now();
    const flood = (async () => {
      const batch = Buffer.from("say flood\n".repeat(1000));
      while (flooding) {
        written += 1000;
        if (!flooder.socket.write(batch)) {
          // Drained or 100 ms, whichever first; the drain listener goes either way.
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              flooder.socket.off("drain", done);
              resolve();
            };
            const timer = setTimeout(done, 100);
            flooder.socket.once("drain", done);
          });
        }
      }
    })();

    let scrapes = 0;
    let answers = 0;
    let rssPeak = rssBefore;
    while (Date.now() - started < FLOOD_MS) {
      await host.metrics(2000);
      scrapes++;
      polite.send(`say hello ${answers}`);
      await polite.expectLine(new RegExp(`^Polite says, "hello ${answers}"$`), 5000);
      answers++;
      rssPeak = Math.max(rssPeak, host.rss());
      await sleep(100);
    }
    flooding = false;
    await flood;
    const elapsedS = (Date.now() - started) / 1000;
    const processed = (await host.metric("holomush_console_lines_total")) - linesBefore - answers;
    // Gone, with whatever it still had queued in the kernel: the host drops it and moves on.
    flooder.socket.destroy();
    polite.send("say after the flood");
    await polite.expectLine(/^Polite says, "after the flood"$/, 5000);

    console.log(
      `flood: ${written} lines written in ${elapsedS.toFixed(1)} s, ${processed} run by the host ` +
        `(rate ${commandsPerSecond}/s, burst ${commandBurst}); ${scrapes} /metrics answers, ${answers} polite answers; ` +
        `host RSS +${((rssPeak - rssBefore) / 1048576).toFixed(1)} MiB`,
    );
    expect(await host.metric("holomush_console_throttled_total")).toBeGreaterThan(0);
    expect(flooder.lines()).toContain(
      `You are sending commands faster than ${commandsPerSecond} a second; the rest wait their turn. (CONSOLE_RATE_LIMITED)`,
    );
    // The rate holds: never more than the burst plus the rate over the time it ran (+1 s for the tail).
    expect(processed).toBeLessThanOrEqual(commandBurst + commandsPerSecond * (elapsedS + 1));
    expect(written).toBeGreaterThan(processed * 10);
    if (RSS_BOUNDS_CALIBRATED) expect(rssPeak - rssBefore).toBeLessThan(48 * 1024 * 1024);
    await polite.close();
  }, 60_000);
});
