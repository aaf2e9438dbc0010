import { describe, expect, it } from "vitest";
import { createBatchWriter, createEnvelopeReader, END_STREAM_FLAG, encodeEnvelope } from "./envelope.js";

describe("envelopes", () => {
  it("reads envelopes split across chunks and several in one chunk", () => {
    const bytes = Buffer.concat([
      encodeEnvelope(0, Buffer.from("first")),
      encodeEnvelope(0, Buffer.from("")),
      encodeEnvelope(END_STREAM_FLAG, Buffer.from("{}")),
    ]);
    const reader = createEnvelopeReader();
    const read = [
      ...reader.push(bytes.subarray(0, 3)),
      ...reader.push(bytes.subarray(3, 12)),
      ...reader.push(bytes.subarray(12)),
    ];
    expect(read.map((envelope) => [envelope.flags, Buffer.from(envelope.payload).toString()])).toEqual([
      [0, "first"],
      [0, ""],
      [END_STREAM_FLAG, "{}"],
    ]);
  });

  it("refuses an envelope above the size limit", () => {
    const reader = createEnvelopeReader(4);
    expect(() => reader.push(encodeEnvelope(0, Buffer.from("too long")))).toThrow(RangeError);
  });

  it("writes everything queued in one tick as one chunk", async () => {
    const chunks: Buffer[] = [];
    const writer = createBatchWriter((chunk) => chunks.push(chunk));
    writer.push(Buffer.from("a"));
    writer.push(Buffer.from("b"));
    await Promise.resolve();
    writer.push(Buffer.from("c"));
    writer.flush();
    expect(chunks.map((chunk) => chunk.length)).toEqual([12, 6]);
  });
});
