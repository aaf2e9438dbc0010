/**
 * Connect streaming envelopes (`flags:u8 length:u32be payload`), written and
 * read in batches: every frame queued in one tick goes out in one write, and
 * a read may carry many frames. Flag 0x02 marks the end-stream message.
 */
export const END_STREAM_FLAG = 0x02;

/** One envelope, ready to write. */
export function encodeEnvelope(flags: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + payload.length);
  out[0] = flags;
  out.writeUInt32BE(payload.length, 1);
  out.set(payload, 5);
  return out;
}

/** One decoded envelope. */
export interface Envelope {
  /** The flags byte (END_STREAM_FLAG marks the end-stream message). */
  flags: number;
  /** The message bytes. */
  payload: Uint8Array;
}

/** Splits a byte stream into envelopes; keeps a partial one until the rest arrives. */
export function createEnvelopeReader(maxBytes = 16 * 1024 * 1024) {
  let pending: Buffer = Buffer.alloc(0);
  return {
    /** Adds bytes read from the stream; returns every envelope now complete (throws RangeError past `maxBytes`). */
    push(chunk: Buffer): Envelope[] {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const envelopes: Envelope[] = [];
      let offset = 0;
      while (pending.length - offset >= 5) {
        const length = pending.readUInt32BE(offset + 1);
        if (length > maxBytes) throw new RangeError(`envelope of ${length} bytes exceeds ${maxBytes}`);
        if (pending.length - offset - 5 < length) break;
        envelopes.push({ flags: pending[offset] ?? 0, payload: pending.subarray(offset + 5, offset + 5 + length) });
        offset += 5 + length;
      }
      pending = offset === pending.length ? Buffer.alloc(0) : pending.subarray(offset);
      return envelopes;
    },
  };
}

/** Queues payloads and writes them as one chunk per microtask turn. */
export function createBatchWriter(write: (chunk: Buffer) => void) {
  let queued: Buffer[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const chunks = queued;
    queued = [];
    if (chunks.length > 0) write(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
  };
  return {
    /** Queues one envelope; the batch is written on the next microtask. */
    push(payload: Uint8Array, flags = 0): void {
      queued.push(encodeEnvelope(flags, payload));
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(flush);
      }
    },
    /** Writes whatever is queued now. */
    flush,
  };
}
