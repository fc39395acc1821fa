package dev.recomp.runtime.internal;

/**
 * A JVM thread copying bytes between a host process and a guest file. It is not a guest thread: its
 * waits on a guest pipe never count towards a deadlock, because the host process feeds it.
 */
final class HostPump extends Thread {
  HostPump(String name, Runnable body) {
    super(body, name);
    setDaemon(true);
  }
}
