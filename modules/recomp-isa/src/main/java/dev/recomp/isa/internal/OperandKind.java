package dev.recomp.isa.internal;

import dev.recomp.isa.Arrangement;
import dev.recomp.isa.ExtendType;
import dev.recomp.isa.IndexMode;
import dev.recomp.isa.Operand;
import dev.recomp.isa.Operand.Cond;
import dev.recomp.isa.Operand.ControlReg;
import dev.recomp.isa.Operand.Extend;
import dev.recomp.isa.Operand.Flags;
import dev.recomp.isa.Operand.FpImm;
import dev.recomp.isa.Operand.FpReg;
import dev.recomp.isa.Operand.Gpr;
import dev.recomp.isa.Operand.Imm;
import dev.recomp.isa.Operand.MemImm;
import dev.recomp.isa.Operand.MemPostReg;
import dev.recomp.isa.Operand.MemReg;
import dev.recomp.isa.Operand.Option;
import dev.recomp.isa.Operand.PReg;
import dev.recomp.isa.Operand.Radix;
import dev.recomp.isa.Operand.Shift;
import dev.recomp.isa.Operand.SveMem;
import dev.recomp.isa.Operand.SysReg;
import dev.recomp.isa.Operand.Target;
import dev.recomp.isa.Operand.VecElem;
import dev.recomp.isa.Operand.VecList;
import dev.recomp.isa.Operand.VecReg;
import dev.recomp.isa.Operand.Writeback;
import dev.recomp.isa.Operand.ZList;
import dev.recomp.isa.Operand.ZReg;
import dev.recomp.isa.OptionKind;
import dev.recomp.isa.ShiftType;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An operand column token of the table: which letter fields it reads and how it turns them into
 * {@link Operand}s. Register tokens name their field letter ({@code Rd}, {@code Xnsp}, {@code Vm});
 * other tokens read fixed letters documented on each kind, some with a parameter ({@code MemU:3}).
 */
record OperandKind(String token, Set<Character> letters, Builder builder) {

  @FunctionalInterface
  interface Builder {
    void build(Row row, int word, long pc, List<Operand> out);
  }

  void build(Row row, int word, long pc, List<Operand> out) {
    builder.build(row, word, pc, out);
  }

  /** The most operands one kind adds (an operand and its shift, or a pattern and multiplier). */
  int maxOperands() {
    return 2;
  }

  static Set<Character> letterSet(String letters) {
    Set<Character> set = new TreeSet<>();
    for (char c : letters.toCharArray()) {
      set.add(c);
    }
    return Set.copyOf(set);
  }

  private static OperandKind of(String token, String letters, Builder builder) {
    return new OperandKind(token, letterSet(letters), builder);
  }

  private static final Pattern GPR = Pattern.compile("([RWX])([a-z])(sp)?");
  private static final Pattern FPR = Pattern.compile("([BHSDQFE]|EW|FS|EX)([a-z])");
  private static final Pattern VEC =
      Pattern.compile("V(|W|B|B16|F|I|IW|D|L|FL|FS|S4|S2|H4|X|FP)([a-z])");
  private static final Pattern TABLE_LIST = Pattern.compile("T([1-4])([a-z])");
  private static final Pattern GPR_SIMD = Pattern.compile("G([XQ])([a-z])");
  private static final Pattern LIST = Pattern.compile("L([1-4])([a-z])");
  private static final Pattern PARAM = Pattern.compile("([A-Za-z]+)([2-4]?):(\\d+)");
  private static final Pattern FIELD_IMM = Pattern.compile("#(x?)([A-Za-z])");
  private static final Pattern ZREG = Pattern.compile("Z([BHSDQEI]?)([a-z])");
  private static final Pattern ZLIST = Pattern.compile("Z([1-4])([BHSDQE])([a-z])");
  private static final Pattern PREG = Pattern.compile("P([MZEB]?)([a-z])");

