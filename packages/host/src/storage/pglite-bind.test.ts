import { protocol } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { type BindValue, encodeBindExecute } from "./pglite-bind.js";

const { serialize } = protocol;

/** What PGlite's own serializers produce for the same call. */
function pglites(statement: string, values: BindValue[]): Buffer {
  return Buffer.concat([
    serialize.bind({ statement, values }),
    serialize.describe({ type: "P" }),
    serialize.execute({}),
    serialize.sync(),
  ]);
}

describe("encodeBindExecute", () => {
  const bytes = new Uint8Array([0, 1, 2, 255, 254]);
  const cases: Array<[string, string, BindValue[]]> = [
    ["no parameters", "holomush_1_1", []],
    ["text, NULL and binary", "holomush_1_2", ["location:square", null, bytes, "", "1796543810920"]],
    ["multi-byte text", "holomush_2_17", ["Zoë said héllo wörld 🎉 ✓", "日本語"]],
    [
      "a binary value that is a view into a larger buffer",
      "s",
      [new Uint8Array(Buffer.from("xxpayloadyy")).subarray(2, 9)],
    ],
    ["a Buffer", "s", [Buffer.from("a buffer value")]],
    ["a long value", "s", ["x".repeat(70_000), new Uint8Array(100_000).fill(7)]],
    [
      "a history row",
      "holomush_1_1",
      ["location:square", "01JZZZ", "say", "1796543810920", "1", "char-1", '{"m":"hi"}'],
    ],
  ];
  it.each(cases)("matches PGlite's serializer: %s", (_what, statement, values) => {
    expect(encodeBindExecute(statement, values).equals(pglites(statement, values))).toBe(true);
  });
});
