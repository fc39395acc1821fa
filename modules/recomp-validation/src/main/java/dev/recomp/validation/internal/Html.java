package dev.recomp.validation.internal;

/** HTML text escaping. */
public final class Html {
  private Html() {}

  /** {@code s} escaped for element content and double-quoted attribute values. */
  public static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** The shared style sheet of recomp's static reports. */
  public static final String STYLE =
      """
      body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d1d1f;background:#fff}
      h1{font-size:22px;margin:0 0 8px} h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}
      table{border-collapse:collapse;margin:6px 0} td,th{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}
      th{background:#f2f2f2} code,pre{font:12px ui-monospace,monospace}
      pre{background:#f7f7f7;padding:8px;overflow:auto;max-height:420px;border:1px solid #ddd}
      .verdict{display:inline-block;padding:4px 14px;border-radius:4px;color:#fff;font-weight:700;font-size:18px}
      .pass{background:#1a7f37} .fail{background:#cf222e} .needs_review{background:#bf8700} .skipped{background:#8c959f}
      .st{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}
      .add{background:#e6ffec} .del{background:#ffebe9} .ctx{color:#57606a}
      .frames td{text-align:center} .frames img{width:192px;image-rendering:pixelated;border:1px solid #999}
      .bar{height:14px;background:#0969da;min-width:2px} .bar.hit{background:#8c959f} .bar.failed{background:#cf222e}
      """;
}
