import { describe, expect, it } from "vitest";
import { createStatementNames } from "./pg-statement-names.js";

describe("statement names for pg", () => {
  it("gives one stable name per text with parameters, and none without", () => {
    const nameOf = createStatementNames();
    const get = nameOf("SELECT value FROM kv WHERE key = $1", 1);
    expect(get).toMatch(/^holomush_\d+$/);
    expect(nameOf("SELECT value FROM kv WHERE key = $1", 1)).toBe(get);
    expect(nameOf("DELETE FROM kv WHERE key = $1", 1)).not.toBe(get);
    expect(nameOf("SELECT 1", 0)).toBeUndefined();
  });

  it("names at most its limit of texts; later texts run unnamed, earlier keep their names", () => {
    const nameOf = createStatementNames(2);
    const first = nameOf("SELECT $1::int", 1);
    nameOf("SELECT $1::text", 1);
    expect(nameOf("SELECT $1::bigint", 1)).toBeUndefined();
    expect(nameOf("SELECT $1::int", 1)).toBe(first);
  });
});
