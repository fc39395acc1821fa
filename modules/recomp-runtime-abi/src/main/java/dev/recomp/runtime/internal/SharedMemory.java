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

  void release() {
    synchronized (this) {
      if (--users != 0) {
        return;
      }
    }
    try {
      memory.close();
    } catch (IllegalStateException e) {
      // A thread of a process killed from outside was still inside an access; the mapping then
      // goes when the JVM does. The process is over either way.
    }
  }
}
