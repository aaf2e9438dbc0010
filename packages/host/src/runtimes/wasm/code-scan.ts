/**
 * Walks a module's code section instruction by instruction to answer one
 * question at load: can this code grow a table (`table.grow`, 0xFC 15)?
 * Scanning raw bytes for that pair is wrong both ways in practice (a 2 MB
 * Go module holds it inside immediates many times), so immediates are
 * decoded and skipped. Covers the core instruction set, bulk memory and
 * tables, SIMD, threads and legacy exceptions; any opcode it does not know
 * answers "may grow" — a needless refusal, never a missed table.grow.
 */
import { readU32 } from "./memory-cap.js";

class Reader {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}
  byte(): number {
    const value = this.bytes[this.offset++];
    if (value === undefined) throw new RangeError("unexpected end of code");
    return value;
  }
  u32(): number {
    const { value, length } = readU32(this.bytes, this.offset);
    this.offset += length;
    return value;
  }
  /** Skips a signed or unsigned LEB128 of any width. */
  leb(): void {
    while ((this.byte() & 0x80) !== 0) {
      // continuation bytes
    }
  }
  skip(count: number): void {
    this.offset += count;
    if (this.offset > this.bytes.length) throw new RangeError("unexpected end of code");
  }
  memarg(): void {
    const align = this.u32();
    if ((align & 0x40) !== 0) this.u32(); // multi-memory: a memory index follows
    this.u32();
  }
  blockType(): void {
    const first = this.bytes[this.offset] ?? 0;
    if (first === 0x40 || (first >= 0x6f && first <= 0x7f) || first === 0x63 || first === 0x64) {
      this.byte();
      if (first === 0x63 || first === 0x64) this.leb();
    } else this.leb(); // a type index as s33
  }
}

const NONE = 0;
const U32 = 1;
const TWO_U32 = 2;
const MEMARG = 3;

/** Core one-byte opcodes and how many plain immediates follow (those not listed here are handled below). */
function coreImmediate(op: number): number | undefined {
  if (op === 0x00 || op === 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x19) return NONE;
  if (op === 0x0c || op === 0x0d || op === 0x10 || op === 0x12 || op === 0x07 || op === 0x08 || op === 0x09) return U32;
  if (op === 0x18) return U32; // delegate
  if (op === 0x11 || op === 0x13) return TWO_U32; // call_indirect, return_call_indirect
  if (op === 0x14 || op === 0x15) return U32; // call_ref, return_call_ref
  if (op === 0x1a || op === 0x1b) return NONE; // drop, select
  if (op >= 0x20 && op <= 0x26) return U32; // locals, globals, table.get/set
  if (op >= 0x28 && op <= 0x3e) return MEMARG;
  if (op === 0x3f || op === 0x40) return U32; // memory.size/grow
  if (op >= 0x45 && op <= 0xc4) return NONE; // numeric
  if (op === 0xd1 || op === 0xd3 || op === 0xd4) return NONE; // ref.is_null, ref.as_non_null…
  if (op === 0xd2 || op === 0xd5 || op === 0xd6) return U32; // ref.func, br_on_null/non_null
  return undefined;
}

/** True when the code may grow a table (or uses an instruction this walker does not know). */
export function codeMayGrowTables(code: Uint8Array): boolean {
  try {
    const reader = new Reader(code);
    const functions = reader.u32();
    for (let index = 0; index < functions; index++) {
      const size = reader.u32();
      const end = reader.offset + size;
      const body = new Reader(code.subarray(reader.offset, end));
      const groups = body.u32();
      for (let group = 0; group < groups; group++) {
        body.u32();
        const type = body.byte();
        if (type === 0x63 || type === 0x64) body.leb();
      }
      while (body.offset < body.bytes.length) {
        if (instructionMayGrow(body)) return true;
      }
      reader.offset = end;
    }
    return false;
  } catch {
    return true;
  }
}

function instructionMayGrow(reader: Reader): boolean {
  const op = reader.byte();
  switch (op) {
    case 0x02: // block
    case 0x03: // loop
    case 0x04: // if
    case 0x06: // try
      reader.blockType();
      return false;
    case 0x0e: {
      // br_table
      const count = reader.u32();
      for (let i = 0; i <= count; i++) reader.u32();
      return false;
    }
    case 0x1c: {
      // select with types
      const count = reader.u32();
      for (let i = 0; i < count; i++) reader.byte();
      return false;
    }
    case 0x41: // i32.const
    case 0x42: // i64.const
      reader.leb();
      return false;
    case 0x43:
      reader.skip(4);
      return false;
    case 0x44:
      reader.skip(8);
      return false;
    case 0xd0: {
      // ref.null heaptype
      const first = reader.bytes[reader.offset] ?? 0;
      if (first >= 0x69 && first <= 0x74) reader.byte();
      else reader.leb();
      return false;
    }
    case 0xfc:
      return miscMayGrow(reader);
    case 0xfd:
      simd(reader);
      return false;
    case 0xfe:
      atomic(reader);
      return false;
    default: {
      const immediate = coreImmediate(op);
      if (immediate === undefined) return true;
      if (immediate === U32) reader.u32();
      else if (immediate === TWO_U32) {
        reader.u32();
        reader.u32();
      } else if (immediate === MEMARG) reader.memarg();
      return false;
    }
  }
}

function miscMayGrow(reader: Reader): boolean {
  const sub = reader.u32();
  if (sub <= 7) return false; // saturating truncations
  if (sub === 15) return true; // table.grow
  if (sub === 8 || sub === 10 || sub === 12 || sub === 14) {
    reader.u32();
    reader.u32();
    return false;
  }
  if (sub === 9 || sub === 11 || sub === 13 || sub === 16 || sub === 17) {
    reader.u32();
    return false;
  }
  return true;
}

function simd(reader: Reader): void {
  const sub = reader.u32();
  if (sub <= 11 || sub === 92 || sub === 93) reader.memarg();
  else if (sub === 12 || sub === 13) reader.skip(16);
  else if (sub >= 21 && sub <= 34) reader.byte();
  else if (sub >= 84 && sub <= 91) {
    reader.memarg();
    reader.byte();
  }
}

function atomic(reader: Reader): void {
  const sub = reader.u32();
  if (sub === 0x03) reader.byte();
  else reader.memarg();
}
