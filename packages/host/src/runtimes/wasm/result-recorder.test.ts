import { describe, expect, it } from "vitest";
import { createResultRecorder, RECORDER_BYTES, readRecordedResults } from "./result-recorder.js";
import type { JobResult } from "./worker-protocol.js";

const ok = (seq: number, output: string): JobResult => ({ seq, ok: true, output, emitted: [], elapsedMs: 0.25 });

describe("result recorder", () => {
  it("reads back every recorded result, in order, including non-ASCII text", () => {
    const buffer = new SharedArrayBuffer(RECORDER_BYTES);
    const recorder = createResultRecorder(buffer);
    expect(readRecordedResults(buffer)).toEqual([]);
    const results: JobResult[] = [
      ok(1, '{"events":[]}'),
      { seq: 2, ok: false, kind: "trap", message: "unreachable", emitted: [] },
      ok(3, "Écho: ☃ 𝄞"),
      { seq: 4, ok: true, output: null, emitted: [{ stream: "reply:x", type: "t", payload: "{}" }] },
    ];
    for (const result of results) expect(recorder.record(result)).toBe(true);
    expect(readRecordedResults(buffer)).toEqual(results);
  });

  it("forgets earlier records on reset", () => {
    const buffer = new SharedArrayBuffer(RECORDER_BYTES);
    const recorder = createResultRecorder(buffer);
    recorder.record(ok(1, "a"));
    recorder.reset();
    recorder.record(ok(2, "b"));
    expect(readRecordedResults(buffer).map((result) => result.seq)).toEqual([2]);
  });

  it("refuses a result that does not fit, keeping what was recorded", () => {
    const buffer = new SharedArrayBuffer(1024);
    const recorder = createResultRecorder(buffer);
    expect(recorder.record(ok(1, "small"))).toBe(true);
    expect(recorder.record(ok(2, "x".repeat(2000)))).toBe(false);
    expect(readRecordedResults(buffer).map((result) => result.seq)).toEqual([1]);
    expect(recorder.record(ok(3, "fits"))).toBe(true);
    expect(readRecordedResults(buffer).map((result) => result.seq)).toEqual([1, 3]);
  });
});
