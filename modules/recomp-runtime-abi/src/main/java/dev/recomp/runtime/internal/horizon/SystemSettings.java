package dev.recomp.runtime.internal.horizon;

import java.nio.charset.StandardCharsets;

/**
 * "set:sys" (switchbrew "Settings services"): commands 3 GetFirmwareVersion and 4
 * GetFirmwareVersion2, which fill a 0x100-byte SetSysFirmwareVersion in the client's receive
 * buffer: major, minor, micro, padding, revision major and minor, padding, then the platform,
 * version hash, display version and display title strings. The personality reports itself as
 * firmware 9.1.0, a version whose sm still speaks CMIF (libnx switches sm to TIPC from 12.0.0).
 */
final class SystemSettings implements Service {
  static final String NAME = "set:sys";

  static final int MAJOR = 9;
  static final int MINOR = 1;
  static final int MICRO = 0;

  private static final int SIZE = 0x100;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Ipc.Reply handle(Ipc.Request request, Context context) {
    return switch (request.command()) {
      case 3, 4 -> firmwareVersion(request, context);
      default -> Ipc.Reply.of(Results.CMIF_UNKNOWN_COMMAND);
    };
  }

  private static Ipc.Reply firmwareVersion(Ipc.Request request, Context context) {
    byte[] version = new byte[SIZE];
    version[0] = MAJOR;
    version[1] = MINOR;
    version[2] = MICRO;
    put(version, 0x08, "NX");
    put(version, 0x68, MAJOR + "." + MINOR + "." + MICRO);
    put(version, 0x80, "NintendoSDK Firmware for NX " + MAJOR + "." + MINOR + "." + MICRO);
    if (request.receive().isEmpty() || !context.copyOut(request.receive().getFirst(), version)) {
      return Ipc.Reply.of(Results.CMIF_INVALID_HEADER);
    }
    return Ipc.Reply.of(Results.SUCCESS);
  }

  private static void put(byte[] into, int at, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, into, at, bytes.length);
  }
}