  /** Parses one operand token; throws IllegalArgumentException for an unknown token. */
  static OperandKind parse(String token) {
    Matcher m = GPR.matcher(token);
    if (m.matches()) {
      return gpr(token, m.group(1).charAt(0), m.group(2).charAt(0), m.group(3) != null);
    }
    m = FPR.matcher(token);
    if (m.matches()) {
      return fpr(token, m.group(1), m.group(2).charAt(0));
    }
    m = VEC.matcher(token);
    if (m.matches()) {
      return vec(token, m.group(1), m.group(2).charAt(0));
    }
    m = TABLE_LIST.matcher(token);
    if (m.matches()) {
      int count = m.group(1).charAt(0) - '0';
      char reg = m.group(2).charAt(0);
      return of(
          token,
          "" + reg,
          (r, w, pc, out) -> out.add(VecList.of(r.field(reg, w), count, Arrangement.B16)));
    }
    m = GPR_SIMD.matcher(token);
    if (m.matches()) {
      char reg = m.group(2).charAt(0);
      return m.group(1).equals("X")
          ? of(
              token,
              "i" + reg,
              (r, w, pc, out) -> out.add(Gpr.of(r.field(reg, w), imm5Log2(r, w) == 3, false)))
          : of(
              token,
              "q" + reg,
              (r, w, pc, out) -> out.add(Gpr.of(r.field(reg, w), r.field('q', w) == 1, false)));
    }
    m = LIST.matcher(token);
    if (m.matches()) {
      int count = m.group(1).charAt(0) - '0';
      char reg = m.group(2).charAt(0);
      return of(
          token,
          "eq" + reg,
          (r, w, pc, out) ->
              out.add(
                  VecList.of(
                      r.field(reg, w),
                      count,
                      Arrangement.of(r.field('e', w), r.field('q', w) == 1))));
    }
    m = FIELD_IMM.matcher(token);
    if (m.matches()) {
      char letter = m.group(2).charAt(0);
      Radix radix = m.group(1).isEmpty() ? Radix.DECIMAL : Radix.HEX;
      return of(
          token,
          String.valueOf(letter),
          (r, w, pc, out) -> out.add(new Imm(r.field(letter, w), radix)));
    }
    m = ZREG.matcher(token);
    if (m.matches()) {
      char reg = m.group(2).charAt(0);
      String size = m.group(1);
      return switch (size) {
        case "" -> of(token, "" + reg, (r, w, pc, out) -> out.add(new ZReg(r.field(reg, w), ' ')));
        case "E" ->
            of(
                token,
                "e" + reg,
                (r, w, pc, out) -> out.add(new ZReg(r.field(reg, w), BY_LOG2[r.field('e', w)])));
        case "I" ->
            of(
                token,
                "i" + reg,
                (r, w, pc, out) -> out.add(new ZReg(r.field(reg, w), BY_LOG2[immhLog2(r, w)])));
        default -> {
          char fixedSize = Character.toLowerCase(size.charAt(0));
          yield of(
              token, "" + reg, (r, w, pc, out) -> out.add(new ZReg(r.field(reg, w), fixedSize)));
        }
      };
    }
    m = ZLIST.matcher(token);
    if (m.matches()) {
      int count = m.group(1).charAt(0) - '0';
      char reg = m.group(3).charAt(0);
      if (m.group(2).equals("E")) {
        return of(
            token,
            "e" + reg,
            (r, w, pc, out) ->
                out.add(new ZList(r.field(reg, w), count, BY_LOG2[r.field('e', w)])));
      }
      char size = Character.toLowerCase(m.group(2).charAt(0));
      return of(
          token, "" + reg, (r, w, pc, out) -> out.add(new ZList(r.field(reg, w), count, size)));
    }
    m = PREG.matcher(token);
    if (m.matches()) {
      char reg = m.group(2).charAt(0);
      return switch (m.group(1)) {
        case "" -> of(token, "" + reg, (r, w, pc, out) -> out.add(new PReg(r.field(reg, w), ' ')));
        case "M" -> of(token, "" + reg, (r, w, pc, out) -> out.add(new PReg(r.field(reg, w), 'm')));
        case "Z" -> of(token, "" + reg, (r, w, pc, out) -> out.add(new PReg(r.field(reg, w), 'z')));
        case "B" -> of(token, "" + reg, (r, w, pc, out) -> out.add(new PReg(r.field(reg, w), 'b')));
        default ->
            of(
                token,
                "e" + reg,
                (r, w, pc, out) -> out.add(new PReg(r.field(reg, w), BY_LOG2[r.field('e', w)])));
      };
    }
    m = PARAM.matcher(token);
    if (m.matches()) {
      int count = m.group(2).isEmpty() ? 1 : m.group(2).charAt(0) - '0';
      if (count != 1 && !m.group(1).equals("Elem")) {
        throw new IllegalArgumentException("unknown operand kind " + token);
      }
      return parameterized(token, m.group(1), count, Integer.parseInt(m.group(3)));
    }
    OperandKind kind = fixed(token);
    if (kind == null) {
      throw new IllegalArgumentException("unknown operand kind " + token);
    }
    return kind;
  }

