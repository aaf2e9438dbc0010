/**
 * Enforces `max-memory-pages` inside the engine: the module's memory section
 * is rewritten so its declared maximum is at most the cap. `memory.grow`
 * beyond it then fails in the guest (which traps or reports an error); the
 * host never allocates more. The Extism JS SDK's own `memory.maxPages` only
 * bounds its JS-side blocks (input/output/vars), so we set both.
 */
import { HostError, HostErrorCode } from "../../errors.js";

const MEMORY_SECTION = 5;
const HEADER_BYTES = 8;

export interface MemoryCapResult {
  bytes: Uint8Array;
  /** Declared initial pages of the module's memory (0 when it has none). */
  initialPages: number;
}

/** Returns the module bytes with every defined memory capped at `maxPages`. */
export function capMemory(bytes: Uint8Array, maxPages: number, plugin: string): MemoryCapResult {
  let offset = HEADER_BYTES;
  while (offset < bytes.length) {
    const id = bytes[offset] ?? 0;
    const size = readU32(bytes, offset + 1);
    const contentStart = offset + 1 + size.length;
    const contentEnd = contentStart + size.value;
    if (id === MEMORY_SECTION) {
      const { content, initialPages } = rewriteMemories(bytes.subarray(contentStart, contentEnd), maxPages, plugin);
      const header = [MEMORY_SECTION, ...writeU32(content.length)];
      const out = new Uint8Array(offset + header.length + content.length + (bytes.length - contentEnd));
      out.set(bytes.subarray(0, offset), 0);
      out.set(header, offset);
      out.set(content, offset + header.length);
      out.set(bytes.subarray(contentEnd), offset + header.length + content.length);
      return { bytes: out, initialPages };
    }
    offset = contentEnd;
  }
  return { bytes, initialPages: 0 };
}

function rewriteMemories(section: Uint8Array, maxPages: number, plugin: string) {
  const count = readU32(section, 0);
  let offset = count.length;
  const out: number[] = [...writeU32(count.value)];
  let initialPages = 0;
  for (let index = 0; index < count.value; index++) {
    const flags = section[offset] ?? 0;
    if (flags > 1) {
      throw new HostError(HostErrorCode.WASM_MODULE_INVALID, "shared or 64-bit memories are not supported", {
        plugin,
      });
    }
    const min = readU32(section, offset + 1);
    offset += 1 + min.length;
    let max = maxPages;
    if (flags === 1) {
      const declared = readU32(section, offset);
      offset += declared.length;
      max = Math.min(declared.value, maxPages);
    }
    if (min.value > maxPages) {
      throw new HostError(
        HostErrorCode.WASM_MEMORY_LIMIT,
        `module needs ${min.value} memory pages at start; max-memory-pages is ${maxPages}`,
        { plugin, field: "wasm-plugin.max-memory-pages" },
      );
    }
    initialPages = Math.max(initialPages, min.value);
    out.push(1, ...writeU32(min.value), ...writeU32(max));
  }
  return { content: Uint8Array.from(out), initialPages };
}

export function readU32(bytes: Uint8Array, start: number): { value: number; length: number } {
  let value = 0;
  let shift = 0;
  let length = 0;
  for (;;) {
    const byte = bytes[start + length];
    if (byte === undefined || length > 4) throw new RangeError("truncated LEB128");
    value += (byte & 0x7f) * 2 ** shift;
    length++;
    if ((byte & 0x80) === 0) return { value, length };
    shift += 7;
  }
}

function writeU32(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}
