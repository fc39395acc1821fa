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
  Ipc.Reply handle(Ipc.Request request, Context context);

  /** What a service needs from the kernel. */
  interface Context {
    /** A new client-session handle to the service called {@code name}. */
    int open(String name);

    /**
     * Copies {@code bytes} into the client's receive (C) buffer, as the kernel copies a server's
     * pointer-buffer output; false when the buffer is too small or not writable.
     */
    boolean copyOut(Ipc.Buffer buffer, byte[] bytes);
  }
}
