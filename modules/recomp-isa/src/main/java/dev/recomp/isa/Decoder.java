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
 */
public final class Decoder {
  private static final String TABLE = "a64.table";
  private static final int INDEX_BITS = 12;

  private final List<Encoding> encodings;
  private final Encoding[][] index;

  private Decoder(List<Row> rows) {
    List<Encoding> all = new ArrayList<>();
    for (Row row : rows) {
      all.add(new Encoding(row));
    }
    this.encodings = List.copyOf(all);
    this.index = new Encoding[1 << INDEX_BITS][];
    for (int key = 0; key < index.length; key++) {
      int probe = keyBits(key);
      int probeMask = keyBits((1 << INDEX_BITS) - 1);
      List<Encoding> bucket = new ArrayList<>();
      for (Encoding e : encodings) {
        int common = e.mask() & probeMask;
        if ((e.bits() & common) == (probe & common)) {
          bucket.add(e);
        }
      }
      index[key] = bucket.toArray(Encoding[]::new);
    }
  }

  /** The bits of the index key placed back at their word positions (22-29 high, 10-13 low). */
  private static int keyBits(int key) {
    return ((key >>> 4) << 22) | ((key & 0xf) << 10);
  }

  private static int key(int word) {
    return ((word >>> 22) & 0xff) << 4 | ((word >>> 10) & 0xf);
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
    for (Encoding e : index[key(word)]) {
      Row row = e.row();
      if (row.matches(word)) {
        return new Insn.Op(pc, word, e, row.operands(pc, word));
      }
    }
    return new Insn.Unallocated(pc, word);
  }

  /** The encoding {@code word} decodes to, without building operands; null when unallocated. */
  public Encoding encodingOf(int word) {
    for (Encoding e : index[key(word)]) {
      if (e.row().matches(word)) {
        return e;
      }
    }
    return null;
  }
}
