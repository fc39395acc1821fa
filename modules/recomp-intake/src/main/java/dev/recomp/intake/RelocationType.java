package dev.recomp.intake;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The AArch64 dynamic relocation types a loader applies (ELF for the Arm 64-bit Architecture,
 * "Dynamic relocations"). Static relocation types never appear in executables and are rejected.
 */
public enum RelocationType {
  /** R_AARCH64_NONE: nothing to do. */
  NONE(0),
  /** R_AARCH64_ABS64: S + A. */
  ABS64(257),
  /** R_AARCH64_ABS32: S + A, 32 bits. */
  ABS32(258),
  /** R_AARCH64_PREL64: S + A - P. */
  PREL64(260),
  /** R_AARCH64_COPY. */
  COPY(1024),
  /** R_AARCH64_GLOB_DAT: S + A. */
  GLOB_DAT(1025),
  /** R_AARCH64_JUMP_SLOT: S + A. */
  JUMP_SLOT(1026),
  /** R_AARCH64_RELATIVE: Delta(S) + A, i.e. base + A. */
  RELATIVE(1027),
  /** R_AARCH64_TLS_DTPMOD64. */
  TLS_DTPMOD64(1028),
  /** R_AARCH64_TLS_DTPREL64. */
  TLS_DTPREL64(1029),
  /** R_AARCH64_TLS_TPREL64. */
  TLS_TPREL64(1030),
  /** R_AARCH64_TLSDESC. */
  TLSDESC(1031),
  /** R_AARCH64_IRELATIVE: call the resolver at base + A, store its result. */
  IRELATIVE(1032);

  private static final Map<Integer, RelocationType> BY_CODE =
      Arrays.stream(values()).collect(Collectors.toMap(t -> t.code, Function.identity()));

  private final int code;

  RelocationType(int code) {
    this.code = code;
  }

  /** The ELF {@code ELF64_R_TYPE} value. */
  public int code() {
    return code;
  }

  /** The type for an ELF relocation type value, if it is a dynamic AArch64 one. */
  public static Optional<RelocationType> ofCode(long code) {
    return Optional.ofNullable(BY_CODE.get((int) code)).filter(t -> t.code == code);
  }

  /** The name as the ABI and readelf spell it, e.g. {@code R_AARCH64_RELATIVE}. */
  public String elfName() {
    return "R_AARCH64_" + name();
  }
}
