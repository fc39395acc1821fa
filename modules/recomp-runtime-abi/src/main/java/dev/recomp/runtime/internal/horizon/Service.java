package dev.recomp.runtime.internal.horizon;

/** A service reachable through a session: answers CMIF requests. */
public interface Service {
  /** The service name ("sm:", "fsp-srv", ...). */
  String name();

  /** The pointer (receive-static) buffer the server has, as the QueryPointerBufferSize control. */
  default int pointerBufferSize() {
    return 0;
  }

  /** Whether the runtime implements the service (an unimplemented one answers every command). */
  default boolean implemented() {
    return true;
  }

  /**
   * Answers one request. Commands the service does not know return {@link
   * Results#CMIF_UNKNOWN_COMMAND}.
   */
  Ipc.Reply handle(Ipc.Request request, Sessions sessions);

  /** What a service needs from the kernel: opening sessions to other services. */
  interface Sessions {
    /** A new client-session handle to the service called {@code name}. */
    int open(String name);
  }
}
