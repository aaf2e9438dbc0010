import { describe, expect, it } from "vitest";
import { decodeJobResult, encodeJobResult, encodeOk } from "./result-codec.js";
import type { JobResult } from "./worker-protocol.js";

describe("result codec", () => {
  it("round-trips every kind of result, the output verbatim", () => {
    const results: JobResult[] = [
      { seq: 1, ok: true, output: '{"events":[{"payload":"{\\"a\\":\\"b\\"}"}]}', emitted: [], elapsedMs: 0.125 },
      { seq: 2, ok: true, output: "line one\nline two\n{ not json", emitted: [] },
      { seq: 3, ok: true, output: "", emitted: [{ stream: "reply:x", type: "t", payload: "{}" }], elapsedMs: 3 },
      { seq: 4, ok: true, output: null, emitted: [] },
      { seq: 5, ok: true, output: "Écho ☃ 𝄞", emitted: [] },
      { seq: 6, ok: false, kind: "trap", message: "unreachable\nat line 2", emitted: [], elapsedMs: 1 },
    ];
    for (const result of results) expect(decodeJobResult(encodeJobResult(result))).toEqual(result);
  });

  it("leaves the output out of the JSON header: it is not escaped", () => {
    const text = encodeOk(7, '{"x":"\\"quoted\\""}', [], 0.5);
    expect(text).toBe('{"seq":7,"ok":true,"emitted":[],"elapsedMs":0.5}\n{"x":"\\"quoted\\""}');
  });
});
