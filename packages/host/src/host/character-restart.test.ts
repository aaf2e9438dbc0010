/**
 * Characters are stable identities: a host restarted on the same storage
 * (PGlite in a data directory, or a real PostgreSQL) gives a name the id it
 * had, so plugin data keyed by characterId is found again.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { openStorage, type Storage } from "../storage/open-storage.js";
import { createThrowawayDatabase } from "../storage/test-database.js";
import { createHost } from "./create-host.js";

const logger = pino({ level: "silent" });
const scratch = mkdtempSync(join(tmpdir(), "holomush-characters-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** One host lifetime on freshly opened storage: connect `names`, return their ids, stop and close everything. */
async function lifetime(open: () => Promise<Storage>, names: string[], work?: (ids: string[]) => Promise<void>) {
  const storage = await open();
  const host = await createHost({ logger, storage });
  try {
    await host.start();
    const ids: string[] = [];
    for (const name of names) ids.push((await host.connect(name)).characterId);
    await work?.(ids);
    return { ids, mail: await storage.kv.get("mailbox", ids[0] ?? "none") };
  } finally {
    await host.stop();
  }
}

async function restartKeepsIds(open: ReturnType<typeof opener>) {
  const first = await lifetime(open, ["Alice", "Bob"], async ([alice]) => {
    // What a mail plugin does: data keyed by the character's id.
    await (await open.current()).kv.set("mailbox", alice as string, new TextEncoder().encode("hi"));
  });
  expect(first.ids[0]).not.toBe(first.ids[1]);
  // The same names in another case and order, after a full stop of host and engine.
  const second = await lifetime(open, ["bob", "ALICE", "Carol"]);
  expect(second.ids.slice(0, 2)).toEqual([first.ids[1], first.ids[0]]);
  expect(second.ids[2]).not.toBe(first.ids[0]);
  const third = await lifetime(open, ["alice"]);
  expect(third.ids).toEqual([first.ids[0]]);
  expect(new TextDecoder().decode(third.mail)).toBe("hi");
}

/** `open()` plus access to the storage it opened last (the test writes plugin data through it). */
function opener(make: () => Promise<Storage>) {
  let last: Storage | undefined;
  const open = async () => {
    last = await make();
    return last;
  };
  return Object.assign(open, { current: async () => last as Storage });
}

describe("characters across a host restart", () => {
  it("keep their ids on PGlite (embedded data directory)", async () => {
    const dataDir = join(scratch, "pglite");
    await restartKeepsIds(opener(() => openStorage({ dataDir, logger })));
  }, 120_000);

  it("keep their ids on PostgreSQL", async () => {
    const database = await createThrowawayDatabase("characters");
    try {
      await restartKeepsIds(opener(() => openStorage({ databaseUrl: database.url, logger })));
    } finally {
      await database.drop();
    }
  }, 120_000);

  it("agree on one id when two hosts on one database create the same new name at once", async () => {
    const database = await createThrowawayDatabase("characters_race");
    const a = await openStorage({ databaseUrl: database.url, logger });
    const b = await openStorage({ databaseUrl: database.url, logger });
    const hostA = await createHost({ logger, storage: a });
    const hostB = await createHost({ logger, storage: b });
    try {
      await Promise.all([hostA.start(), hostB.start()]);
      const [fromA, fromB] = await Promise.all([hostA.connect("Dana"), hostB.connect("dana")]);
      expect(fromA.characterId).toBe(fromB.characterId);
    } finally {
      await hostA.stop();
      await hostB.stop();
      await database.drop();
    }
  }, 120_000);
});
