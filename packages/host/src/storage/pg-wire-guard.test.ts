import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFrameCheck } from "./pg-wire-guard.js";

function startup(): Buffer {
  const params = Buffer.from("user\0plugin\0database\0postgres\0\0");
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + params.length, 0);
  head.writeInt32BE(196608, 4);
  return Buffer.concat([head, params]);
}

function message(type: string, body: Buffer, length = body.length + 4): Buffer {
  const head = Buffer.alloc(5);
  head.write(type);
  head.writeInt32BE(length, 1);
  return Buffer.concat([head, body]);
}

describe("the PostgreSQL framing check", () => {
  it("passes a startup packet and messages split anywhere, and an SSL request before the startup", () => {
    const ssl = Buffer.alloc(8);
    ssl.writeInt32BE(8, 0);
    ssl.writeInt32BE(80877103, 4);
    const bytes = Buffer.concat([
      ssl,
      startup(),
      message("Q", Buffer.from("select 1\0")),
      message("X", Buffer.alloc(0)),
    ]);
    const check = createFrameCheck(1024);
    for (let i = 0; i < bytes.length; i += 3) expect(check(bytes.subarray(i, i + 3))).toBeUndefined();
  });

  it.each([
    ["garbage as a startup packet", Buffer.from([0, 0xff, 0xfe, 1, 2, 3, 0, 0])],
    ["a 2 GB startup packet", Buffer.from([0x7f, 0xff, 0xff, 0xff, 0, 3, 0, 0])],
    ["an unknown message type", Buffer.concat([startup(), message("z", Buffer.from("abc"))])],
    ["a message over the limit", Buffer.concat([startup(), message("Q", Buffer.alloc(0), 2048)])],
    ["a message length under 4", Buffer.concat([startup(), message("Q", Buffer.alloc(0), 2)])],
  ])("refuses %s", (_, bytes) => {
    expect(createFrameCheck(1024)(bytes)).toMatch(/invalid startup|unknown message type|outside 4\.\./);
  });
});

// A real embedded database in its own process: the point is that the process keeps running.
describe("an embedded plugin database against hostile bytes (a real process)", () => {
  let child: ChildProcess;
  let socketPath: string;
  let connectionString: string;

  beforeAll(async () => {
    const repoRoot = resolve(import.meta.dirname, "../../../..");
    child = spawn(
      process.execPath,
      ["--import", "tsx", join(import.meta.dirname, "__fixtures__", "embedded-db-main.ts")],
      {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
      if (!line.startsWith("{")) continue;
      ({ socketPath, connectionString } = JSON.parse(line) as { socketPath: string; connectionString: string });
      break;
    }
  }, 60_000);

  afterAll(async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  });

  async function query(): Promise<unknown> {
    const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5000, query_timeout: 5000 });
    await client.connect();
    try {
      return (await client.query("SELECT 41 + 1 AS answer")).rows[0];
    } finally {
      await client.end();
    }
  }

  it("still answers queries after garbage, an unknown message type and a 1 GB message header", async () => {
    const hostile = [
      Buffer.from([0, 0xff, 0xfe, 1, 2, 3, 0, 0, 0, 0, 0, 0]),
      Buffer.concat([startup(), message("z", Buffer.from("abc"))]),
      Buffer.concat([startup(), message("Q", Buffer.alloc(1024, 65), 0x40000000)]),
    ];
    for (const bytes of hostile) {
      await new Promise<void>((done) => {
        const socket = net.connect(socketPath, () => socket.write(bytes));
        socket.on("error", () => done());
        socket.on("close", () => done());
        setTimeout(() => socket.destroy(), 300);
      });
      // Before the check, PGlite spun on the host's thread after the first two: this query never returned.
      expect(await query()).toEqual({ answer: 42 });
    }
    expect(child.exitCode).toBeNull();
  }, 60_000);
});
