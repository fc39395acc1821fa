package dev.recomp.runtime.internal.horizon;

/**
 * Horizon result codes: {@code module | description << 9}, 0 for success. Kernel results are module
 * 1 (descriptions as switchbrew "Error codes" lists them), sm is module 21, the service framework
 * (CMIF) module 10.
 */
public final class Results {
  private Results() {}

  public static final int SUCCESS = 0;

  public static final int INVALID_SIZE = kernel(101);
  public static final int INVALID_ADDRESS = kernel(102);
  public static final int OUT_OF_RESOURCE = kernel(103);
  public static final int OUT_OF_MEMORY = kernel(104);
  public static final int INVALID_CURRENT_MEMORY = kernel(106);
  public static final int INVALID_MEMORY_REGION = kernel(110);
  public static final int INVALID_PRIORITY = kernel(112);
  public static final int INVALID_CORE_ID = kernel(113);
  public static final int INVALID_HANDLE = kernel(114);
  public static final int INVALID_POINTER = kernel(115);
  public static final int INVALID_COMBINATION = kernel(116);
  public static final int TIMED_OUT = kernel(117);
  public static final int OUT_OF_RANGE = kernel(119);
  public static final int INVALID_ENUM_VALUE = kernel(120);
  public static final int NOT_FOUND = kernel(121);
  public static final int INVALID_STATE = kernel(125);

  /** sm: the service is not registered. */
  public static final int SM_NOT_REGISTERED = make(21, 7);

  /** sm: the session has not sent RegisterClient yet. */
  public static final int SM_INVALID_CLIENT = make(21, 2);

  /** sm: the name is not a valid service name. */
  public static final int SM_INVALID_SERVICE_NAME = make(21, 6);

  /** sf (CMIF): the command id is not one the object implements. */
  public static final int CMIF_UNKNOWN_COMMAND = make(10, 221);

  /** sf (CMIF): the request did not start with the "SFCI" magic. */
  public static final int CMIF_INVALID_HEADER = make(10, 202);

  /** A result from {@code module} and {@code description}. */
  public static int make(int module, int description) {
    return module | (description << 9);
  }

  private static int kernel(int description) {
    return make(1, description);
  }
}
