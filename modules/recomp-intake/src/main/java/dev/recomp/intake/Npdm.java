package dev.recomp.intake;

import static dev.recomp.intake.internal.Bin.hex;

import dev.recomp.intake.internal.Bin;
import dev.recomp.intake.internal.Bin.Struct;
import dev.recomp.intake.internal.InputFiles;
import java.nio.file.Path;

/**
 * A program's metadata (main.npdm, layout per switchbrew "NPDM"): the META header, the ACI0 with
 * the program id, and the ACID with its allowed program id range and flags.
 *
 * @param name META name (usually "Application")
 * @param productCode META product code
 * @param flags META flags byte: bit 0 Is64BitInstruction, bits 1-3 ProcessAddressSpace
 * @param mainThreadPriority main thread priority (0..0x3F)
 * @param mainThreadCore main thread's core number
 * @param mainThreadStackSize main thread stack size
 * @param systemResourceSize system resource size
 * @param version META version
 * @param programId the title/program id from ACI0
 * @param acidFlags ACID flags: bit 0 production, bit 1 unqualified approval, bits 2-3 memory region
 * @param programIdMin lowest program id the ACID allows
 * @param programIdMax highest program id the ACID allows
 */
public record Npdm(
    String name,
    String productCode,
    int flags,
    int mainThreadPriority,
    int mainThreadCore,
    long mainThreadStackSize,
    long systemResourceSize,
    long version,
    long programId,
    long acidFlags,
    long programIdMin,
    long programIdMax) {
  private static final int META_SIZE = 0x80;
  private static final int ACI0_SIZE = 0x40;
  private static final int ACID_SIZE = 0x240;

  /** Whether the process runs 64-bit code. */
  public boolean is64Bit() {
    return (flags & 1) != 0;
  }

  /** The ProcessAddressSpace field (0 32-bit, 1 64-bit old, 2 32-bit no reserved, 3 64-bit). */
  public int addressSpace() {
    return (flags >>> 1) & 7;
  }

  /** Whether {@code bytes} start with "META". */
  public static boolean hasMagic(byte[] bytes) {
    return bytes.length >= 4
        && bytes[0] == 'M'
        && bytes[1] == 'E'
        && bytes[2] == 'T'
        && bytes[3] == 'A';
  }

  /** Reads the NPDM at {@code path}. */
  public static Npdm read(Path path) throws IntakeException {
    return read(path.toString(), InputFiles.read(path));
  }

  /** Reads {@code bytes} as an NPDM named {@code source} in errors. */
  public static Npdm read(String source, byte[] bytes) throws IntakeException {
    Bin bin = new Bin(source, bytes.clone());
    Struct meta = bin.struct("META header", 0, META_SIZE);
    if (!meta.hasMagic(0, "META")) {
      throw meta.error("expected magic \"META\"");
    }
    Struct aci = part(bin, meta, "ACI0", 0x70, ACI0_SIZE);
    if (!aci.hasMagic(0, "ACI0")) {
      throw aci.error("expected magic \"ACI0\"");
    }
    Struct acid = part(bin, meta, "ACID", 0x78, ACID_SIZE);
    if (!acid.hasMagic(0x200, "ACID")) {
      throw acid.error("expected magic \"ACID\" at 0x200");
    }
    return new Npdm(
        meta.ascii(0x20, 0x10),
        meta.ascii(0x30, 0x10),
        meta.u8(0xc),
        meta.u8(0xe),
        meta.u8(0xf),
        meta.u32(0x1c),
        meta.u32(0x14),
        meta.u32(0x18),
        aci.u64(0x10),
        acid.u32(0x20c),
        acid.u64(0x210),
        acid.u64(0x218));
  }

  private static Struct part(Bin bin, Struct meta, String name, int field, int minSize)
      throws IntakeException {
    long offset = meta.u32(field);
    long size = meta.u32(field + 4);
    if (size < minSize) {
      throw meta.error(name + " size " + hex(size) + " below its header size " + hex(minSize));
    }
    bin.range(meta, name, offset, size);
    return bin.struct(name, offset, minSize);
  }
}