  private static OperandKind gpr(String token, char width, char reg, boolean sp) {
    return switch (width) {
      case 'R' ->
          of(
              token,
              "z" + reg,
              (r, w, pc, out) -> out.add(Gpr.of(r.field(reg, w), r.field('z', w) == 1, sp)));
      case 'W' ->
          of(token, "" + reg, (r, w, pc, out) -> out.add(Gpr.of(r.field(reg, w), false, sp)));
      default -> of(token, "" + reg, (r, w, pc, out) -> out.add(Gpr.of(r.field(reg, w), true, sp)));
    };
  }

  private static final char[] FP_BY_TYPE = {'s', 'd', 'q', 'h'};
  private static final char[] BY_LOG2 = {'b', 'h', 's', 'd', 'q'};

  private static OperandKind fpr(String token, String size, char reg) {
    return switch (size) {
      case "F" ->
          of(
              token,
              "y" + reg,
              (r, w, pc, out) -> out.add(new FpReg(FP_BY_TYPE[r.field('y', w)], r.field(reg, w))));
      case "E" ->
          of(
              token,
              "e" + reg,
              (r, w, pc, out) -> out.add(new FpReg(BY_LOG2[r.field('e', w)], r.field(reg, w))));
      case "EW" ->
          of(
              token,
              "e" + reg,
              (r, w, pc, out) -> out.add(new FpReg(BY_LOG2[r.field('e', w) + 1], r.field(reg, w))));
      case "FS" ->
          of(
              token,
              "f" + reg,
              (r, w, pc, out) -> out.add(new FpReg(BY_LOG2[2 + r.field('f', w)], r.field(reg, w))));
      case "EX" ->
          of(
              token,
              "i" + reg,
              (r, w, pc, out) -> out.add(new FpReg(BY_LOG2[imm5Log2(r, w)], r.field(reg, w))));
      default -> {
        char fixedSize = Character.toLowerCase(size.charAt(0));
        yield of(
            token, "" + reg, (r, w, pc, out) -> out.add(new FpReg(fixedSize, r.field(reg, w))));
      }
    };
  }

  /**
   * log2 of the element size in bytes selected by the highest set bit of immh (field i, 7 bits).
   */
  private static int immhLog2(Row r, int w) {
    int immh = r.field('i', w) >> 3;
    return 31 - Integer.numberOfLeadingZeros(immh);
  }

