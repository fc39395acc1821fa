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

  synchronized void release() {
    if (--users == 0) {
      memory.close();
    }
  }
}
