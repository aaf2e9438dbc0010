/**
 * A WASI guest that tries to read one file through its first preopened
 * directory (fd 3, following symlinks) on every event, and reports with an
 * event `probe:result` of type `read-ok` (with the first bytes, hex, in the
 * payload's `head`) or `read-failed`. The file escape tests point it at a
 * path that only exists outside the plugin directory.
 */
import { buildGuest } from "@holomush/test-services/wat-guests";

const WASI = `
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))`;

// Memory: 64 fd_out, 72 iovec {buf=256, len=64}, 80 nread, 256.. read buffer, 512.. hex output.
const READ_AND_REPORT = `
  (local $n i32) (local $i i32) (local $byte i32)
  (if (i32.ne (call $path_open (i32.const 3) (i32.const 1) $str:path (i32.const 0)
                (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 64)) (i32.const 0))
    (then (call $output $str:failed) (return (i32.const 0))))
  (i32.store (i32.const 72) (i32.const 256))
  (i32.store (i32.const 76) (i32.const 64))
  (if (i32.ne (call $fd_read (i32.load (i32.const 64)) (i32.const 72) (i32.const 1) (i32.const 80)) (i32.const 0))
    (then (call $output $str:failed) (return (i32.const 0))))
  (local.set $n (i32.load (i32.const 80)))
  (if (i32.eqz (local.get $n)) (then (call $output $str:failed) (return (i32.const 0))))
  ;; hex of the bytes read, so the payload stays valid JSON
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (local.set $byte (i32.load8_u (i32.add (i32.const 256) (local.get $i))))
    (i32.store8 (i32.add (i32.const 512) (i32.shl (local.get $i) (i32.const 1)))
      (i32.load8_u (i32.add (i32.const 1000) (i32.shr_u (local.get $byte) (i32.const 4)))))
    (i32.store8 (i32.add (i32.const 513) (i32.shl (local.get $i) (i32.const 1)))
      (i32.load8_u (i32.add (i32.const 1000) (i32.and (local.get $byte) (i32.const 15)))))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next)))
  ;; {"events":[{"stream":"probe:result","type":"read-ok","payload":"{\\"head\\":\\"<hex>\\"}"}]}
  (call $output_set
    (call $concat $str:ok_prefix (i32.const 512) (i32.shl (local.get $n) (i32.const 1)) $str:ok_suffix)
    (i64.extend_i32_u (i32.add (i32.add (i32.const 0) (i32.shl (local.get $n) (i32.const 1)))
      (i32.add (global.get $ok_prefix_len) (global.get $ok_suffix_len)))))`;

/** Builds the guest for one path inside the first preopen. */
export function wasiReaderGuest(path: string): Promise<Uint8Array> {
  const okPrefix = '{"events":[{"stream":"probe:result","type":"read-ok","payload":"{\\"head\\":\\"';
  const okSuffix = '\\"}"}]}';
  return buildGuest({
    imports: WASI,
    strings: {
      path,
      failed: '{"events":[{"stream":"probe:result","type":"read-failed","payload":"{}"}]}',
      ok_prefix: okPrefix,
      ok_suffix: okSuffix,
    },
    extra: `
  (data (i32.const 1000) "0123456789abcdef")
  (global $ok_prefix_len i32 (i32.const ${new TextEncoder().encode(okPrefix).length}))
  (global $ok_suffix_len i32 (i32.const ${new TextEncoder().encode(okSuffix).length}))
  ;; one Extism block holding a ++ b ++ c
  (func $concat (param $a i32) (param $al i32) (param $b i32) (param $bl i32) (param $c i32) (param $cl i32) (result i64)
    (local $off i64) (local $i i32) (local $at i64)
    (local.set $off (call $alloc (i64.extend_i32_u (i32.add (local.get $al) (i32.add (local.get $bl) (local.get $cl))))))
    (local.set $at (local.get $off))
    (local.set $i (i32.const 0))
    (block $d1 (loop $l1 (br_if $d1 (i32.ge_u (local.get $i) (local.get $al)))
      (call $store_u8 (local.get $at) (i32.load8_u (i32.add (local.get $a) (local.get $i))))
      (local.set $at (i64.add (local.get $at) (i64.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l1)))
    (local.set $i (i32.const 0))
    (block $d2 (loop $l2 (br_if $d2 (i32.ge_u (local.get $i) (local.get $bl)))
      (call $store_u8 (local.get $at) (i32.load8_u (i32.add (local.get $b) (local.get $i))))
      (local.set $at (i64.add (local.get $at) (i64.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l2)))
    (local.set $i (i32.const 0))
    (block $d3 (loop $l3 (br_if $d3 (i32.ge_u (local.get $i) (local.get $cl)))
      (call $store_u8 (local.get $at) (i32.load8_u (i32.add (local.get $c) (local.get $i))))
      (local.set $at (i64.add (local.get $at) (i64.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l3)))
    (local.get $off))`,
    handleEvent: READ_AND_REPORT,
  });
}
