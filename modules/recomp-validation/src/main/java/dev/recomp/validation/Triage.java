package dev.recomp.validation;

/**
 * Why a check most likely failed.
 *
 * @param category the triage category
 * @param reason which rule chose the category, in one line
 * @param evidence what the check saw, with the first divergent PC when a trace or fault names one
 */
public record Triage(Category category, String reason, Evidence evidence) {}
