package dev.recomp.runtime.internal.horizon;

import dev.recomp.runtime.GuestMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The CMIF message layout in a thread's IPC buffer (the first 0x100 bytes of its thread-local
 * region), per switchbrew "IPC Marshalling": a two-word header (type and descriptor counts; raw
 * data size in words and the handle-descriptor flag), an optional handle descriptor (send-PID flag,
 * copy and move handle counts), buffer descriptors, then raw data aligned to 16 bytes that starts
 * with "SFCI" (request) or "SFCO" (response), a version word, the command id or result, and a
 * token.
 */
public final class Ipc {
  /** Size of the IPC buffer. */
  public static final int BUFFER_SIZE = 0x100;

  /** Message types (header word 0, bits 0-15). */
  public static final int TYPE_CLOSE = 2;

  public static final int TYPE_REQUEST = 4;
  public static final int TYPE_CONTROL = 5;
  public static final int TYPE_REQUEST_WITH_CONTEXT = 6;
  public static final int TYPE_CONTROL_WITH_CONTEXT = 7;

  /** "SFCI" and "SFCO" as little-endian words. */
  public static final int SFCI = 0x49434653;

  public static final int SFCO = 0x4f434653;

  private Ipc() {}

  /**
   * A request as the service sees it.
   *
   * @param type the message type
   * @param command the command id (-1 for a Close message, or when the SFCI magic was missing)
   * @param data the parameters after the 16-byte SFCI header
   * @param pid whether the sender asked the kernel to send its process id
   * @param receive the receive-list (C descriptor) buffers for pointer outputs
   */
  public record Request(int type, int command, byte[] data, boolean pid, List<Buffer> receive) {
    /** Makes the list unmodifiable. */
    public Request {
      receive = List.copyOf(receive);
    }

    /** Parameter bytes as a little-endian buffer. */
    public ByteBuffer params() {
      return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  /** A client buffer named by a descriptor. */
  public record Buffer(long address, long size) {}

  /**
   * A service's answer.
   *
   * @param result the result code placed in the SFCO header
   * @param data output parameters after the header
   * @param moveHandles handles moved to the client
   */
  public record Reply(int result, byte[] data, int[] moveHandles) {
    /** A reply carrying only a result. */
    public static Reply of(int result) {
      return new Reply(result, new byte[0], new int[0]);
    }
  }

  /** Reads the request in the IPC buffer at {@code buffer}. */
  public static Request read(GuestMemory memory, long buffer) {
    long w0 = memory.load32(buffer);
    long w1 = memory.load32(buffer + 4);
    int type = (int) (w0 & 0xffff);
    if (type == TYPE_CLOSE) {
      return new Request(type, -1, new byte[0], false, List.of());
    }
    int statics = (int) ((w0 >>> 16) & 0xf);
    int buffers = (int) (((w0 >>> 20) & 0xf) + ((w0 >>> 24) & 0xf) + ((w0 >>> 28) & 0xf));
    int rawWords = (int) (w1 & 0x3ff);
    long at = buffer + 8;
    boolean pid = false;
    if ((w1 & 0x8000_0000L) != 0) {
      long descriptor = memory.load32(at);
      at += 4;
      pid = (descriptor & 1) != 0;
      at += (pid ? 8 : 0) + 4 * (((descriptor >>> 1) & 0xf) + ((descriptor >>> 5) & 0xf));
    }
    at += 8L * statics + 12L * buffers;
    long raw = (at + 15) & ~15L;
    long end = Math.min(buffer + BUFFER_SIZE, at + 4L * rawWords);
    List<Buffer> receive = receiveList(memory, buffer, end, (int) ((w1 >>> 10) & 0xf));
    if (raw + 16 > end || memory.load32(raw) != SFCI) {
      return new Request(type, -1, new byte[0], pid, receive);
    }
    int command = (int) memory.load32(raw + 8);
    byte[] data = memory.read(raw + 16, (int) (end - raw - 16));
    return new Request(type, command, data, pid, receive);
  }

  /**
   * The receive list after the raw data: C-descriptor flags 0 and 1 mean none, 2 one entry, n > 2 n
   * - 2 entries; each entry is the address's low 32 bits, then its high 16 bits and the size.
   */
  private static List<Buffer> receiveList(GuestMemory memory, long buffer, long at, int flags) {
    List<Buffer> list = new ArrayList<>();
    int count = flags < 2 ? 0 : flags == 2 ? 1 : flags - 2;
    for (int i = 0; i < count && at + 8 <= buffer + BUFFER_SIZE; i++, at += 8) {
      long low = memory.load32(at);
      long word = memory.load32(at + 4);
      list.add(new Buffer(low | (word & 0xffff) << 32, word >>> 16));
    }
    return list;
  }

  /** Writes {@code reply} into the IPC buffer at {@code buffer} as a CMIF response. */
  public static void write(GuestMemory memory, long buffer, Reply reply) {
    int handles = reply.moveHandles().length;
    long at = buffer + 8;
    if (handles > 0) {
      memory.store32(at, (long) handles << 5);
      at += 4;
      for (int h : reply.moveHandles()) {
        memory.store32(at, h);
        at += 4;
      }
    }
    long raw = (at + 15) & ~15L;
    int rawBytes = (int) (raw - at) + 16 + reply.data().length;
    memory.store32(buffer, 0);
    memory.store32(buffer + 4, ((rawBytes + 3) / 4) | (handles > 0 ? 0x8000_0000L : 0));
    memory.store32(raw, SFCO);
    memory.store32(raw + 4, 0);
    memory.store32(raw + 8, reply.result());
    memory.store32(raw + 12, 0);
    memory.write(raw + 16, reply.data());
  }
}
