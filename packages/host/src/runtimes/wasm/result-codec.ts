/**
 * One JobResult as text, for the worker → main messages and the result
 * recorder: a one-line JSON header, then — when there is one — the guest's
 * output verbatim after a newline. The output is the bulk of a result and
 * is itself JSON holding JSON strings: as a field of one JSON document it
 * would be escaped by the worker (the busiest thread on the WASM path) and
 * unescaped again by the main thread, for nothing.
 */
import type { EmittedEvent, JobResult } from "./worker-protocol.js";

/** A successful call's result (the hot path: no JobResult object is built). */
export function encodeOk(
  seq: number,
  output: string | null,
  emitted: readonly EmittedEvent[],
  elapsedMs: number | undefined,
): string {
  const events = emitted.length === 0 ? "[]" : JSON.stringify(emitted);
  const elapsed = elapsedMs === undefined || !Number.isFinite(elapsedMs) ? "" : `,"elapsedMs":${elapsedMs}`;
  const head = `{"seq":${seq},"ok":true,"emitted":${events}${elapsed}`;
  // JSON never holds a raw newline, so the first one ends the header.
  return output === null ? `${head},"output":null}` : `${head}}\n${output}`;
}

export function encodeJobResult(result: JobResult): string {
  if (result.ok) return encodeOk(result.seq, result.output, result.emitted, result.elapsedMs);
  return JSON.stringify(result);
}

export function decodeJobResult(text: string): JobResult {
  const newline = text.indexOf("\n");
  if (newline < 0) return JSON.parse(text) as JobResult;
  const result = JSON.parse(text.slice(0, newline)) as JobResult & { ok: true };
  result.output = text.slice(newline + 1);
  return result;
}
