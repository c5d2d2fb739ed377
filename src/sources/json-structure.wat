;; The structure of compact CloudTrail documents, 64 bytes at a time (WebAssembly SIMD).
;;
;; src/sources/json-structure.ts copies a buffer in chunks to offset 0 of this
;; module's memory and calls `walk`; the state (nesting depth, inside a string,
;; a pending escape) carries from one chunk to the next in globals. `walk`
;; writes one entry per structural event it finds, at OUT, as
;; (absolute position << 2) | kind:
;;   0  the `{` of an object in a member array of a top-level object: a record starts
;;   1  the bracket that closes a value in such an array: a record ends
;;   2  the `[` of a member array of a top-level object (`{"Records":[`)
;;   3  the `]` that closes it
;; and returns how many it wrote. At most one entry per byte, so OUT holds a chunk's worth.
;;
;; Per 64-byte block: bit masks of quotes, backslashes and brackets (i8x16.eq +
;; i8x16.bitmask); the bytes escaped by backslashes (a scalar loop: backslashes
;; are rare); the bytes inside strings, a prefix XOR of the unescaped quotes;
;; then a scalar loop over the brackets outside strings, which keeps the depth.
;; The JavaScript twin in json-structure.ts does the same byte by byte; tests
;; hold the two to the same entries.
;;
;; Built into json-structure-wasm.ts by scripts/build-wasm.js (wabt).
(module
  (memory (export "memory") 21)
  ;; Chunks are copied to 0 (at most 0x40000 bytes, padded with zeros to 64); entries go to OUT.
  (global $OUT i32 (i32.const 0x40100))
  (global $QUOTE v128 (v128.const i8x16 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22 0x22))
  (global $BACKSLASH v128 (v128.const i8x16 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c 0x5c))
  (global $OPEN_BRACE v128 (v128.const i8x16 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b 0x7b))
  (global $CLOSE_BRACE v128 (v128.const i8x16 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d 0x7d))
  ;; `[` | 0x20 is `{` and `]` | 0x20 is `}`: one comparison finds both openers (or both closers).
  (global $CASE_BIT v128 (v128.const i8x16 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20 0x20))
  (global $depth (mut i32) (i32.const 0))
  ;; Whether the value open at depth 1 is an array.
  (global $memberArray (mut i32) (i32.const 0))
  ;; All ones while a string runs on past the end of the last block.
  (global $inString (mut i64) (i64.const 0))
  ;; 1 when the last block ended with an escaping backslash.
  (global $escapeCarry (mut i64) (i64.const 0))

  (func (export "reset")
    (global.set $depth (i32.const 0))
    (global.set $memberArray (i32.const 0))
    (global.set $inString (i64.const 0))
    (global.set $escapeCarry (i64.const 0)))

  (func (export "depth") (result i32) (global.get $depth))

  (func $emit (param $out i32) (param $pos i32) (param $kind i32) (result i32)
    (i32.store (local.get $out) (i32.or (i32.shl (local.get $pos) (i32.const 2)) (local.get $kind)))
    (i32.add (local.get $out) (i32.const 4)))

  ;; Walks `len` bytes at offset 0 (a multiple of 64) that sit at `base` in the whole buffer.
  (func (export "walk") (param $len i32) (param $base i32) (result i32)
    (local $p i32) (local $out i32) (local $pos i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $quote i64) (local $backslash i64) (local $brace i64) (local $opener i64) (local $closer i64)
    (local $escaped i64) (local $strings i64) (local $m i64) (local $bit i64)
    (local.set $out (global.get $OUT))
    (block $done (loop $blocks
      (br_if $done (i32.ge_u (local.get $p) (local.get $len)))
      (local.set $v0 (v128.load offset=0 (local.get $p)))
      (local.set $v1 (v128.load offset=16 (local.get $p)))
      (local.set $v2 (v128.load offset=32 (local.get $p)))
      (local.set $v3 (v128.load offset=48 (local.get $p)))
      (local.set $c0 (v128.or (local.get $v0) (global.get $CASE_BIT)))
      (local.set $c1 (v128.or (local.get $v1) (global.get $CASE_BIT)))
      (local.set $c2 (v128.or (local.get $v2) (global.get $CASE_BIT)))
      (local.set $c3 (v128.or (local.get $v3) (global.get $CASE_BIT)))
      (local.set $quote (i64.or
        (i64.or (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v0) (global.get $QUOTE))))
                (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v1) (global.get $QUOTE)))) (i64.const 16)))
        (i64.or (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v2) (global.get $QUOTE)))) (i64.const 32))
                (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v3) (global.get $QUOTE)))) (i64.const 48)))))
      (local.set $backslash (i64.or
        (i64.or (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v0) (global.get $BACKSLASH))))
                (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v1) (global.get $BACKSLASH)))) (i64.const 16)))
        (i64.or (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v2) (global.get $BACKSLASH)))) (i64.const 32))
                (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v3) (global.get $BACKSLASH)))) (i64.const 48)))))
      (local.set $brace (i64.or
        (i64.or (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v0) (global.get $OPEN_BRACE))))
                (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v1) (global.get $OPEN_BRACE)))) (i64.const 16)))
        (i64.or (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v2) (global.get $OPEN_BRACE)))) (i64.const 32))
                (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v3) (global.get $OPEN_BRACE)))) (i64.const 48)))))
      (local.set $opener (i64.or
        (i64.or (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $c0) (global.get $OPEN_BRACE))))
                (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $c1) (global.get $OPEN_BRACE)))) (i64.const 16)))
        (i64.or (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $c2) (global.get $OPEN_BRACE)))) (i64.const 32))
                (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $c3) (global.get $OPEN_BRACE)))) (i64.const 48)))))
      (local.set $closer (i64.or
        (i64.or (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $c0) (global.get $CLOSE_BRACE))))
                (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $c1) (global.get $CLOSE_BRACE)))) (i64.const 16)))
        (i64.or (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $c2) (global.get $CLOSE_BRACE)))) (i64.const 32))
                (i64.shl (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $c3) (global.get $CLOSE_BRACE)))) (i64.const 48)))))

      ;; The bytes escaped by a backslash that is not itself escaped.
      (local.set $escaped (global.get $escapeCarry))
      (global.set $escapeCarry (i64.const 0))
      (local.set $m (local.get $backslash))
      (block $escapes_done (loop $escapes
        (br_if $escapes_done (i64.eqz (local.get $m)))
        (local.set $bit (i64.and (local.get $m) (i64.sub (i64.const 0) (local.get $m))))
        (if (i64.eqz (i64.and (local.get $escaped) (local.get $bit)))
          (then
            (if (i64.eq (local.get $bit) (i64.const 0x8000000000000000))
              (then (global.set $escapeCarry (i64.const 1)))
              (else (local.set $escaped (i64.or (local.get $escaped) (i64.shl (local.get $bit) (i64.const 1))))))))
        (local.set $m (i64.xor (local.get $m) (local.get $bit)))
        (br $escapes)))

      ;; Inside strings: from an unescaped quote up to the next one (prefix XOR), carried over.
      (local.set $strings (i64.and (local.get $quote) (i64.xor (local.get $escaped) (i64.const -1))))
      (local.set $strings (i64.xor (local.get $strings) (i64.shl (local.get $strings) (i64.const 1))))
      (local.set $strings (i64.xor (local.get $strings) (i64.shl (local.get $strings) (i64.const 2))))
      (local.set $strings (i64.xor (local.get $strings) (i64.shl (local.get $strings) (i64.const 4))))
      (local.set $strings (i64.xor (local.get $strings) (i64.shl (local.get $strings) (i64.const 8))))
      (local.set $strings (i64.xor (local.get $strings) (i64.shl (local.get $strings) (i64.const 16))))
      (local.set $strings (i64.xor (local.get $strings) (i64.shl (local.get $strings) (i64.const 32))))
      (local.set $strings (i64.xor (local.get $strings) (global.get $inString)))
      (global.set $inString (i64.shr_s (local.get $strings) (i64.const 63)))

      ;; The brackets outside strings, in order.
      (local.set $m (i64.and (i64.or (local.get $opener) (local.get $closer)) (i64.xor (local.get $strings) (i64.const -1))))
      (block $brackets_done (loop $brackets
        (br_if $brackets_done (i64.eqz (local.get $m)))
        (local.set $bit (i64.and (local.get $m) (i64.sub (i64.const 0) (local.get $m))))
        (local.set $pos (i32.add (i32.add (local.get $base) (local.get $p)) (i32.wrap_i64 (i64.ctz (local.get $m)))))
        (if (i64.eqz (i64.and (local.get $opener) (local.get $bit)))
          (then
            (global.set $depth (i32.sub (global.get $depth) (i32.const 1)))
            (if (global.get $memberArray)
              (then
                (if (i32.eq (global.get $depth) (i32.const 2))
                  (then (local.set $out (call $emit (local.get $out) (local.get $pos) (i32.const 1)))))
                (if (i32.eq (global.get $depth) (i32.const 1))
                  (then (local.set $out (call $emit (local.get $out) (local.get $pos) (i32.const 3))))))))
          (else
            (if (i32.eq (global.get $depth) (i32.const 1))
              (then
                (global.set $memberArray (i64.eqz (i64.and (local.get $brace) (local.get $bit))))
                (if (global.get $memberArray)
                  (then (local.set $out (call $emit (local.get $out) (local.get $pos) (i32.const 2))))))
              (else
                (if (i32.and
                      (i32.and (i32.eq (global.get $depth) (i32.const 2)) (global.get $memberArray))
                      (i64.ne (i64.and (local.get $brace) (local.get $bit)) (i64.const 0)))
                  (then (local.set $out (call $emit (local.get $out) (local.get $pos) (i32.const 0)))))))
            (global.set $depth (i32.add (global.get $depth) (i32.const 1)))))
        (local.set $m (i64.xor (local.get $m) (local.get $bit)))
        (br $brackets)))
      (local.set $p (i32.add (local.get $p) (i32.const 64)))
      (br $blocks)))
    (i32.shr_u (i32.sub (local.get $out) (global.get $OUT)) (i32.const 2))))
