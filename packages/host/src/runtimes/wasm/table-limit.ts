/**
 * Bounds a guest's tables at load. `max-memory-pages` caps linear memory, but
 * V8 keeps table entries on the worker's JS heap (~30+ bytes each), where a
 * `table.grow` of millions of entries is one allocation that no heap limit
 * contains: on Node 20 it aborts the whole process, worker `resourceLimits`
 * or not. So every table's size is bounded: by its declared maximum, or —
 * for a module whose code never grows a table (no `table.grow` anywhere in
 * its code: standard Go's wasip1 output declares no maximum but has a fixed
 * table) — by its initial size; all of them together must fit the host's
 * element budget, and anything else is refused. The host never grows a
 * guest's table itself, and a guest imports none (refused elsewhere).
 */
import { HostError, HostErrorCode } from "../../errors.js";
import { codeMayGrowTables } from "./code-scan.js";
import { readU32 } from "./memory-cap.js";

/** Default budget of table elements per module (all tables together): ~2 MB of V8 heap. */
export const DEFAULT_MAX_TABLE_ELEMENTS = 65_536;

const TABLE_SECTION = 4;
const CODE_SECTION = 10;
const HEADER_BYTES = 8;
/** `(ref null ht)` / `(ref ht)`: a heap type follows the reference-type byte. */
const TYPED_REFERENCE = new Set([0x63, 0x64]);
/** A table with an initializer expression (function-references proposal). */
const TABLE_WITH_INIT = 0x40;

interface TableLimits {
  min: number;
  max: number | undefined;
}

/** Throws WASM_TABLE_LIMIT unless every table has a maximum and their sum is within `maxElements`. */
export function checkTables(bytes: Uint8Array, maxElements: number, plugin: string, file: string): void {
  const context = { plugin, file, details: { maxTableElements: String(maxElements) } };
  const tables = readTables(bytes, plugin, file);
  let total = 0;
  let grows: boolean | undefined;
  for (const [index, table] of tables.entries()) {
    if (table.max === undefined) {
      grows ??= mayGrowTables(bytes);
      if (grows) {
        const message = `table ${index} declares no maximum size and the code grows tables (table.grow); the host needs a maximum (at most ${maxElements} elements in all tables)`;
        throw new HostError(HostErrorCode.WASM_TABLE_LIMIT, message, context);
      }
    }
    total += table.max ?? table.min;
  }
  if (total > maxElements) {
    const message = `tables may grow to ${total} elements; the host allows at most ${maxElements} in all tables`;
    throw new HostError(HostErrorCode.WASM_TABLE_LIMIT, message, context);
  }
}

/** The limits of every table the module defines (imported tables are refused elsewhere). */
function readTables(bytes: Uint8Array, plugin: string, file: string): TableLimits[] {
  const section = findSection(bytes, TABLE_SECTION);
  return section === undefined ? [] : readTableSection(section, plugin, file);
}

/** Whether the code section may run a `table.grow` (code-scan.ts decodes it instruction by instruction). */
function mayGrowTables(bytes: Uint8Array): boolean {
  const code = findSection(bytes, CODE_SECTION);
  return code !== undefined && codeMayGrowTables(code);
}

function findSection(bytes: Uint8Array, wanted: number): Uint8Array | undefined {
  let offset = HEADER_BYTES;
  while (offset < bytes.length) {
    const id = bytes[offset] ?? 0;
    const size = readU32(bytes, offset + 1);
    const start = offset + 1 + size.length;
    if (id === wanted) return bytes.subarray(start, start + size.value);
    offset = start + size.value;
  }
  return undefined;
}

function readTableSection(section: Uint8Array, plugin: string, file: string): TableLimits[] {
  const unsupported = (what: string) =>
    new HostError(HostErrorCode.WASM_MODULE_INVALID, `${what} are not supported`, { plugin, file });
  const count = readU32(section, 0);
  let offset = count.length;
  const tables: TableLimits[] = [];
  for (let index = 0; index < count.value; index++) {
    if (section[offset] === TABLE_WITH_INIT) throw unsupported("tables with initializer expressions");
    const refType = section[offset++] ?? 0;
    if (TYPED_REFERENCE.has(refType)) offset += readU32(section, offset).length;
    const flags = section[offset++];
    if (flags !== 0 && flags !== 1) throw unsupported("64-bit or shared tables");
    const min = readU32(section, offset);
    offset += min.length;
    let max: number | undefined;
    if (flags === 1) {
      const declared = readU32(section, offset);
      offset += declared.length;
      max = declared.value;
    }
    tables.push({ min: min.value, max });
  }
  return tables;
}
