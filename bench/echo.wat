;; The echo module of the Fluent Bit bench (bench/fluent-bit.mjs): a filter_wasm function that returns its input
;; unchanged, so a run with it measures what Fluent Bit itself spends on every record it hands to a wasm filter
;; (msgpack → JSON, the copies into and out of the module, JSON → msgpack): the floor under any module.
;; Built at bench time with binaryen (parseText + emitBinary) into a temp dir; no imports, no SIMD.
;;
;; WAMR copies the tag and the record into the module with the exported `malloc` and frees both after the call
;; (Fluent Bit strdup's the returned string first). The allocator is a bump pointer that goes back to the start
;; when nothing is live, so memory does not grow per record; it grows only when one record is larger than all
;; memory seen so far.
(module
  (memory (export "memory") 2)
  (global $base i32 (i32.const 1024))
  (global $top (mut i32) (i32.const 1024))
  (global $live (mut i32) (i32.const 0))

  (func $malloc (export "malloc") (param $n i32) (result i32)
    (local $p i32)
    (local $end i32)
    (local $have i32)
    (local.set $p (global.get $top))
    ;; end = align8(p + n)
    (local.set $end (i32.and (i32.add (i32.add (local.get $p) (local.get $n)) (i32.const 7)) (i32.const -8)))
    ;; overflow of the 32-bit address space: refuse
    (if (i32.lt_u (local.get $end) (local.get $p)) (then (return (i32.const 0))))
    (local.set $have (i32.shl (memory.size) (i32.const 16)))
    (if (i32.gt_u (local.get $end) (local.get $have))
      (then
        (if (i32.eq
              (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $end) (local.get $have)) (i32.const 65535))
                                      (i32.const 16)))
              (i32.const -1))
          (then (return (i32.const 0))))))
    (global.set $top (local.get $end))
    (global.set $live (i32.add (global.get $live) (i32.const 1)))
    (local.get $p))

  (func $free (export "free") (param $p i32)
    (if (i32.eqz (local.get $p)) (then (return)))
    (global.set $live (i32.sub (global.get $live) (i32.const 1)))
    (if (i32.le_s (global.get $live) (i32.const 0))
      (then
        (global.set $live (i32.const 0))
        (global.set $top (global.get $base)))))

  ;; echo(tag_ptr, tag_len, time_sec, time_nsec, record_ptr, record_len) -> the record (NUL-terminated JSON)
  (func $echo (export "echo") (param i32 i32 i32 i32 i32 i32) (result i32)
    (local.get 4)))
