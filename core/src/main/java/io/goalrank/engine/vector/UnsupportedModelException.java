package io.goalrank.engine.vector;

/** A checkpoint the Java engine cannot run exactly; the message names what it does not support. */
public final class UnsupportedModelException extends IllegalArgumentException {
  public UnsupportedModelException(String message) {
    super(message);
  }
}
