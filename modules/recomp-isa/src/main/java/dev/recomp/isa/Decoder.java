package dev.recomp.isa;

import dev.recomp.isa.internal.Row;
import dev.recomp.isa.internal.TableParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The A64 decoder. It is driven by the encoding table {@code a64.table} (see docs/isa.md): rows are
 * tried in table order among those whose fixed bits can match, found through an index on bits 22-29
 * and 10-13. Decoding never throws; words no row accepts become {@link Insn.Unallocated}.
 *
 * <p>The table is compiled into flat arrays when it loads, so that decoding a word touches a few
 * adjacent ints and no row objects: the index holds, per key, a run of candidate slots (fixed-bit
 * mask and value, guard bits, guard table offset), and each guarded row's guards are tabulated over
 * the bits they read (a row's guards depend on those bits only), so a guard test is one bit lookup.
 */
public final class Decoder {
  private static final String TABLE = "a64.table";
  private static final int INDEX_BITS = 12;

  /** Ints per candidate slot: mask, bits, guard mask, guard table offset (or -1). */
  private static final int SLOT = 4;

  /**
   * Rows whose guards read more bits than this are tested by evaluating the guards; no current row
   * does, and the tables stay small (at most 2^16 bits per row).
   */
  private static final int MAX_TABULATED_GUARD_BITS = 16;

  private final List<Encoding> encodings;

  /** Candidate slots of key k: slots {@code [first[k], first[k + 1])}. */
  private final int[] first;

  private final int[] slots;
  private final Encoding[] slotEncodings;

  /** Guard truth tables: bit {@code offset + compress(word, guardMask)} is set when guards hold. */
  private final long[] guardTruth;

  private Decoder(List<Row> rows) {
    List<Encoding> all = new ArrayList<>();
    for (Row row : rows) {
      all.add(new Encoding(row));
    }
    this.encodings = List.copyOf(all);

    int[] truthOffset = new int[all.size()];
    List<long[]> truthTables = new ArrayList<>();
    int truthBits = 0;
    for (int i = 0; i < all.size(); i++) {
      Row row = all.get(i).row();
      int guardBits = Integer.bitCount(row.guardMask());
      if (!row.guarded() || guardBits > MAX_TABULATED_GUARD_BITS) {
        truthOffset[i] = -1;
        continue;
      }
      long[] table = new long[Math.max(1, (1 << guardBits) >>> 6)];
      for (int v = 0; v < 1 << guardBits; v++) {
        if (row.matches(Integer.expand(v, row.guardMask()) | row.bits())) {
          table[v >>> 6] |= 1L << v;
        }
      }
      truthOffset[i] = truthBits;
      truthTables.add(table);
      truthBits += table.length * 64;
    }
    this.guardTruth = new long[truthBits >>> 6];
    int at = 0;
    for (long[] table : truthTables) {
      System.arraycopy(table, 0, guardTruth, at, table.length);
      at += table.length;
    }

    this.first = new int[(1 << INDEX_BITS) + 1];
    List<Integer> slotRows = new ArrayList<>();
    int probeMask = keyBits((1 << INDEX_BITS) - 1);
    for (int key = 0; key < 1 << INDEX_BITS; key++) {
      first[key] = slotRows.size();
      int probe = keyBits(key);
      for (int i = 0; i < all.size(); i++) {
        Encoding e = all.get(i);
        int common = e.mask() & probeMask;
        if ((e.bits() & common) == (probe & common)) {
          slotRows.add(i);
        }
      }
    }
    first[1 << INDEX_BITS] = slotRows.size();
    this.slots = new int[slotRows.size() * SLOT];
    this.slotEncodings = new Encoding[slotRows.size()];
    for (int s = 0; s < slotRows.size(); s++) {
      int i = slotRows.get(s);
      Encoding e = all.get(i);
      slots[s * SLOT] = e.mask();
      slots[s * SLOT + 1] = e.bits();
      slots[s * SLOT + 2] = e.row().guardMask();
      slots[s * SLOT + 3] = e.row().guarded() ? truthOffset[i] : -1;
      slotEncodings[s] = e;
    }
  }

  /** The bits of the index key placed back at their word positions (22-29 high, 10-13 low). */
  private static int keyBits(int key) {
    return ((key >>> 4) << 22) | ((key & 0xf) << 10);
  }

  private static int key(int word) {
    return ((word >>> 22) & 0xff) << 4 | ((word >>> 10) & 0xf);
  }

  /** The first candidate of the word's key whose fixed bits match and whose guards hold. */
  private Encoding find(int word) {
    int key = key(word);
    int[] s = slots;
    for (int slot = first[key], end = first[key + 1]; slot < end; slot++) {
      int at = slot * SLOT;
      if ((word & s[at]) != s[at + 1]) {
        continue;
      }
      int truth = s[at + 3];
      if (truth < 0 && s[at + 2] == 0) {
        return slotEncodings[slot];
      }
      if (truth >= 0) {
        int bit = truth + Integer.compress(word, s[at + 2]);
        if ((guardTruth[bit >>> 6] & (1L << bit)) != 0) {
          return slotEncodings[slot];
        }
      } else if (slotEncodings[slot].row().matches(word)) {
        return slotEncodings[slot];
      }
    }
    return null;
  }

  private static final class Standard {
    static final Decoder INSTANCE = loadStandard();

    private static Decoder loadStandard() {
      try (InputStream in = Decoder.class.getResourceAsStream(TABLE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + TABLE);
        }
        return load(TABLE, new InputStreamReader(in, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (TableException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
  }

  /** The decoder of the built-in table. */
  public static Decoder standard() {
    return Standard.INSTANCE;
  }

  /** Loads and validates a table; {@code file} names it in error messages. */
  public static Decoder load(String file, Reader table) throws TableException, IOException {
    return new Decoder(TableParser.parse(file, table));
  }

  /** All encodings, in table order. */
  public List<Encoding> encodings() {
    return encodings;
  }

  /** Decodes {@code word} located at address {@code pc}. Never throws. */
  public Insn decode(long pc, int word) {
    Encoding e = find(word);
    return e != null ? new Insn.Op(pc, word, e) : new Insn.Unallocated(pc, word);
  }

  /** The encoding {@code word} decodes to, without building operands; null when unallocated. */
  public Encoding encodingOf(int word) {
    return find(word);
  }
}