  private static OperandKind vec(String token, String shape, char reg) {
    return switch (shape) {
      case "" ->
          of(
              token,
              "eq" + reg,
              (r, w, pc, out) ->
                  out.add(
                      new VecReg(
                          r.field(reg, w), Arrangement.of(r.field('e', w), r.field('q', w) == 1))));
      case "W" ->
          of(
              token,
              "e" + reg,
              (r, w, pc, out) ->
                  out.add(new VecReg(r.field(reg, w), Arrangement.of(r.field('e', w) + 1, true))));
      case "B" ->
          of(
              token,
              "q" + reg,
              (r, w, pc, out) ->
                  out.add(new VecReg(r.field(reg, w), Arrangement.of(0, r.field('q', w) == 1))));
      case "F" ->
          of(
              token,
              "fq" + reg,
              (r, w, pc, out) ->
                  out.add(
                      new VecReg(
                          r.field(reg, w),
                          Arrangement.of(2 + r.field('f', w), r.field('q', w) == 1))));
      case "D" ->
          of(
              token,
              "" + reg,
              (r, w, pc, out) -> out.add(new VecReg(r.field(reg, w), Arrangement.D2)));
      case "B16" -> vecOf(token, "" + reg, reg, (r, w) -> Arrangement.B16);
      case "L" ->
          vecOf(
              token,
              "eq" + reg,
              reg,
              (r, w) -> Arrangement.of(r.field('e', w) + 1, r.field('q', w) == 1));
      case "FL" ->
          vecOf(token, "f" + reg, reg, (r, w) -> Arrangement.of(2 + r.field('f', w), true));
      case "FS" ->
          vecOf(
              token,
              "fq" + reg,
              reg,
              (r, w) -> Arrangement.of(1 + r.field('f', w), r.field('q', w) == 1));
      case "S4" -> vecOf(token, "" + reg, reg, (r, w) -> Arrangement.S4);
      case "S2" -> vecOf(token, "q" + reg, reg, (r, w) -> Arrangement.of(2, r.field('q', w) == 1));
      case "H4" -> vecOf(token, "q" + reg, reg, (r, w) -> Arrangement.of(1, r.field('q', w) == 1));
      case "X" ->
          vecOf(
              token,
              "iq" + reg,
              reg,
              (r, w) -> Arrangement.of(imm5Log2(r, w), r.field('q', w) == 1));
      case "FP" ->
          vecOf(
              token,
              "f" + reg,
              reg,
              (r, w) -> Arrangement.of(2 + r.field('f', w), r.field('f', w) == 1));
      case "I" ->
          of(
              token,
              "iq" + reg,
              (r, w, pc, out) ->
                  out.add(
                      new VecReg(
                          r.field(reg, w), Arrangement.of(immhLog2(r, w), r.field('q', w) == 1))));
      default ->
          of(
              token,
              "i" + reg,
              (r, w, pc, out) ->
                  out.add(new VecReg(r.field(reg, w), Arrangement.of(immhLog2(r, w) + 1, true))));
    };
  }

  @FunctionalInterface
  private interface Shape {
    Arrangement of(Row row, int word);
  }

  private static OperandKind vecOf(String token, String letters, char reg, Shape shape) {
    return of(
        token, letters, (r, w, pc, out) -> out.add(new VecReg(r.field(reg, w), shape.of(r, w))));
  }

  /** log2 of the element size selected by imm5 (field i): its lowest set bit. */
  static int imm5Log2(Row r, int w) {
    return Math.min(Integer.numberOfTrailingZeros(r.field('i', w) | 0x10), 4);
  }

  /**
   * A kind with a numeric parameter {@code k} (a scale, a size or a byte count); {@code count} is
   * the register count of element lists ({@code Elem3:1} is three h registers and one index).
   */
  private static OperandKind parameterized(String token, String name, int count, int k) {
    return switch (name) {
      case "MemU" ->
          of(
              token,
              "ni",
              (r, w, pc, out) ->
                  out.add(new MemImm(base(r, w), (long) r.field('i', w) << k, IndexMode.OFFSET)));
      case "MemS" ->
          of(
              token,
              "ni",
              (r, w, pc, out) ->
                  out.add(new MemImm(base(r, w), simm(r, w, 'i') << k, IndexMode.OFFSET)));
      case "MemPre" ->
          of(
              token,
              "ni",
              (r, w, pc, out) ->
                  out.add(new MemImm(base(r, w), simm(r, w, 'i') << k, IndexMode.PRE)));
      case "MemPost" ->
          of(
              token,
              "ni",
              (r, w, pc, out) ->
                  out.add(new MemImm(base(r, w), simm(r, w, 'i') << k, IndexMode.POST)));
      case "MemR" -> of(token, "nmoS", (r, w, pc, out) -> out.add(registerOffset(r, w, k)));
      case "MemPostL" ->
          of(
              token,
              "nmq",
              (r, w, pc, out) -> {
                int m = r.field('m', w);
                out.add(
                    m == 31
                        ? new MemImm(
                            base(r, w), (long) k * (r.field('q', w) == 1 ? 16 : 8), IndexMode.POST)
                        : new MemPostReg(base(r, w), Gpr.of(m, true, false)));
              });
      case "MemPostE" ->
          of(
              token,
              "nm",
              (r, w, pc, out) -> {
                int m = r.field('m', w);
                out.add(
                    m == 31
                        ? new MemImm(base(r, w), k, IndexMode.POST)
                        : new MemPostReg(base(r, w), Gpr.of(m, true, false)));
              });
      case "Label" ->
          of(token, "i", (r, w, pc, out) -> out.add(new Target(pc + (simm(r, w, 'i') << 2))));
      case "SveMemVl" ->
          of(
              token,
              "ni",
              (r, w, pc, out) ->
                  out.add(new SveMem(base(r, w), null, (int) simm(r, w, 'i'), 0, true)));
      case "SveMemU" ->
          of(
              token,
              "ni",
              (r, w, pc, out) ->
                  out.add(new SveMem(base(r, w), null, r.field('i', w) << k, 0, false)));
      case "SveMemR" ->
          of(
              token,
              "nm",
              (r, w, pc, out) ->
                  out.add(
                      new SveMem(base(r, w), Gpr.of(r.field('m', w), true, false), 0, k, false)));
      case "Elem" -> of(token, "tQ", (r, w, pc, out) -> out.add(elementList(r, w, count, k)));
      case "MemPostR" ->
          of(
              token,
              "nme",
              (r, w, pc, out) -> {
                int m = r.field('m', w);
                out.add(
                    m == 31
                        ? new MemImm(base(r, w), (long) k << r.field('e', w), IndexMode.POST)
                        : new MemPostReg(base(r, w), Gpr.of(m, true, false)));
              });
      default -> throw new IllegalArgumentException("unknown operand kind " + token);
    };
  }

