package dev.recomp.core;

import java.nio.file.Path;

/**
 * What {@link Recomp#compile} produced.
 *
 * @param jar the runnable jar
 * @param functions functions compiled
 * @param instructions guest instructions lifted
 * @param unsupportedEncodings distinct encodings left as traps (lift/unsupported.json's list)
 * @param irDigest SHA-256 of the lifted IR, as in lift/module.json
 */
public record Compiled(
    Path jar, int functions, long instructions, int unsupportedEncodings, String irDigest) {}
