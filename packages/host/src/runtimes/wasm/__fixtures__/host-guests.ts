/**
 * WAT guests for the through-the-host tests. They pick their behaviour from
 * a marker in the event (e.g. `@loop@` in the message), so one plugin can
 * misbehave on one event and answer the next, and they answer with the
 * event's own id so a test can tell which event was handled.
 *
 * Memory layout: strings from 1024 (@holomush/test-services/wat-guests), the input copied to
 * INPUT_AT, the output assembled from OUTPUT_AT (4 pages in all).
 */
import { buildGuest, userImport } from "@holomush/test-services/wat-guests";

/** Markers a test puts in a message to make the scripted guest misbehave. */
export const MARKERS = {
  loop: "@loop@",
  trap: "@trap@",
  notJson: "@not-json@",
  notObject: "@not-object@",
  eventsNotArray: "@events-not-array@",
  payloadNotString: "@payload-not-string@",
  payloadTooLarge: "@payload-too-large@",
} as const;

/** Stream namespace the guests answer on (declare it in `emits`). */
export const REPLY_NAMESPACE = "reply";
/** Bytes of payload the oversize answer carries (the fence allows 64 KiB). */
export const OVERSIZE_PAYLOAD_BYTES = 70 * 1024;

const INPUT_AT = 8192;
const INPUT_MAX = 16384;
const OUTPUT_AT = 65536;
const PAGES = 4;
/** `{"id":"` is the first thing in the guest's event JSON (guest-input.ts); a ULID is 26 characters. */
const ID_OFFSET = 7;
const ID_LENGTH = 26;

const LOAD_U8 = '(import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))';

/** Input copy, substring search, and an output writer over guest memory. */
const TOOLS = `
  (global $in_len (mut i32) (i32.const 0))
  (global $w (mut i32) (i32.const ${OUTPUT_AT}))
  (func $load_input
    (local $i i32)
    (global.set $in_len (i32.wrap_i64 (call $input_length)))
    (if (i32.gt_u (global.get $in_len) (i32.const ${INPUT_MAX})) (then (global.set $in_len (i32.const ${INPUT_MAX}))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (global.get $in_len)))
      (i32.store8 (i32.add (i32.const ${INPUT_AT}) (local.get $i))
        (call $input_load_u8 (i64.extend_i32_u (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))
  (func $has (param $ptr i32) (param $len i32) (result i32)
    (local $at i32) (local $j i32)
    (block $absent (loop $outer
      (br_if $absent (i32.gt_u (i32.add (local.get $at) (local.get $len)) (global.get $in_len)))
      (local.set $j (i32.const 0))
      (block $mismatch (loop $inner
        (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const 1))))
        (br_if $mismatch (i32.ne
          (i32.load8_u (i32.add (i32.const ${INPUT_AT}) (i32.add (local.get $at) (local.get $j))))
          (i32.load8_u (i32.add (local.get $ptr) (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $inner)))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (br $outer)))
    (i32.const 0))
  (func $put (param $ptr i32) (param $len i32)
    (memory.copy (global.get $w) (local.get $ptr) (local.get $len))
    (global.set $w (i32.add (global.get $w) (local.get $len))))
  (func $put_byte (param $byte i32)
    (i32.store8 (global.get $w) (local.get $byte))
    (global.set $w (i32.add (global.get $w) (i32.const 1))))
  (func $put_id
    (call $put (i32.const ${INPUT_AT + ID_OFFSET}) (i32.const ${ID_LENGTH})))
  (func $finish
    (call $output (i32.const ${OUTPUT_AT}) (i32.sub (global.get $w) (i32.const ${OUTPUT_AT})))
    (global.set $w (i32.const ${OUTPUT_AT})))`;

/** Appends an Extism block's bytes as the inside of a JSON string (escapes `"` and `\\`). */
const PUT_ESCAPED_BLOCK = `
  (func $put_escaped_block (param $off i64)
    (local $n i64) (local $i i64) (local $b i32)
    (local.set $n (call $length (local.get $off)))
    (block $done (loop $next
      (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
      (local.set $b (call $load_u8 (i64.add (local.get $off) (local.get $i))))
      (if (i32.or (i32.eq (local.get $b) (i32.const 34)) (i32.eq (local.get $b) (i32.const 92)))
        (then (call $put_byte (i32.const 92))))
      (call $put_byte (local.get $b))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br $next))))`;

