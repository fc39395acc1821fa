/**
 * The contract recompiled code runs against: CpuState, GuestMemory, loader, OS personalities,
 * dispatch, tracing.
 */
package dev.recomp.runtime;
