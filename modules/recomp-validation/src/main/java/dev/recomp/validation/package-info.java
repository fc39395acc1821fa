/** Compares captures with references and writes validation reports. */
package dev.recomp.validation;
