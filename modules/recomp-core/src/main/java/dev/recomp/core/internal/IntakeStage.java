package dev.recomp.core.internal;

import dev.recomp.core.AutomationConfig;
import dev.recomp.core.Stage;
import dev.recomp.core.StageContext;
import dev.recomp.core.StageException;
import dev.recomp.core.StageName;
import dev.recomp.intake.GuestImage;
import dev.recomp.intake.ImageDescription;
import dev.recomp.intake.Images;
import dev.recomp.intake.IntakeException;
import dev.recomp.intake.Provenance;
import dev.recomp.manifest.AtomicFiles;
import dev.recomp.manifest.InputRecord;
import dev.recomp.manifest.Json;
import dev.recomp.manifest.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The built-in intake: identifies the binary's format by its magic, checks it against {@code
 * [inputs] format}, hashes every input and writes {@code intake/inputs.json}; for ELF, NRO and NSO
 * it also writes {@code intake/image.json}, recomp-intake's description of the guest image. Paths
 * are left out of that file so that moving the inputs does not invalidate later stages.
 */
final class IntakeStage implements Stage {
  /** Magic bytes and where they sit, one row per format. */
  private record Magic(AutomationConfig.Format format, int offset, byte[] bytes) {}

  private static final List<Magic> MAGICS =
      List.of(
          new Magic(AutomationConfig.Format.ELF, 0, new byte[] {0x7f, 'E', 'L', 'F'}),
          new Magic(AutomationConfig.Format.NRO, 0x10, ascii("NRO0")),
          new Magic(AutomationConfig.Format.NSO, 0, ascii("NSO0")),
          new Magic(AutomationConfig.Format.NSP, 0, ascii("PFS0")),
          new Magic(AutomationConfig.Format.XCI, 0x100, ascii("HEAD")));

  /** Formats recomp-intake reads into a {@link GuestImage}. */
  private static final Set<AutomationConfig.Format> DESCRIBED =
      EnumSet.of(
          AutomationConfig.Format.ELF, AutomationConfig.Format.NRO, AutomationConfig.Format.NSO);

  @Override
  public StageName name() {
    return StageName.INTAKE;
  }

  @Override
  public Declaration declare(StageContext context) {
    var in = context.config().inputs();
    List<Read> reads = new ArrayList<>();
    reads.add(new Read(context.binary(), InputRecord.Role.BINARY));
    if (in.provenance() != null) {
      reads.add(new Read(context.resolveConfigPath(in.provenance()), InputRecord.Role.PROVENANCE));
    }
    if (in.titleConfig() != null) {
      reads.add(
          new Read(context.resolveConfigPath(in.titleConfig()), InputRecord.Role.TITLE_CONFIG));
    }
    return new Declaration(
        "intake.v1\nformat=" + in.format() + "\ntrack=" + context.config().track(),
        null,
        List.of(),
        reads);
  }

  /**
   * Refuses the run unless every input pinned in provenance.toml matches its size, sha256 and magic
   * and the binary is one of them.
   */
  private static void verifyProvenance(StageContext context, Path file) {
    try {
      Path binary = context.binary().toRealPath();
      boolean pinned = false;
      for (Provenance.VerifiedInput verified : Provenance.load(file).verify()) {
        pinned |= verified.file().toRealPath().equals(binary);
      }
      if (!pinned) {
        throw new StageException(
            "inputs.binary: " + context.config().inputs().binary() + " is not pinned in " + file);
      }
    } catch (IntakeException e) {
      throw new StageException(e.getMessage());
    } catch (IOException e) {
      throw new StageException(file + ": " + e.getMessage());
    }
  }

  @Override
  public List<String> execute(StageContext context) {
    var in = context.config().inputs();
    AutomationConfig.Format detected = detect(context.binary());
    if (in.format() != AutomationConfig.Format.AUTO && in.format() != detected) {
      throw new StageException(
          "inputs.binary: "
              + in.binary()
              + " is "
              + wire(detected)
              + " by its magic, but [inputs] format = \""
              + wire(in.format())
              + "\"");
    }
    if (in.provenance() != null) {
      verifyProvenance(context, context.resolveConfigPath(in.provenance()));
    }
    if (detected == AutomationConfig.Format.XCI) {
      throw new StageException(
          "inputs.binary: "
              + in.binary()
              + " is an XCI; its contents are encrypted: configure [intake] command with an"
              + " unpacker that uses your own keys (docs/intake.md#external-unpacker-retail-containers)");
    }
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("schema_version", 1);
    record.put("track", wire(context.config().track()));
    record.put("binary", describe(context.binary(), wire(detected)));
    record.put(
        "provenance",
        in.provenance() == null
            ? null
            : describe(context.resolveConfigPath(in.provenance()), null));
    record.put(
        "title_config",
        in.titleConfig() == null
            ? null
            : describe(context.resolveConfigPath(in.titleConfig()), null));
    AtomicFiles.write(context.stageDir().resolve("inputs.json"), Json.canonical(record));
    if (!DESCRIBED.contains(detected)) {
      context.note(
          "no image description for " + wire(detected) + " containers in this recomp version");
      return List.of("inputs.json");
    }
    try {
      GuestImage image = Images.read(context.binary());
      AtomicFiles.write(
          context.stageDir().resolve("image.json"),
          ImageDescription.json(image).getBytes(StandardCharsets.UTF_8));
    } catch (IntakeException e) {
      throw new StageException(e.getMessage());
    }
    return List.of("inputs.json", "image.json");
  }

  private static Map<String, Object> describe(Path file, String format) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("sha256", Sha256.of(file));
    try {
      d.put("size", Files.size(file));
    } catch (IOException e) {
      throw new StageException(file + ": cannot read: " + e.getMessage());
    }
    if (format != null) {
      d.put("format", format);
    }
    return d;
  }

  /** The format whose magic the file carries; an unrecognised file is a stage failure. */
  static AutomationConfig.Format detect(Path file) {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(0x104);
    } catch (IOException e) {
      throw new StageException(file + ": cannot read: " + e.getMessage());
    }
    for (Magic magic : MAGICS) {
      int end = magic.offset() + magic.bytes().length;
      if (head.length >= end
          && Arrays.equals(Arrays.copyOfRange(head, magic.offset(), end), magic.bytes())) {
        return magic.format();
      }
    }
    throw new StageException(
        file + ": not a recognised binary (expected ELF, NRO, NSO, NSP (PFS0) or XCI magic)");
  }

  private static String wire(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
