package dev.recomp.intake;

import java.util.Optional;

/**
 * An NRO as read: its executable image and, when present, its asset section.
 *
 * @param image the executable image
 * @param assets the asset section, if the file has one
 */
public record NroFile(GuestImage image, Optional<NroAssets> assets) {}
