/**
 * The Bind/Describe/Execute/Sync messages that run one prepared statement
 * (pglite-prepared.ts), encoded in one buffer. PGlite's own serializer
 * builds them field by field through a growing writer and copies each
 * binary value twice; on every history append and KV call that cost ~15 µs
 * of the ~35 µs the adapter spends around the engine (docs/benchmarks.md).
 * The bytes are the same as PGlite's `serialize.bind` (text results,
 * unnamed portal) followed by its Describe-portal, Execute and Sync
 * messages, which `pglite-bind.test.ts` checks.
 */
import { protocol } from "@electric-sql/pglite";

/** A parameter as the adapter sends it: text, binary (bytea), or NULL. */
export type BindValue = string | Uint8Array | null;

const { serialize } = protocol;
/** Describe the unnamed portal, Execute it (all rows), Sync: the same bytes for every call. */
const TAIL = Buffer.concat([serialize.describe({ type: "P" }), serialize.execute({}), serialize.sync()]);

export function encodeBindExecute(statement: string, values: readonly BindValue[]): Buffer {
  const count = values.length;
  const statementBytes = Buffer.byteLength(statement);
  // 'B', length, portal "" + NUL, statement + NUL, format count, formats, value count, values, result formats (0).
  let length = 4 + 1 + statementBytes + 1 + 2 + 2 * count + 2 + 2;
  for (const value of values) {
    length += 4;
    if (value === null) continue;
    length += typeof value === "string" ? Buffer.byteLength(value) : value.byteLength;
  }
  const out = Buffer.allocUnsafe(1 + length + TAIL.length);
  let at = out.writeUInt8(0x42, 0); // 'B'
  at = out.writeInt32BE(length, at);
  at = out.writeUInt8(0, at); // unnamed portal
  at += out.write(statement, at);
  at = out.writeUInt8(0, at);
  at = out.writeUInt16BE(count, at);
  for (const value of values) at = out.writeInt16BE(value instanceof Uint8Array ? 1 : 0, at);
  at = out.writeUInt16BE(count, at);
  for (const value of values) {
    if (value === null) {
      at = out.writeInt32BE(-1, at);
    } else if (typeof value === "string") {
      const written = out.write(value, at + 4);
      at = out.writeInt32BE(written, at) + written;
    } else {
      at = out.writeInt32BE(value.byteLength, at);
      out.set(value, at);
      at += value.byteLength;
    }
  }
  at = out.writeInt16BE(0, at); // results as text
  TAIL.copy(out, at);
  return out;
}
