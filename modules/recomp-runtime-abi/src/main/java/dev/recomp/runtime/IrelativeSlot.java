package dev.recomp.runtime;

/**
 * An R_AARCH64_IRELATIVE relocation after load-bias adjustment: the guest's start-up code (glibc
 * {@code apply_irel} / {@code _dl_relocate_static_pie}) calls {@code resolver} and stores its
 * result at {@code slot}. The loader does not run resolvers itself, as the Linux kernel does not;
 * the list tells the lifter which functions are resolvers and which slots hold function pointers.
 *
 * @param slot the address that receives the resolved function pointer
 * @param resolver the resolver function's address
 */
public record IrelativeSlot(long slot, long resolver) {}
