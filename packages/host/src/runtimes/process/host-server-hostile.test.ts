/**
 * The process runtime's host socket against hostile local clients (any
 * process of the host's OS user can reach it, plugins included): resets,
 * garbage instead of HTTP/2, 1,000 connections at once and an
 * unauthenticated 64 MiB unary body. The host runs in its own process
 * (__fixtures__/host-main.ts) and must survive each case with its plugin
 * still running and its socket still answering.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http2 from "node:http2";
import net from "node:net";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fixturesDir, prepareFixturePlugins } from "./__fixtures__/fixture-plugins.js";
import { isRunning } from "./__fixtures__/test-host.js";

const repoRoot = resolve(fixturesDir, "../../../../../..");
let host: ChildProcess;
let socketPath: string;
let pluginPid: number;
let stderr = "";

const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${host.pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** One unary call without a token; resolves when the server has answered or reset the stream. */
function unauthenticatedCall(body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const session = http2.connect("http://localhost", { createConnection: () => net.connect(socketPath) });
    session.on("error", fail);
    const request = session.request({
      ":method": "POST",
      ":path": "/holomush.plugin.v1.PluginHostService/KvGet",
      "content-type": "application/proto",
    });
    let status = 0;
    let text = "";
    request.on("response", (headers) => {
      status = Number(headers[":status"]);
    });
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      text += chunk;
    });
    request.on("error", () => undefined);
    request.on("close", () => {
      session.close();
      done({ status, text });
    });
    request.end(body);
  });
}

beforeAll(async () => {
  prepareFixturePlugins();
  host = spawn(process.execPath, ["--import", "tsx", join(fixturesDir, "host-main.ts"), "wait"], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  host.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  for await (const line of createInterface({ input: host.stdout as NodeJS.ReadableStream })) {
    if (!line.startsWith("{")) continue;
    const info = JSON.parse(line) as { runDir: string; pluginPid: number };
    socketPath = join(info.runDir, "host.sock");
    pluginPid = info.pluginPid;
    break;
  }
}, 60_000);

afterAll(() => {
  host?.kill("SIGKILL");
});

afterEach(async () => {
  expect(host.exitCode, stderr).toBeNull();
  expect(isRunning(pluginPid)).toBe(true);
  const answer = await unauthenticatedCall(Buffer.alloc(0));
  expect(answer.text).toContain("missing or unknown plugin token");
});

describe("the process runtime's host socket against hostile local clients (a real host process)", () => {
  it("survives connections closed with unread data (reset) and garbage instead of HTTP/2", async () => {
    for (let round = 0; round < 20; round++) {
      const socket = net.connect(socketPath);
      socket.on("error", () => undefined);
      await new Promise((done) => socket.once("connect", done));
      socket.pause();
      socket.write(
        round % 2 === 0 ? "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" : Buffer.from([0, 0xff, 0xfe, 0x13, 0x37, 0, 0]),
      );
      await sleep(5);
      socket.destroy();
    }
    await sleep(200);
  });

  it("survives 1,000 connections opened at once", async () => {
    const sockets = await Promise.all(
      Array.from(
        { length: 1000 },
        () =>
          new Promise<net.Socket>((done) => {
            const socket = net.connect(socketPath, () => done(socket));
            socket.on("error", () => done(socket));
          }),
      ),
    );
    await sleep(200);
    for (const socket of sockets) socket.destroy();
  }, 30_000);

  it("refuses an unauthenticated 64 MiB body without holding it", async () => {
    const before = rss();
    // The call ends (an error answer or a reset stream, depending on when the server stops reading).
    await unauthenticatedCall(Buffer.alloc(64 * 1024 * 1024, 1));
    // Before the cap, Connect read up to 4 GiB of body into memory before the token was checked.
    expect(rss() - before).toBeLessThan(40 * 1024 * 1024);
  }, 30_000);
});
