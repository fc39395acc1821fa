package dev.recomp.intake;

import dev.recomp.intake.internal.InputFiles;
import java.nio.file.Path;
import java.util.Optional;

/** Any file intake understands, recognized by its magic bytes (never by its extension). */
public sealed interface IntakeFile {
  /** An executable image (ELF, NRO, NSO), with an NRO's assets when it has them. */
  record Executable(GuestImage image, Optional<NroAssets> assets) implements IntakeFile {}

  /** A PFS0 container (NSP). */
  record Container(Pfs0 pfs0) implements IntakeFile {}

  /** Program metadata (NPDM). */
  record Metadata(Npdm npdm) implements IntakeFile {}

  /** Reads {@code path} as whichever supported format its magic says. */
  static IntakeFile open(Path path) throws IntakeException {
    String source = path.toString();
    byte[] bytes = InputFiles.read(path);
    if (NroReader.hasMagic(bytes)) {
      // Read as an NRO rather than through Images, to keep the asset section.
      NroFile nro = NroReader.read(source, bytes);
      return new Executable(nro.image(), nro.assets());
    }
    if (Images.isImage(bytes)) {
      return new Executable(Images.read(source, bytes), Optional.empty());
    }
    if (Pfs0.hasMagic(bytes)) {
      return new Container(Pfs0.read(source, bytes));
    }
    if (Npdm.hasMagic(bytes)) {
      return new Metadata(Npdm.read(source, bytes));
    }
    throw new IntakeException(
        source
            + ": unrecognized format: expected ELF (\\x7fELF at 0x0), NRO (NRO0 at 0x10),"
            + " NSO (NSO0 at 0x0), PFS0/NSP (PFS0 at 0x0) or NPDM (META at 0x0)");
  }
}
