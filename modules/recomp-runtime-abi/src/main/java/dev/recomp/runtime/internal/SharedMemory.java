package dev.recomp.runtime.internal;

import dev.recomp.runtime.GuestMemory;

/**
 * An address space and how many processes use it: a vfork child (clone with CLONE_VM) shares its
 * parent's until it execs or exits, and the last user gives it back to the host.
 */
final class SharedMemory {
  final GuestMemory memory;
  private int users = 1;

  SharedMemory(GuestMemory memory) {
    this.memory = memory;
  }

  synchronized SharedMemory share() {
    users++;
    return this;
  }

  /**
   * One user is done with the address space; the last one gives it back.
   *
   * @param threadsRemain whether threads of the releasing process may still run guest code (then
   *     the reservation is retired rather than reused, see {@link GuestMemory#release})
   */
  void release(boolean threadsRemain) {
    synchronized (this) {
      if (--users != 0) {
        return;
      }
    }
    try {
      memory.release(threadsRemain);
    } catch (IllegalStateException e) {
      // A thread of a process killed from outside was still inside an access; the mapping then
      // goes when the JVM does. The process is over either way.
    }
  }
}
