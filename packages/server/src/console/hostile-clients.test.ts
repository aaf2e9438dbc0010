/**
 * Hostile clients against a real host process, on both listeners it owns
 * over TCP (the console and /metrics): resets, half-open and slowloris
 * connections, huge lines and headers, NUL and invalid UTF-8, 1,000
 * connections at once, connect/disconnect storms and a client that never
 * reads. After each case the process must still run, serve a player and
 * answer /metrics — an unhandled 'error' anywhere would have ended it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { connectConsole } from "./console-client.test-support.js";
import { type HostProcess, startHostProcess, TALK_PLUGINS } from "./host-process.test-support.js";
import { type RawClient, rawConnect, sleep } from "./raw-client.test-support.js";
import { RSS_BOUNDS_CALIBRATED } from "./rss-calibration.test-support.js";

const LOGIN_TIMEOUT_MS = 1500;
const IDLE_TIMEOUT_MS = 4000;
const MAX_LINE = 4096;
const PER_ADDRESS = 200;
const MAX_OUTPUT = 64 * 1024;
const METRICS_CONNECTIONS = 16;
const METRICS_TIMEOUT_MS = 1500;
const FLOOD_MIB = 600;

let host: HostProcess;
let probes = 0;

/** A fresh player logs in and hears itself: the host is alive and serving. */
async function expectServing(): Promise<void> {
  expect(host.exited(), host.stderr()).toBeNull();
  const client = await connectConsole(host.consolePort);
  const name = `Probe${++probes}`;
  client.send(name);
  await client.expectLine(new RegExp(`^Welcome, ${name}\\.`));
  client.send("say still here");
  await client.expectLine(new RegExp(`^${name} says, "still here"$`));
  await client.close();
  expect(await host.metrics()).toContain("holomush_console_connections");
}

async function login(name: string, options: { read?: boolean } = {}): Promise<RawClient> {
  const client = await rawConnect(host.consolePort, options);
  client.socket.write(`${name}\n`);
  if (options.read !== false) await client.waitFor(new RegExp(`^Welcome, ${name}\\.`));
  return client;
}

beforeAll(async () => {
  host = await startHostProcess([
    "--plugins",
    TALK_PLUGINS,
    "--console-login-timeout-ms",
    String(LOGIN_TIMEOUT_MS),
    "--console-idle-timeout-ms",
    String(IDLE_TIMEOUT_MS),
    "--console-max-line-bytes",
    String(MAX_LINE),
    "--console-max-connections-per-address",
    String(PER_ADDRESS),
    "--console-max-output-bytes",
    String(MAX_OUTPUT),
    // The rate has its own test (console-flood.test.ts); here output must pile up quickly.
    "--console-commands-per-second",
    "0",
    "--metrics-max-connections",
    String(METRICS_CONNECTIONS),
    "--metrics-request-timeout-ms",
    String(METRICS_TIMEOUT_MS),
  ]);
}, 60_000);

afterAll(async () => {
  await host?.stop();
});

afterEach(async () => {
  await expectServing();
});

