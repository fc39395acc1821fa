package dev.recomp.runtime.internal.horizon;

import java.nio.charset.StandardCharsets;

/**
 * "sm:", the service manager behind the named port of that name (switchbrew "Services API"), one
 * instance per session: command 0 RegisterClient (Initialize) and 1 GetServiceHandle, which opens a
 * session to the named service. Before RegisterClient every GetServiceHandle answers InvalidClient
 * (libnx probes with an empty name to learn whether it must register). Service names are up to 8
 * bytes, NUL-padded, passed as a u64.
 */
final class ServiceManager implements Service {
  static final String NAME = "sm:";

  private boolean registered;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Ipc.Reply handle(Ipc.Request request, Context context) {
    return switch (request.command()) {
      case 0 -> {
        registered = true;
        yield Ipc.Reply.of(Results.SUCCESS);
      }
      case 1 -> registered ? getService(request, context) : Ipc.Reply.of(Results.SM_INVALID_CLIENT);
      default -> Ipc.Reply.of(Results.CMIF_UNKNOWN_COMMAND);
    };
  }

  private static Ipc.Reply getService(Ipc.Request request, Context context) {
    if (request.data().length < 8) {
      return Ipc.Reply.of(Results.SM_INVALID_SERVICE_NAME);
    }
    String name = serviceName(request.params().getLong(0));
    if (name.isEmpty()) {
      return Ipc.Reply.of(Results.SM_INVALID_SERVICE_NAME);
    }
    return new Ipc.Reply(Results.SUCCESS, new byte[0], new int[] {context.open(name)});
  }

  /** The name in a NUL-padded little-endian u64; empty when a NUL precedes a non-NUL byte. */
  static String serviceName(long packed) {
    byte[] bytes = new byte[8];
    int length = 8;
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (packed >>> (8 * i));
      if (bytes[i] == 0 && length == 8) {
        length = i;
      } else if (bytes[i] != 0 && length < 8) {
        return "";
      }
    }
    return new String(bytes, 0, length, StandardCharsets.US_ASCII);
  }
}
