import { describe, expect, it } from "vitest";
import { createLineBuffer, type LineItem } from "./line-buffer.js";

function drain(buffer: ReturnType<typeof createLineBuffer>): LineItem[] {
  const items: LineItem[] = [];
  for (let item = buffer.next(); item !== undefined; item = buffer.next()) items.push(item);
  return items;
}

describe("createLineBuffer", () => {
  it("splits lines across chunks and drops a trailing carriage return", () => {
    const buffer = createLineBuffer(16);
    buffer.push(Buffer.from("say he"));
    expect(drain(buffer)).toEqual([]);
    buffer.push(Buffer.from("llo\r\nlook\nsa"));
    expect(drain(buffer)).toEqual([
      { kind: "line", line: "say hello" },
      { kind: "line", line: "look" },
    ]);
    expect(buffer.bufferedBytes).toBe(2);
    expect(buffer.rest()).toBe("sa");
  });

  it("reports an unterminated line once when it passes the limit and holds none of it", () => {
    const buffer = createLineBuffer(1024);
    const megabyte = Buffer.alloc(64 * 1024, "x");
    let reports = 0;
    for (let i = 0; i < 16; i++) {
      buffer.push(megabyte);
      for (const item of drain(buffer)) if (item.kind === "overlong") reports++;
      expect(buffer.bufferedBytes).toBeLessThanOrEqual(64 * 1024);
    }
    expect(reports).toBe(1);
    expect(buffer.bufferedBytes).toBe(0);
    buffer.push(Buffer.from("xxx\nlook\n"));
    expect(drain(buffer)).toEqual([{ kind: "line", line: "look" }]);
  });

  it("reports a complete line over the limit and keeps the next one", () => {
    const buffer = createLineBuffer(4);
    buffer.push(Buffer.from("12345\n1234\r\n"));
    expect(drain(buffer)).toEqual([
      { kind: "overlong", bytes: 5 },
      { kind: "line", line: "1234" },
    ]);
  });

  it("decodes invalid UTF-8 and NUL bytes without throwing", () => {
    const buffer = createLineBuffer(64);
    buffer.push(Buffer.from([0x73, 0x61, 0x79, 0x20, 0xff, 0xfe, 0x00, 0xc3, 0x0a]));
    expect(drain(buffer)).toEqual([{ kind: "line", line: "say \uFFFD\uFFFD\u0000\uFFFD" }]);
  });
});
