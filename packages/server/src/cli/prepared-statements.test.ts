/**
 * `--no-prepared-statements` (HOLOMUSH_NO_PREPARED_STATEMENTS) reaches the
 * PostgreSQL client: a host behind a transaction-pooling PgBouncer older than
 * 1.21 runs its statements unnamed and still plays. (What the client does
 * with the option: packages/host's pg-prepared.postgres.test.ts.)
 */
import { createThrowawayDatabase, type ThrowawayDatabase } from "@holomush/test-services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectConsole } from "../console/console-client.test-support.js";
import { type HostProcess, startHostProcess, TALK_PLUGINS } from "../console/host-process.test-support.js";

describe("holomush-host run --database with and without prepared statements", () => {
  let database: ThrowawayDatabase;
  const hosts: HostProcess[] = [];
  beforeAll(async () => {
    database = await createThrowawayDatabase("prepared_cli");
  });
  afterAll(async () => {
    for (const host of hosts) await host.stop();
    await database?.drop();
  });

  for (const [label, args, env, expected] of [
    ["by default", [], {}, true],
    ["with --no-prepared-statements", ["--no-prepared-statements"], {}, false],
    ["with HOLOMUSH_NO_PREPARED_STATEMENTS=1", [], { HOLOMUSH_NO_PREPARED_STATEMENTS: "1" }, false],
  ] as const) {
    it(`plays ${label}, and says which it uses`, async () => {
      const host = await startHostProcess(
        ["--database", database.url, "--plugins", TALK_PLUGINS, ...args],
        30_000,
        env,
      );
      hosts.push(host);
      const ready = host.logs.find((entry) => entry.msg === "storage ready");
      expect(ready).toMatchObject({ engine: "postgres", preparedStatements: expected });
      const player = await connectConsole(host.consolePort);
      player.send(`Ada${hosts.length}`);
      await player.expectLine(/^Welcome, Ada\d\./);
      player.send("say hello");
      await player.expectLine(/says, "hello"$/);
      await player.close();
      await host.stop();
    }, 60_000);
  }
});
