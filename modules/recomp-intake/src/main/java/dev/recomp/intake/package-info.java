/**
 * Binary formats into GuestImage: ELF64, NRO, NSO, NPDM, PFS0/NSP; provenance and the hashed title
 * registry.
 */
package dev.recomp.intake;