  private static Gpr base(Row r, int w) {
    return Gpr.of(r.field('n', w), true, true);
  }

  private static long simm(Row r, int w, char letter) {
    return Bits.signExtend(r.field(letter, w), r.fieldWidth(letter));
  }

  private static Operand registerOffset(Row r, int w, int scale) {
    int option = r.field('o', w);
    boolean shifted = r.field('S', w) == 1;
    Gpr base = base(r, w);
    Gpr index = Gpr.of(r.field('m', w), (option & 1) == 1, false);
    if (option == 3) {
      return shifted
          ? new MemReg(base, index, ExtendType.LSL, scale, true)
          : new MemReg(base, index, null, 0, false);
    }
    return new MemReg(base, index, ExtendType.values()[option], shifted ? scale : 0, shifted);
  }

  /** Single-structure element list {v.T, ...}[index] of LDn/STn (single structure), size log2 k. */
  private static Operand elementList(Row r, int w, int count, int k) {
    return new VecList(r.field('t', w), count, null, BY_LOG2[k], r.field('Q', w));
  }

  private static final List<OperandKind> FIXED =
      List.of(
          of(
              "AddImm",
              "ih",
              (r, w, pc, out) -> {
                out.add(new Imm(r.field('i', w), Radix.HEX));
                if (r.field('h', w) == 1) {
                  out.add(new Shift(ShiftType.LSL, 12));
                }
              }),
          of(
              "BitImm",
              "Nrsz",
              (r, w, pc, out) -> out.add(new Imm(Guard.logicalImm(r, w).orElse(0), Radix.HEX))),
          of(
              "MovImm",
              "ih",
              (r, w, pc, out) -> {
                out.add(new Imm(r.field('i', w), Radix.HEX));
                int hw = r.field('h', w);
                if (hw != 0) {
                  out.add(new Shift(ShiftType.LSL, hw * 16));
                }
              }),
          of(
              "MovzVal",
              "ihz",
              (r, w, pc, out) ->
                  out.add(
                      new Imm(
                          ((long) r.field('i', w) << (16 * r.field('h', w)))
                              & Guard.widthMask(Guard.width(r, w)),
                          Radix.HEX))),
          of(
              "MovnVal",
              "ihz",
              (r, w, pc, out) ->
                  out.add(
                      new Imm(
                          ~((long) r.field('i', w) << (16 * r.field('h', w)))
                              & Guard.widthMask(Guard.width(r, w)),
                          Radix.HEX))),
          of(
              "LslAmt",
              "sz",
              (r, w, pc, out) ->
                  out.add(new Imm(Guard.width(r, w) - 1 - r.field('s', w), Radix.DECIMAL))),
          of(
              "BfizLsb",
              "rz",
              (r, w, pc, out) ->
                  out.add(
                      new Imm(
                          (Guard.width(r, w) - r.field('r', w)) % Guard.width(r, w),
                          Radix.DECIMAL))),
          of(
              "BfizWidth",
              "s",
              (r, w, pc, out) -> out.add(new Imm(r.field('s', w) + 1, Radix.DECIMAL))),
          of(
              "BfxWidth",
              "rs",
              (r, w, pc, out) ->
                  out.add(new Imm(r.field('s', w) - r.field('r', w) + 1, Radix.DECIMAL))),
          of(
              "Shift",
              "hi",
              (r, w, pc, out) -> {
                int amount = r.field('i', w);
                ShiftType type = ShiftType.values()[r.field('h', w)];
                if (amount != 0 || type != ShiftType.LSL) {
                  out.add(new Shift(type, amount));
                }
              }),
          of(
              "ExtReg",
              "moidnz",
              (r, w, pc, out) ->
                  extendedRegister(r, w, out, r.field('d', w) == 31 || r.field('n', w) == 31)),
          of(
              "ExtRegS",
              "moinz",
              (r, w, pc, out) -> extendedRegister(r, w, out, r.field('n', w) == 31)),
          of(
              "AdrLabel",
              "hl",
              (r, w, pc, out) ->
                  out.add(
                      new Target(
                          pc
                              + Bits.signExtend(
                                  (long) r.field('h', w) << 2 | r.field('l', w), 21)))),
          of(
              "AdrpLabel",
              "hl",
              (r, w, pc, out) ->
                  out.add(
                      new Target(
                          (pc & ~0xfffL)
                              + (Bits.signExtend((long) r.field('h', w) << 2 | r.field('l', w), 21)
                                  << 12)))),
          of("Lit", "i", (r, w, pc, out) -> out.add(new Target(pc + (simm(r, w, 'i') << 2)))),
          of("Cond", "c", (r, w, pc, out) -> out.add(new Cond(r.field('c', w)))),
          of("CondInv", "c", (r, w, pc, out) -> out.add(new Cond(r.field('c', w) ^ 1))),
          of("Nzcv", "f", (r, w, pc, out) -> out.add(new Flags(r.field('f', w)))),
          of(
              "TbBit",
              "zb",
              (r, w, pc, out) ->
                  out.add(new Imm(r.field('z', w) << 5 | r.field('b', w), Radix.DECIMAL))),
          of("Mem", "n", (r, w, pc, out) -> out.add(new MemImm(base(r, w), 0, IndexMode.OFFSET))),
          of(
              "Prfop",
              "t",
              (r, w, pc, out) -> out.add(new Option(OptionKind.PREFETCH, r.field('t', w)))),
          of(
              "Barrier",
              "m",
              (r, w, pc, out) -> out.add(new Option(OptionKind.BARRIER, r.field('m', w)))),
          of(
              "SysReg",
              "opnmq",
              (r, w, pc, out) ->
                  out.add(
                      new SysReg(
                          2 + r.field('o', w),
                          r.field('p', w),
                          r.field('n', w),
                          r.field('m', w),
                          r.field('q', w)))),
          of(
              "PstateReg",
              "pmq",
              (r, w, pc, out) ->
                  out.add(new SysReg(0, r.field('p', w), 4, r.field('m', w), r.field('q', w)))),
          of("Xzr", "", (r, w, pc, out) -> out.add(Gpr.of(31, true, false))),
          of("Svcr", "m", (r, w, pc, out) -> out.add(new Option(OptionKind.SVCR, r.field('m', w)))),
          of("Cn", "n", (r, w, pc, out) -> out.add(new ControlReg(r.field('n', w)))),
          of("Cm", "m", (r, w, pc, out) -> out.add(new ControlReg(r.field('m', w)))),
          of(
              "DcOp",
              "pmq",
              (r, w, pc, out) ->
                  out.add(
                      new Option(
                          OptionKind.DC,
                          Names.sysOp(r.field('p', w), r.field('m', w), r.field('q', w))))),
          of(
              "IcOp",
              "pmq",
              (r, w, pc, out) ->
                  out.add(
                      new Option(
                          OptionKind.IC,
                          Names.sysOp(r.field('p', w), r.field('m', w), r.field('q', w))))),
          of(
              "HintImm",
              "mq",
              (r, w, pc, out) ->
                  out.add(new Imm(r.field('m', w) << 3 | r.field('q', w), Radix.HEX))),
          of(
              "Bti",
              "q",
              (r, w, pc, out) -> {
                int target = r.field('q', w);
                if (target != 0) {
                  out.add(new Option(OptionKind.BTI, target));
                }
              }),
          of(
              "Pstate",
              "pq",
              (r, w, pc, out) ->
                  out.add(new Option(OptionKind.PSTATE, r.field('p', w) << 3 | r.field('q', w)))),
          of("FpImm8", "i", (r, w, pc, out) -> out.add(new FpImm(Bits.fpImm8(r.field('i', w))))),
          of("SImm", "i", (r, w, pc, out) -> out.add(new Imm(simm(r, w, 'i'), Radix.DECIMAL))),
          of(
              "SveAddImm",
              "ih",
              (r, w, pc, out) -> {
                int shift = 8 * r.field('h', w);
                out.add(new Imm((long) r.field('i', w) << shift, Radix.DECIMAL));
                if (r.field('i', w) == 0) {
                  shiftIfNonZero(out, ShiftType.LSL, shift);
                }
              }),
          of(
              "SveDupImm",
              "ih",
              (r, w, pc, out) -> {
                // The shifted value is printed, except that objdump keeps "#0, lsl #8".
                int shift = 8 * r.field('h', w);
                out.add(new Imm(simm(r, w, 'i') << shift, Radix.DECIMAL));
                if (r.field('i', w) == 0) {
                  shiftIfNonZero(out, ShiftType.LSL, shift);
                }
              }),
          of("FpZero", "", (r, w, pc, out) -> out.add(new FpImm(0.0))),
          of("Zero", "", (r, w, pc, out) -> out.add(new Imm(0, Radix.DECIMAL))),
          of(
              "Fbits",
              "s",
              (r, w, pc, out) -> out.add(new Imm(64 - r.field('s', w), Radix.DECIMAL))),
          of("SimdImm8", "i", (r, w, pc, out) -> out.add(new Imm(r.field('i', w), Radix.HEX))),
          of(
              "SimdLsl32",
              "m",
              (r, w, pc, out) -> shiftIfNonZero(out, ShiftType.LSL, 8 * r.field('m', w))),
          of(
              "SimdLsl16",
              "m",
              (r, w, pc, out) -> shiftIfNonZero(out, ShiftType.LSL, 8 * r.field('m', w))),
          of(
              "SimdMsl",
              "m",
              (r, w, pc, out) ->
                  out.add(new Shift(ShiftType.MSL, (r.field('m', w) & 1) == 1 ? 16 : 8))),
          of(
              "SimdMask64",
              "i",
              (r, w, pc, out) -> out.add(new Imm(byteMask(r.field('i', w)), Radix.HEX))),
          of("SimdFpImm", "i", (r, w, pc, out) -> out.add(new FpImm(Bits.fpImm8(r.field('i', w))))),
          of(
              "ShlImm",
              "i",
              (r, w, pc, out) ->
                  out.add(new Imm(r.field('i', w) - (8 << immhLog2(r, w)), Radix.DECIMAL))),
          of(
              "ShrImm",
              "i",
              (r, w, pc, out) ->
                  out.add(new Imm((16 << immhLog2(r, w)) - r.field('i', w), Radix.DECIMAL))),
          of(
              "ElemI",
              "in",
              (r, w, pc, out) -> out.add(element(r.field('n', w), r.field('i', w), -1))),
          of(
              "ElemId",
              "id",
              (r, w, pc, out) -> out.add(element(r.field('d', w), r.field('i', w), -1))),
          of(
              "ElemJn",
              "ijn",
              (r, w, pc, out) ->
                  out.add(element(r.field('n', w), r.field('i', w), r.field('j', w)))),
          of(
              "ShllAmt",
              "e",
              (r, w, pc, out) -> out.add(new Imm(8L << r.field('e', w), Radix.DECIMAL))),
          of(
              "ShrImmD",
              "i",
              (r, w, pc, out) -> out.add(new Imm(64 - r.field('i', w), Radix.DECIMAL))),
          of("ShlImmD", "i", (r, w, pc, out) -> out.add(new Imm(r.field('i', w), Radix.DECIMAL))),
          of(
              "ElemF",
              "fhlm",
              (r, w, pc, out) -> {
                boolean dbl = r.field('f', w) == 1;
                int index = dbl ? r.field('h', w) : r.field('h', w) << 1 | r.field('l', w);
                out.add(new VecElem(r.field('m', w), dbl ? 'd' : 's', index));
              }),
          of(
              "ElemX",
              "ehlm",
              (r, w, pc, out) -> {
                int m = r.field('m', w);
                int hl = r.field('h', w) << 1 | r.field('l', w);
                out.add(
                    r.field('e', w) == 1
                        ? new VecElem(m & 0xf, 'h', hl << 1 | m >> 4)
                        : new VecElem(m, 's', hl));
              }),
          of(
              "ElemH",
              "hlm",
              (r, w, pc, out) -> {
                int m = r.field('m', w);
                int index = r.field('h', w) << 2 | r.field('l', w) << 1 | m >> 4;
                out.add(new VecElem(m & 0xf, 'h', index));
              }),
          of(
              "ElemSi",
              "im",
              (r, w, pc, out) -> out.add(new VecElem(r.field('m', w), 's', r.field('i', w)))),
          of("VecD1n", "n", (r, w, pc, out) -> out.add(new VecElem(r.field('n', w), 'd', 1))),
          of("VecD1d", "d", (r, w, pc, out) -> out.add(new VecElem(r.field('d', w), 'd', 1))),
          of(
              "RnspE",
              "ne",
              (r, w, pc, out) -> out.add(Gpr.of(r.field('n', w), r.field('e', w) == 3, true))),
          of(
              "SvePat",
              "p",
              (r, w, pc, out) -> {
                if (r.field('p', w) != 31) {
                  out.add(new Option(OptionKind.SVE_PATTERN, r.field('p', w)));
                }
              }),
          of(
              "SveCntPat",
              "pi",
              (r, w, pc, out) -> {
                int pattern = r.field('p', w);
                int mul = r.field('i', w) + 1;
                if (pattern != 31 || mul != 1) {
                  out.add(new Option(OptionKind.SVE_PATTERN, pattern));
                }
                if (mul != 1) {
                  out.add(new Option(OptionKind.SVE_MUL, mul));
                }
              }),
          of(
              "WbMemd",
              "d",
              (r, w, pc, out) ->
                  out.add(new Writeback(Gpr.of(r.field('d', w), true, false), true))),
          of(
              "WbMems",
              "s",
              (r, w, pc, out) ->
                  out.add(new Writeback(Gpr.of(r.field('s', w), true, false), true))),
          of(
              "WbRegn",
              "n",
              (r, w, pc, out) ->
                  out.add(new Writeback(Gpr.of(r.field('n', w), true, false), false))));

