package io.goalrank.data;

/** Which part of the protocol a request belongs to. Test is touched only for final reports. */
public enum Split {
  TRAIN,
  VALID,
  TEST;

  public byte code() {
    return (byte) ordinal();
  }

  public static Split ofCode(byte code) {
    return values()[code];
  }
}
