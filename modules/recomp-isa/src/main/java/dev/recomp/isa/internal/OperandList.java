package dev.recomp.isa.internal;

import dev.recomp.isa.Operand;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The operand list of one decoded instruction: filled by the operand kinds of a row, then frozen
 * and immutable. One array, no copies, since decoding is the hot path of every later stage.
 */
public final class OperandList extends AbstractList<Operand> implements RandomAccess {
  private final Operand[] operands;
  private int size;
  private boolean frozen;

  OperandList(int capacity) {
    this.operands = new Operand[capacity];
  }

  @Override
  public boolean add(Operand operand) {
    if (frozen) {
      throw new UnsupportedOperationException("decoded operands are immutable");
    }
    operands[size++] = operand;
    return true;
  }

  OperandList freeze() {
    frozen = true;
    return this;
  }

  /** Whether the list can no longer change. */
  public boolean frozen() {
    return frozen;
  }

  @Override
  public Operand get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    return operands[index];
  }

  @Override
  public int size() {
    return size;
  }
}