const answer = (type: string) => `{"events":[{"stream":"${REPLY_NAMESPACE}:guest","type":"${type}","payload":"`;

/**
 * Answers every event with `reply:guest` / `handled` / `{"id":"<event id>"}`,
 * except when the input contains one of MARKERS: then it loops forever,
 * traps, or returns that kind of malformed output.
 */
export function scriptedGuest(): Promise<Uint8Array> {
  const strings: Record<string, string> = {
    handled_head: `${answer("handled")}{\\"id\\":\\"`,
    handled_tail: '\\"}"}]}',
    oversize_head: `${answer("oversize")}\\"`,
    oversize_tail: '\\""}]}',
    not_json: "this is not json",
    not_object: '[{"stream":"reply:guest","type":"handled","payload":"{}"}]',
    events_not_array: '{"events":{"stream":"reply:guest","type":"handled","payload":"{}"}}',
    payload_not_string: '{"events":[{"stream":"reply:guest","type":"handled","payload":{"id":"x"}}]}',
  };
  for (const [key, marker] of Object.entries(MARKERS)) strings[`m_${snake(key)}`] = marker;
  const respond = (marker: string, body: string) =>
    `(if (call $has $str:m_${marker}) (then ${body} (return (i32.const 0))))`;
  return buildGuest({
    memoryPages: PAGES,
    strings,
    extra: TOOLS,
    handleEvent: `
      (call $load_input)
      ${respond("loop", "(loop $forever (br $forever))")}
      ${respond("trap", "unreachable")}
      ${respond("not_json", "(call $output $str:not_json)")}
      ${respond("not_object", "(call $output $str:not_object)")}
      ${respond("events_not_array", "(call $output $str:events_not_array)")}
      ${respond("payload_not_string", "(call $output $str:payload_not_string)")}
      ${respond(
        "payload_too_large",
        `(call $put $str:oversize_head)
         (memory.fill (global.get $w) (i32.const 120) (i32.const ${OVERSIZE_PAYLOAD_BYTES}))
         (global.set $w (i32.add (global.get $w) (i32.const ${OVERSIZE_PAYLOAD_BYTES})))
         (call $put $str:oversize_tail)
         (call $finish)`,
      )}
      (call $put $str:handled_head) (call $put_id) (call $put $str:handled_tail) (call $finish)`,
  });
}

/**
 * A guest that imports kv_set (only kv_set) and does nothing else: loading it
 * without granting kv_set must fail.
 */
export function kvWriterGuest(): Promise<Uint8Array> {
  return buildGuest({
    imports: userImport("kv_set"),
    strings: { request: '{"key":"k","value":"v"}' },
    handleEvent: "(drop (call $kv_set (call $to_block $str:request)))",
  });
}

/**
 * A guest that tries to reach `other`'s KV namespace on every event: it
 * writes `written-by-<self>` and reads `secret`, both requests naming
 * `other` in every field a namespace could hide in. It answers on
 * `reply:kv` / `kv-answers` with `{"wrote": <kv_set answer>, "read": <kv_get answer>}`.
 */
export function namespaceProbeGuest(self: string, other: string): Promise<Uint8Array> {
  const aim = `"namespace":"${other}","plugin":"${other}","plugin_name":"${other}"`;
  return buildGuest({
    memoryPages: PAGES,
    imports: [LOAD_U8, userImport("kv_get"), userImport("kv_set")].join("\n"),
    strings: {
      write: `{"key":"written-by-${self}","value":"${self}",${aim}}`,
      read: `{"key":"secret",${aim}}`,
      head: `{"events":[{"stream":"${REPLY_NAMESPACE}:kv","type":"kv-answers","payload":"{\\"wrote\\":`,
      middle: ',\\"read\\":',
      tail: '}"}]}',
    },
    extra: `${TOOLS}${PUT_ESCAPED_BLOCK}`,
    handleEvent: `
      (local $wrote i64) (local $read i64)
      (local.set $wrote (call $kv_set (call $to_block $str:write)))
      (local.set $read (call $kv_get (call $to_block $str:read)))
      (call $put $str:head) (call $put_escaped_block (local.get $wrote))
      (call $put $str:middle) (call $put_escaped_block (local.get $read))
      (call $put $str:tail) (call $finish)`,
  });
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
