#!/usr/bin/env bash
# Records objdump's disassembly of generated instruction words as golden listings, one per
# encoding space: fixtures/objdump/corpus-<space>.tsv.gz, in the format of
# scripts/record-objdump-goldens.sh (!targets 0x, @0, then word<TAB>text).
#
# Each space is an ARM ARM encoding group given by its fixed bits (value/mask, from the A64
# encoding index, not from recomp's table); its words are the fixed bits with every other bit
# drawn from a seeded generator, so they cover each field's values and the reserved ones, and the
# same script run again writes the same files. objdump is the oracle: the hermetic
# GoldenListingTest of modules/recomp-isa requires our disassembly of every word to equal
# objdump's (unallocated exactly where objdump prints .inst) like for the fixture binaries.
#
# Usage: scripts/record-isa-corpus.sh   (needs aarch64-linux-gnu-objdump and python3)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
objdump="${OBJDUMP:-aarch64-linux-gnu-objdump}"
out_dir="$root/fixtures/objdump"
words_per_space=4000

if ! command -v "$objdump" >/dev/null 2>&1; then
  echo "record-isa-corpus: $objdump not found (apt-get install binutils-aarch64-linux-gnu)" >&2
  exit 1
fi

# space            value      mask       ARM ARM group (C4.1)
spaces='
msr-imm            d500401f   fff8f01f   MSR (immediate): PSTATE fields, CFINV/XAFLAG/AXFLAG, SMSTART/SMSTOP
crypto-aes         4e280800   ff3e0c00   Cryptographic AES
crypto-sha-3reg    5e000000   ff208c00   Cryptographic three-register SHA
crypto-sha-2reg    5e280800   ff3e0c00   Cryptographic two-register SHA
crypto-sha512-3reg ce608000   ffe0b000   Cryptographic three-register SHA512, SM3PARTW, SM4EKEY, RAX1
crypto-sha512-2reg cec08000   fffff000   Cryptographic two-register SHA512, SM4E
crypto-4reg        ce000000   ff808000   Cryptographic four-register (EOR3, BCAX, SM3SS1)
crypto-xar         ce800000   ffe00000   XAR
crypto-sm3tt       ce408000   ffe0c000   Cryptographic three-register, imm2 (SM3TT*)
fp16-3same         0e400400   9f60c400   AdvSIMD three same (FP16)
fp16-2misc         0e780800   9f7e0c00   AdvSIMD two-register miscellaneous (FP16)
fp16-elem          0f001000   9fc03400   AdvSIMD vector x indexed element, size 00 FMLA/FMLS/FMUL/FMULX
simd-across        0e300800   9f3e0c00   AdvSIMD across lanes
simd-2misc         0e200800   9f3e0c00   AdvSIMD two-register miscellaneous
simd-3diff         0e200000   9f200c00   AdvSIMD three different
simd-shift-imm     0f000400   9f800400   AdvSIMD shift by immediate and modified immediate
simd-ldst-multiple 0c000000   bf000000   AdvSIMD load/store multiple structures (offset, post-index)
simd-ldst-single   0d000000   bf000000   AdvSIMD load/store single structure (offset, post-index)
sve-ld-imm         a400a000   fe00e000   SVE contiguous load and non-fault load (scalar plus immediate)
sve-ld-reg         a4004000   fe00c000   SVE contiguous load and first-fault load (scalar plus scalar)
sve-ld1r           84408000   fe408000   SVE load and broadcast element
sve-st-imm         e400e000   fe10e000   SVE contiguous store (scalar plus immediate)
sve-st-reg         e4004000   fe00e000   SVE contiguous store (scalar plus scalar)
sve-ldr            85800000   ffc0a000   SVE load vector and predicate register
sve-str            e5800000   ffc0a000   SVE store vector and predicate register
sve-int-pred       04000000   ff20e000   SVE integer binary arithmetic and logical, predicated
sve-int-addsub     04200000   ff20e000   SVE integer add/subtract vectors, unpredicated
sve-bitwise        04203000   ff20fc00   SVE bitwise logical, unpredicated
sve-cmp-vec        24000000   ff200000   SVE integer compare vectors (incl. wide elements)
sve-cmp-uimm       24200000   ff200000   SVE integer compare with unsigned immediate
sve-cmp-simm       25000000   ff204000   SVE integer compare with signed immediate
sve-mla            04004000   ff20c000   SVE integer multiply-accumulate (MLA, MLS), predicated
sve-mad            0400c000   ff20c000   SVE integer multiply-add (MAD, MSB), predicated
sve-fma            65200000   ff200000   SVE floating-point multiply-accumulate and multiply-add, predicated
sve-sel            0520c000   ff20c000   SVE select vector elements
sve-shift-vec      04108000   ff30e000   SVE bitwise shift by vector and by wide elements, predicated
sve-shift-imm      04008000   ff3ce000   SVE bitwise shift by immediate (ASR, LSR, LSL), predicated
sve-shift-unpred   04208000   ff20f000   SVE bitwise shift by wide elements and by immediate, unpredicated
sve-addsub-imm     2520c000   ff38c000   SVE integer add/subtract immediate, unpredicated
sve-unary-int      0410a000   ff38e000   SVE integer unary operations, predicated
sve-unary-bitwise  0418a000   ff38e000   SVE bitwise unary operations, predicated
sve-while          25200000   ff20e000   SVE WHILE* (signed, unsigned, lower and higher bounds)
sve-ptest          2510c000   ff3fc210   SVE PTEST
sve-pfalse         2518e400   fffffe10   SVE PFALSE
sve-ptrue          2518e000   ff3efc10   SVE PTRUE, PTRUES
sve-dup-imm        2538c000   ff3cc000   SVE broadcast integer and FP immediates (DUP, FDUP)
sve-cnt            0420e000   ff30fc00   SVE element count (CNTB/H/W/D)
sve-incdec-x       0430e000   ff30f800   SVE scalar increment and decrement by element count
sve-dup-gpr        05203800   ff3ffc00   SVE broadcast general register (DUP, MOV)
sve-addvl          04205000   ff80f000   SVE stack frame adjustment (ADDVL, ADDPL) and SME ADDSVL, ADDSPL
sve-rdvl           04a05000   ff80f000   SVE RDVL and SME RDSVL
'

