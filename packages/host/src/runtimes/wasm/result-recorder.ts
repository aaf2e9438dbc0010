/**
 * A flight recorder for a worker's finished results, in shared memory. The
 * worker records each result before it starts its next job, without waking
 * the main thread (a per-job message costs a thread wake-up, ~10 µs on a busy
 * machine). The main thread reads it only when the watchdog stops the
 * worker: the jobs that finished before the overrunning one then keep their
 * results instead of failing with it. Normally results still go back once
 * per group of jobs, and the recorder is never read.
 *
 * Layout: Int32 [0] = committed bytes; from byte 8, records of
 * [Int32 length][UTF-8 JobResult text (result-codec.ts)], each padded to 4
 * bytes. The length is stored (Atomics) after the record's bytes, so a
 * reader sees whole records.
 */
import { decodeJobResult, encodeJobResult } from "./result-codec.js";
import type { JobResult } from "./worker-protocol.js";

export const RECORDER_BYTES = 256 * 1024;
const HEADER_BYTES = 8;

export interface ResultRecorder {
  /** Forget earlier records (their results were already sent). */
  reset(): void;
  /** False when it does not fit: hand the result over another way. */
  record(result: JobResult): boolean;
  /** Same, for a result already encoded (the worker reuses the text for its message). */
  recordText(json: string): boolean;
}

export function createResultRecorder(buffer: SharedArrayBuffer): ResultRecorder {
  const committed = new Int32Array(buffer, 0, 1);
  const lengths = new Int32Array(buffer);
  const bytes = new Uint8Array(buffer);
  const encoder = new TextEncoder();
  let offset = HEADER_BYTES;
  const recorder: ResultRecorder = {
    reset() {
      offset = HEADER_BYTES;
      Atomics.store(committed, 0, 0);
    },
    record: (result) => recorder.recordText(encodeJobResult(result)),
    recordText(text) {
      const start = offset + 4;
      if (start >= bytes.length) return false;
      const { read, written } = encoder.encodeInto(text, bytes.subarray(start));
      if (read < text.length) return false;
      lengths[offset / 4] = written;
      offset = start + Math.ceil(written / 4) * 4;
      Atomics.store(committed, 0, offset);
      return true;
    },
  };
  return recorder;
}

/** Every whole record so far, oldest first. */
export function readRecordedResults(buffer: SharedArrayBuffer): JobResult[] {
  const end = Atomics.load(new Int32Array(buffer, 0, 1), 0);
  const lengths = new Int32Array(buffer);
  // TextDecoder refuses views of shared memory: copy what is committed first.
  const copy = new Uint8Array(buffer).slice(0, end);
  const decoder = new TextDecoder();
  const results: JobResult[] = [];
  for (let offset = HEADER_BYTES; offset < end; ) {
    const length = lengths[offset / 4] as number;
    const start = offset + 4;
    results.push(decodeJobResult(decoder.decode(copy.subarray(start, start + length))));
    offset = start + Math.ceil(length / 4) * 4;
  }
  return results;
}
