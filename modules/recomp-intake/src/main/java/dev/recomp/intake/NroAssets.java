package dev.recomp.intake;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * The homebrew asset section after an NRO's end ("ASET"): the launcher icon, the control.nacp and
 * an embedded RomFS.
 *
 * @param icon the icon (a JPEG), a read-only view
 * @param nacp the parsed control.nacp
 * @param romfs the listing of the embedded RomFS (file offsets relative to the RomFS start)
 */
public record NroAssets(Optional<MemorySegment> icon, Optional<Nacp> nacp, Optional<RomFs> romfs) {}
