/**
 * Builds real test guests from WAT (wabt's wasm build, no system tools).
 * Each guest gets the Extism kernel imports it needs and helpers:
 *   $to_block(ptr, len) -> i64   copy guest memory into an Extism block
 *   $output(ptr, len)            set the call output from guest memory
 *   $output_block(i64)           set the output to an Extism block
 * `$str:name` in a body expands to `(i32.const ptr) (i32.const len)` of a
 * string from `strings`, laid out from address 1024 on.
 */
import wabt from "wabt";

export interface GuestSpec {
  /** Raw WAT inside `(func (export "handle_event") (result i32) ... (i32.const 0))`; omit to not export it. */
  handleEvent?: string;
  /** More raw WAT fields (imports go in `imports`). */
  extra?: string;
  /** Raw `(import "extism:host/user" ...)` lines. */
  imports?: string;
  strings?: Record<string, string>;
  memoryPages?: number;
}

const KERNEL = `
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))`;

const HELPERS = `
  (func $to_block (param $ptr i32) (param $len i32) (result i64)
    (local $off i64) (local $i i32)
    (local.set $off (call $alloc (i64.extend_i32_u (local.get $len))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
      (call $store_u8 (i64.add (local.get $off) (i64.extend_i32_u (local.get $i)))
        (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next)))
    (local.get $off))
  (func $output (param $ptr i32) (param $len i32)
    (call $output_set (call $to_block (local.get $ptr) (local.get $len)) (i64.extend_i32_u (local.get $len))))
  (func $output_block (param $off i64)
    (call $output_set (local.get $off) (call $length (local.get $off))))`;

export async function buildGuest(spec: GuestSpec): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  let offset = 1024;
  const layout = new Map<string, { ptr: number; len: number }>();
  const data: string[] = [];
  for (const [name, text] of Object.entries(spec.strings ?? {})) {
    const bytes = encoder.encode(text);
    layout.set(name, { ptr: offset, len: bytes.length });
    data.push(`(data (i32.const ${offset}) "${watEscape(bytes)}")`);
    offset += bytes.length;
  }
  const expand = (wat: string) =>
    wat.replace(/\$str:([a-z_]+)/g, (_, name: string) => {
      const entry = layout.get(name);
      if (!entry) throw new Error(`unknown string ${name}`);
      return `(i32.const ${entry.ptr}) (i32.const ${entry.len})`;
    });
  const pages = spec.memoryPages ?? Math.max(1, Math.ceil((offset + 65536) / 65536));
  const handleEvent =
    spec.handleEvent === undefined
      ? ""
      : `(func (export "handle_event") (result i32) ${spec.handleEvent} (i32.const 0))`;
  const text = `(module ${KERNEL} ${spec.imports ?? ""}
  (memory (export "memory") ${pages})
  ${data.join("\n  ")}
  ${HELPERS}
  ${expand(spec.extra ?? "")}
  ${expand(handleEvent)})`;
  const toolkit = await wabt();
  const module = toolkit.parseWat("guest.wat", text);
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

/** WAT string escape: printable ASCII stays, everything else becomes `\hh`. */
function watEscape(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c;
    out += printable ? String.fromCharCode(byte) : `\\${byte.toString(16).padStart(2, "0")}`;
  }
  return out;
}

/** Imports one host function with the HoloMUSH ABI signature `(i64) -> i64`. */
export function userImport(name: string): string {
  return `(import "extism:host/user" "${name}" (func $${name} (param i64) (result i64)))`;
}
