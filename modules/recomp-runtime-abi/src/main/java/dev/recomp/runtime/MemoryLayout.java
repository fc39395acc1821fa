package dev.recomp.runtime;

/**
 * Where the loader put things in the guest address space. All addresses are guest addresses.
 *
 * @param loadBias what was added to the image's link addresses (0 for ET_EXEC)
 * @param imageStart lowest mapped image address
 * @param imageEnd first address after the highest segment (bss included)
 * @param brkStart initial program break: {@code imageEnd} rounded up to a page
 * @param brkLimit the break cannot grow past this
 * @param mmapLow the mmap area's lowest address ({@code brkLimit})
 * @param mmapTop the mmap area's top; regions are placed top-down below it
 * @param stackLow lowest address of the stack mapping
 * @param stackTop first address above the stack mapping
 * @param entry the entry point address
 */
public record MemoryLayout(
    long loadBias,
    long imageStart,
    long imageEnd,
    long brkStart,
    long brkLimit,
    long mmapLow,
    long mmapTop,
    long stackLow,
    long stackTop,
    long entry) {}
