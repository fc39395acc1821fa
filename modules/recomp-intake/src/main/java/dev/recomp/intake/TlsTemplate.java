package dev.recomp.intake;

/**
 * The thread-local storage initialization image (PT_TLS): {@code fileSize} bytes at {@code address}
 * followed by {@code memSize - fileSize} zero bytes, aligned to {@code alignment}.
 */
public record TlsTemplate(long address, long fileSize, long memSize, long alignment) {}