describe("the console against hostile clients (a real host process)", () => {
  it("survives connections reset (TCP RST) before a name, after login, mid-line and with unread data", async () => {
    for (let round = 0; round < 10; round++) {
      const fresh = await rawConnect(host.consolePort);
      fresh.socket.resetAndDestroy();
      const named = await login(`Reset${round}`);
      named.socket.write("say half a li");
      await sleep(5);
      named.socket.resetAndDestroy();
      // Unread data in the client's buffer when it closes: the kernel sends an RST.
      const unread = await rawConnect(host.consolePort, { read: false });
      unread.socket.write("Unread\nsay hello\n");
      await sleep(20);
      unread.socket.destroy();
    }
    await sleep(200);
    expect(host.exited(), host.stderr()).toBeNull();
    expect(await host.metric("holomush_console_disconnects_total", 'reason="reset"')).toBeGreaterThan(0);
  });

  it("closes a half-open connection that never sends a name, and one idle after login", async () => {
    const silent = await rawConnect(host.consolePort);
    await silent.closed;
    expect(silent.lines()).toContain(`No name given within ${LOGIN_TIMEOUT_MS / 1000} s; closing the connection.`);
    const idle = await login("Idler");
    await idle.closed;
    expect(idle.lines()).toContain(`Idle for ${IDLE_TIMEOUT_MS / 1000} s; closing the connection. Goodbye.`);
    expect(await host.metric("holomush_console_disconnects_total", 'reason="login_timeout"')).toBeGreaterThan(0);
    expect(await host.metric("holomush_console_disconnects_total", 'reason="idle_timeout"')).toBeGreaterThan(0);
  }, 20_000);

  it("closes a slowloris that drips bytes without a newline at the login timeout", async () => {
    const loris = await rawConnect(host.consolePort);
    const drip = setInterval(() => loris.socket.write("x"), 100);
    await loris.closed;
    clearInterval(drip);
    expect(loris.lines()).toContain(`No name given within ${LOGIN_TIMEOUT_MS / 1000} s; closing the connection.`);
  }, 20_000);

  it("discards a 1 MB line with one message and keeps serving the connection", async () => {
    const client = await login("Longline");
    client.socket.write(Buffer.alloc(1024 * 1024, "x"));
    client.socket.write("\nsay after the long line\n");
    await client.waitFor(/^Longline says, "after the long line"$/);
    const notices = client.lines().filter((line) => line.includes("CONSOLE_LINE_TOO_LONG"));
    expect(notices).toEqual([
      `That line was too long (over ${MAX_LINE} bytes) and was discarded. (CONSOLE_LINE_TOO_LONG)`,
    ]);
    client.socket.end();
  });

  it("holds none of 600 MiB sent without a newline (host RSS grows far less than it is sent)", async () => {
    const client = await login("Flooder");
    const before = host.rss();
    let peak = before;
    const chunk = Buffer.alloc(1024 * 1024, "y");
    for (let sent = 0; sent < FLOOD_MIB; sent++) {
      if (!client.socket.write(chunk)) await new Promise((resolve) => client.socket.once("drain", resolve));
      if (sent % 10 === 0) peak = Math.max(peak, host.rss());
    }
    client.socket.write("\nsay done\n");
    await client.waitFor(/^Flooder says, "done"$/, 30_000);
    peak = Math.max(peak, host.rss());
    console.log(`${FLOOD_MIB} MiB without a newline: host RSS ${mib(before)} → peak ${mib(peak)} MiB`);
    // Before the fix the host kept every byte (~1 MB per MiB sent) and died at ~517 MiB. What
    // remains is garbage awaiting the GC, which differs by V8: Node 20 peaked at +4 MiB; Node 24
    // let unread-chunk garbage reach +124 MiB on a 200 MiB flood. Holding the data would cost
    // ≥ 600 MiB, so the bound is a fraction of what is sent on either.
    const bound = RSS_BOUNDS_CALIBRATED ? 96 : 256;
    expect(peak - before).toBeLessThan(bound * 1024 * 1024);
    expect(client.lines().filter((line) => line.includes("CONSOLE_LINE_TOO_LONG"))).toHaveLength(1);
    client.socket.end();
  }, 120_000);

  it("strips NUL and control bytes and replaces invalid UTF-8 before anyone sees them", async () => {
    const listener = await login("Listener");
    const speaker = await rawConnect(host.consolePort);
    speaker.socket.write(Buffer.from("Spe\u0000aker\r\n", "latin1"));
    await speaker.waitFor(/^Welcome, Speaker\./);
    speaker.socket.write(
      Buffer.concat([Buffer.from("say a\u0000b\u001b[2Jc\u0007d"), Buffer.from([0xff, 0xfe]), Buffer.from("e\n")]),
    );
    const heard = await listener.waitFor(/^Speaker says/);
    expect(heard).toBe('Speaker says, "ab[2Jcd\uFFFD\uFFFDe"');
    const controls = [...listener.received()].filter((byte) => byte < 0x20 && byte !== 0x0d && byte !== 0x0a);
    expect(controls).toEqual([]);
    // A name that is nothing but invalid UTF-8 is refused like any bad name.
    const garbled = await rawConnect(host.consolePort);
    garbled.socket.write(Buffer.from([0xff, 0xfe, 0x00, 0x0a]));
    await garbled.waitFor(/^That name won't do/);
    for (const client of [listener, speaker, garbled]) client.socket.end();
  });

  it("admits at most the per-address limit of 1,000 connections opened at once and tells the rest why", async () => {
    const clients = await Promise.all(Array.from({ length: 1000 }, () => rawConnect(host.consolePort)));
    const firstLines = await Promise.all(
      clients.map((client) => client.waitFor(/Welcome to HoloMUSH|Too many connections/, 15_000)),
    );
    const welcomed = firstLines.filter((line) => line.startsWith("Welcome to HoloMUSH")).length;
    // The probe of the previous test may still be closing; at most PER_ADDRESS are ever admitted.
    expect(welcomed).toBeLessThanOrEqual(PER_ADDRESS);
    expect(welcomed).toBeGreaterThan(PER_ADDRESS - 5);
    const refused = clients.filter((_, i) => firstLines[i]?.startsWith("Too many connections"));
    console.log(`1,000 console connections at once: ${welcomed} admitted, ${refused.length} told and closed`);
    expect(refused.length).toBe(1000 - welcomed);
    expect(refused[0]?.lines()[0]).toBe(
      `Too many connections: your address has ${PER_ADDRESS} connections open, the limit per address. Try again later. (CONSOLE_TOO_MANY_CONNECTIONS)`,
    );
    await Promise.all(refused.map((client) => client.closed));
    for (const client of clients) client.socket.destroy();
    await waitForOpenConnections(0);
  }, 60_000);

  it("survives a connect/disconnect storm of 3,000 connections without keeping memory", async () => {
    const before = host.rss();
    for (let wave = 0; wave < 30; wave++) {
      const clients = await Promise.all(Array.from({ length: 100 }, () => rawConnect(host.consolePort)));
      clients.forEach((client, i) => {
        if (i % 3 === 0) client.socket.write(`Storm${wave}x${i}\n`);
        if (i % 2 === 0) client.socket.resetAndDestroy();
        else client.socket.end();
      });
      await Promise.all(clients.map((client) => client.closed));
    }
    await waitForOpenConnections(0);
    console.log(`3,000 connect/disconnects: host RSS ${mib(before)} → ${mib(host.rss())} MiB, 0 connections left open`);
    if (RSS_BOUNDS_CALIBRATED) expect(host.rss() - before).toBeLessThan(48 * 1024 * 1024);
  }, 60_000);

  it("drops a logged-in client that stops reading once its unsent output passes the limit", async () => {
    const deaf = await login("Deaf");
    deaf.socket.pause();
    const speakers = await Promise.all([login("Loud1"), login("Loud2")]);
    const message = `say ${"z".repeat(MAX_LINE - 10)}\n`;
    const overflowed = () => host.metric("holomush_console_disconnects_total", 'reason="output_overflow"');
    // A paused client never sees its socket close, so the host's own count tells.
    let round = 0;
    for (; round < 4000; round++) {
      for (const speaker of speakers) {
        if (!speaker.socket.write(message)) await new Promise((resolve) => speaker.socket.once("drain", resolve));
      }
      if (round % 50 === 49 && (await overflowed()) > 0) break;
    }
    expect(await overflowed()).toBe(1);
    console.log(`a client that stopped reading was dropped after ${round} rounds of 2 × ${MAX_LINE} B says`);
    deaf.socket.destroy();
    for (const speaker of speakers) speaker.socket.destroy();
  }, 60_000);
});

describe("the metrics endpoint against hostile clients (the same host process)", () => {
  /** Sends raw bytes to /metrics' port; resolves with everything the server answered before closing. */
  async function rawHttp(bytes: string | Buffer, holdMs = 0): Promise<string> {
    const client = await rawConnect(host.metricsPort);
    client.socket.write(bytes);
    if (holdMs > 0) await sleep(holdMs);
    await client.closed;
    return client.received().toString("latin1");
  }

  it("survives requests reset mid-headers and mid-response", async () => {
    for (let round = 0; round < 20; round++) {
      const client = await rawConnect(host.metricsPort);
      client.socket.write(round % 2 === 0 ? "GET /metr" : "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
      await sleep(2);
      client.socket.resetAndDestroy();
    }
    await sleep(100);
    expect(host.exited(), host.stderr()).toBeNull();
  });

  it("answers garbage, NUL bytes and a 1 MB header with 4xx and closes", async () => {
    expect(await rawHttp(Buffer.from([0x00, 0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a]))).toMatch(/^HTTP\/1\.1 400 /);
    const huge = `GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(1024 * 1024)}\r\n\r\n`;
    expect(await rawHttp(huge)).toMatch(/^HTTP\/1\.1 431 /);
  });

  it("closes a slowloris that never finishes its headers at the request timeout", async () => {
    const client = await rawConnect(host.metricsPort);
    client.socket.write("GET /metrics HTTP/1.1\r\n");
    const drip = setInterval(() => client.socket.write("X-Drip: 1\r\n"), 200);
    await client.closed;
    clearInterval(drip);
    expect(client.received().toString()).toMatch(/^HTTP\/1\.1 408 /);
  }, 20_000);

  it("keeps at most its connection limit open from 1,000 at once, then answers again", async () => {
    const clients = await Promise.all(Array.from({ length: 1000 }, () => rawConnect(host.metricsPort)));
    await sleep(500);
    const open = clients.filter((client) => !client.isClosed());
    console.log(`1,000 metrics connections at once: ${open.length} kept open, ${1000 - open.length} closed at accept`);
    expect(open.length).toBeLessThanOrEqual(METRICS_CONNECTIONS);
    for (const client of clients) client.socket.destroy();
    await sleep(200);
    expect(await host.metrics()).toContain("holomush_console_connections");
  }, 30_000);
});

const mib = (bytes: number) => (bytes / 1048576).toFixed(0);

async function waitForOpenConnections(count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  let open = await host.metric("holomush_console_connections");
  while (open !== count && Date.now() < deadline) {
    await sleep(50);
    open = await host.metric("holomush_console_connections");
  }
  expect(open).toBe(count);
}
