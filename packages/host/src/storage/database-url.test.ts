/**
 * A bad --database fails at once with a message naming the problem: a
 * malformed URL before any connection attempt, an unknown host or database
 * after one attempt (no startup retries: waiting cannot fix them).
 */

import { testDatabaseUrl } from "@holomush/test-services";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { HostError } from "../errors.js";
import { checkDatabaseUrl } from "./database-target.js";
import { openStorage } from "./open-storage.js";
import { urlForDatabase } from "./test-database.js";

const logger = pino({ level: "silent" });

async function failure(databaseUrl: string): Promise<HostError> {
  const error = await openStorage({ databaseUrl, logger }).then(
    async (storage) => {
      await storage.close();
      throw new Error(`${databaseUrl} opened`);
    },
    (caught: unknown) => caught,
  );
  if (!(error instanceof HostError)) throw error;
  return error;
}

describe("--database URL checks", () => {
  it.each([
    ["base", "does not parse as a URL"],
    ["localhost:5432/holomush", 'the scheme is "localhost", not postgres or postgresql'],
    ["mysql://root@127.0.0.1/holomush", 'the scheme is "mysql"'],
    ["postgres:holomush", "it names no host"],
    ["postgres://u@127.0.0.1:port/holomush", "does not parse as a URL"],
  ])("refuses %s before connecting: %s", async (url, why) => {
    const error = await failure(url);
    expect(error.code).toBe("INVALID_ARGUMENT");
    expect(error.field).toBe("--database");
    expect(error.message).toContain(why);
    expect(error.message).toContain("e.g. postgres://user@127.0.0.1:5432/holomush");
    expect(error.message).not.toMatch(/getaddrinfo|ENOTFOUND/);
  });

  it("accepts the URL forms pg understands, socket directories included", () => {
    for (const url of [
      "postgres://u:secret@db.example:5433/holomush",
      "postgresql://u@localhost/holomush?sslmode=disable",
      "postgresql:///holomush?host=/var/run/postgresql",
      "postgres:///holomush",
      "postgresql://u@localhost/holomush?host=/var/run/postgresql",
    ]) {
      expect(() => checkDatabaseUrl(url)).not.toThrow();
    }
  });

  it("never repeats the password when it refuses", async () => {
    const error = await failure("http://user:hunter2@127.0.0.1/holomush");
    expect(error.message).not.toContain("hunter2");
  });

  it("gives up after one attempt on a host name DNS does not know", async () => {
    const error = await failure("postgres://postgres@no-such-host.invalid:5432/holomush");
    expect(error.code).toBe("STORAGE_UNAVAILABLE");
    expect(error.details).toMatchObject({ attempts: "1" });
    expect(error.message).toContain("no-such-host.invalid:5432/holomush");
  });

  it("gives up after one attempt on a database that does not exist", async () => {
    const error = await failure(urlForDatabase(testDatabaseUrl(), "holomush_no_such_database"));
    expect(error.code).toBe("STORAGE_UNAVAILABLE");
    expect(error.details).toMatchObject({ attempts: "1" });
    expect(error.message).toMatch(/does not exist/);
  });
});
