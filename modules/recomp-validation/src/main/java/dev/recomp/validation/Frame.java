package dev.recomp.validation;

import dev.recomp.manifest.Sha256;
import java.nio.ByteBuffer;

/**
 * One captured video frame as 8-bit RGB pixels.
 *
 * @param name the frame's file name in the capture ({@code frames/000003.png} -> {@code
 *     000003.png})
 * @param width width in pixels
 * @param height height in pixels
 * @param rgb {@code width * height} pixels, row-major, {@code 0xRRGGBB}
 * @param sha256 digest of the pixels (not of the PNG file, whose encoding may differ)
 */
public record Frame(String name, int width, int height, int[] rgb, String sha256) {
  /** A frame of {@code rgb} pixels; computes its digest. */
  public static Frame of(String name, int width, int height, int[] rgb) {
    if (width <= 0 || height <= 0 || rgb.length != width * height) {
      throw new IllegalArgumentException(
          name + ": " + rgb.length + " pixels for " + width + "x" + height);
    }
    ByteBuffer bytes = ByteBuffer.allocate(8 + rgb.length * 3);
    bytes.putInt(width).putInt(height);
    for (int p : rgb) {
      bytes.put((byte) (p >>> 16)).put((byte) (p >>> 8)).put((byte) p);
    }
    return new Frame(name, width, height, rgb.clone(), Sha256.of(bytes.array()));
  }

  /** The pixel at ({@code x}, {@code y}) as {@code 0xRRGGBB}. */
  public int pixel(int x, int y) {
    return rgb[y * width + x] & 0xFFFFFF;
  }
}
