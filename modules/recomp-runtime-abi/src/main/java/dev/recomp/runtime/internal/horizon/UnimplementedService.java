package dev.recomp.runtime.internal.horizon;

/**
 * A service the runtime does not implement: the session opens, and every command answers {@code
 * result}, which the IPC trace records.
 */
record UnimplementedService(String name, int result) implements Service {
  @Override
  public boolean implemented() {
    return false;
  }

  @Override
  public Ipc.Reply handle(Ipc.Request request, Context context) {
    return Ipc.Reply.of(result);
  }
}