mkdir -p "$out_dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "$spaces" | while read -r name value mask _; do
  [ -n "$name" ] || continue
  python3 - "$name" "$value" "$mask" "$words_per_space" "$work/$name.bin" <<'EOF'
import random, struct, sys
name, value, mask, count, out = sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3], 16), int(sys.argv[4]), sys.argv[5]
rng = random.Random("recomp-isa-corpus-" + name)
with open(out, "wb") as f:
    for _ in range(count):
        f.write(struct.pack("<I", (rng.getrandbits(32) & ~mask) | value))
EOF
  tmp="$(mktemp "$out_dir/.corpus-$name.XXXXXX")"
  "$objdump" -D -z -b binary -m aarch64 "$work/$name.bin" | awk -F'\t' '
    BEGIN { print "!targets 0x"; print "@0" }
    /^ +[0-9a-f]+:\t[0-9a-f]+ \t/ {
      word = $2; sub(/ +$/, "", word)
      text = $3; for (i = 4; i <= NF; i++) text = text "\t" $i
      sub(/[ \t]*\/\/.*$/, "", text)
      gsub(/ <[^>]*>/, "", text)
      sub(/[ \t]+$/, "", text)
      print word "\t" text
    }' | gzip -n -9 >"$tmp"
  chmod 644 "$tmp"
  mv -f "$tmp" "$out_dir/corpus-$name.tsv.gz"
  echo "$out_dir/corpus-$name.tsv.gz: $(zcat "$out_dir/corpus-$name.tsv.gz" | grep -c '^[0-9a-f]') words"
done