  private static OperandKind fixed(String token) {
    for (OperandKind kind : FIXED) {
      if (kind.token.equals(token)) {
        return kind;
      }
    }
    return null;
  }

  private static void shiftIfNonZero(List<Operand> out, ShiftType type, int amount) {
    if (amount != 0) {
      out.add(new Shift(type, amount));
    }
  }

  private static long byteMask(int imm8) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      if ((imm8 >> i & 1) == 1) {
        value |= 0xffL << (8 * i);
      }
    }
    return value;
  }

  /** The element selected by imm5 (field i): size is its lowest set bit; index the bits above. */
  private static Operand element(int reg, int imm5, int imm4) {
    int log2 = Integer.numberOfTrailingZeros(imm5 | 0x10);
    int index = imm4 >= 0 ? imm4 >> log2 : imm5 >> (log2 + 1);
    return new VecElem(reg, BY_LOG2[Math.min(log2, 3)], index);
  }

  private static void extendedRegister(Row r, int w, List<Operand> out, boolean spForm) {
    int option = r.field('o', w);
    int amount = r.field('i', w);
    boolean wide = r.field('z', w) == 1;
    out.add(Gpr.of(r.field('m', w), wide && (option & 3) == 3, false));
    boolean lsl = spForm && option == (wide ? 3 : 2);
    if (lsl) {
      if (amount != 0) {
        out.add(new Shift(ShiftType.LSL, amount));
      }
    } else {
      out.add(new Extend(ExtendType.values()[option], amount, amount != 0));
    }
  }
}
