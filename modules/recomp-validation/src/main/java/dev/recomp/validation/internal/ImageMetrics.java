package dev.recomp.validation.internal;

import dev.recomp.validation.Frame;

/**
 * Frame similarity computed by our own code: SSIM on luma over 8x8 windows (stride 4) with the
 * usual constants, PSNR over the RGB channels, and a per-pixel difference map.
 */
public final class ImageMetrics {
  /** PSNR given to identical frames, whose true PSNR is infinite. */
  public static final double PSNR_IDENTICAL_DB = 100.0;

  private static final int WINDOW = 8;
  private static final int STRIDE = 4;
  private static final double C1 = (0.01 * 255) * (0.01 * 255);
  private static final double C2 = (0.03 * 255) * (0.03 * 255);

  private ImageMetrics() {}

  /** Mean SSIM of two equally sized frames, in [-1, 1]; 1 for identical frames. */
  public static double ssim(Frame a, Frame b) {
    requireSameSize(a, b);
    double[] ya = luma(a);
    double[] yb = luma(b);
    int w = a.width();
    int h = a.height();
    int ww = Math.min(WINDOW, w);
    int wh = Math.min(WINDOW, h);
    double sum = 0;
    int windows = 0;
    for (int y0 = 0; y0 + wh <= h; y0 = next(y0, wh, h)) {
      for (int x0 = 0; x0 + ww <= w; x0 = next(x0, ww, w)) {
        sum += windowSsim(ya, yb, w, x0, y0, ww, wh);
        windows++;
      }
    }
    return sum / windows;
  }

  // Steps by STRIDE but always visits the last window flush with the edge, then stops.
  private static int next(int at, int size, int limit) {
    int last = limit - size;
    if (at == last) {
      return limit;
    }
    return Math.min(at + STRIDE, last);
  }

  private static double windowSsim(
      double[] a, double[] b, int stride, int x0, int y0, int ww, int wh) {
    double n = (double) ww * wh;
    double ma = 0;
    double mb = 0;
    for (int y = y0; y < y0 + wh; y++) {
      for (int x = x0; x < x0 + ww; x++) {
        ma += a[y * stride + x];
        mb += b[y * stride + x];
      }
    }
    ma /= n;
    mb /= n;
    double va = 0;
    double vb = 0;
    double cov = 0;
    for (int y = y0; y < y0 + wh; y++) {
      for (int x = x0; x < x0 + ww; x++) {
        double da = a[y * stride + x] - ma;
        double db = b[y * stride + x] - mb;
        va += da * da;
        vb += db * db;
        cov += da * db;
      }
    }
    double d = n > 1 ? n - 1 : 1;
    va /= d;
    vb /= d;
    cov /= d;
    return ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
  }

  /** PSNR in dB over the RGB channels; {@link #PSNR_IDENTICAL_DB} for identical frames. */
  public static double psnr(Frame a, Frame b) {
    requireSameSize(a, b);
    long sq = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      int pa = a.rgb()[i];
      int pb = b.rgb()[i];
      for (int shift = 0; shift <= 16; shift += 8) {
        int d = ((pa >>> shift) & 0xFF) - ((pb >>> shift) & 0xFF);
        sq += (long) d * d;
      }
    }
    if (sq == 0) {
      return PSNR_IDENTICAL_DB;
    }
    double mse = sq / (3.0 * a.rgb().length);
    return Math.min(PSNR_IDENTICAL_DB, 10 * StrictMath.log10(255.0 * 255.0 / mse));
  }

  /** Per-pixel difference: the largest channel difference, 0..255. */
  public static int[] difference(Frame a, Frame b) {
    requireSameSize(a, b);
    int[] out = new int[a.rgb().length];
    for (int i = 0; i < out.length; i++) {
      int pa = a.rgb()[i];
      int pb = b.rgb()[i];
      int m = 0;
      for (int shift = 0; shift <= 16; shift += 8) {
        m = Math.max(m, Math.abs(((pa >>> shift) & 0xFF) - ((pb >>> shift) & 0xFF)));
      }
      out[i] = m;
    }
    return out;
  }

  /** Mean luma over an 8x8 grid: a thumbnail that survives small pixel noise. */
  public static double[] thumbnail(Frame f) {
    double[] y = luma(f);
    double[] t = new double[64];
    int[] n = new int[64];
    for (int py = 0; py < f.height(); py++) {
      for (int px = 0; px < f.width(); px++) {
        int cell = (py * 8 / f.height()) * 8 + (px * 8 / f.width());
        t[cell] += y[py * f.width() + px];
        n[cell]++;
      }
    }
    for (int i = 0; i < 64; i++) {
      t[i] = n[i] == 0 ? 0 : t[i] / n[i];
    }
    return t;
  }

  private static double[] luma(Frame f) {
    double[] y = new double[f.rgb().length];
    for (int i = 0; i < y.length; i++) {
      int p = f.rgb()[i];
      y[i] = 0.299 * ((p >>> 16) & 0xFF) + 0.587 * ((p >>> 8) & 0xFF) + 0.114 * (p & 0xFF);
    }
    return y;
  }

  private static void requireSameSize(Frame a, Frame b) {
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new IllegalArgumentException("frames differ in size");
    }
  }
}
