/**
 * Implementations of the IR's named helpers ({@link dev.recomp.lift.Helper}), called by the IR
 * interpreter and by generated code alike.
 */
package dev.recomp.lift.internal.helpers;
