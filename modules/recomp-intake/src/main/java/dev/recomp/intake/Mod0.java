package dev.recomp.intake;

/**
 * The Switch module header (MOD0) of an NRO or NSO. All fields are offsets from the image base (the
 * magic-relative values in the file already resolved).
 *
 * @param headerOffset where the MOD0 header itself is
 * @param dynamicOffset the dynamic section
 * @param bssStart start of bss
 * @param bssEnd end of bss
 * @param ehFrameHdrStart start of .eh_frame_hdr
 * @param ehFrameHdrEnd end of .eh_frame_hdr
 * @param moduleObjectOffset the runtime's module object
 */
public record Mod0(
    long headerOffset,
    long dynamicOffset,
    long bssStart,
    long bssEnd,
    long ehFrameHdrStart,
    long ehFrameHdrEnd,
    long moduleObjectOffset) {}
