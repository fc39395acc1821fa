package dev.recomp.runtime;

import static dev.recomp.runtime.HorizonProcessTest.svc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Threads on the cooperative scheduler (Java lambdas stand in for guest code: each guest thread
 * runs the entry with its own registers), mutex arbitration, and the sm: IPC exchange in the
 * thread's IPC buffer with CMIF layout as switchbrew documents it.
 */
class HorizonThreadsAndIpcTest {
  static final int CREATE_THREAD = 0x08;
  static final int START_THREAD = 0x09;
  static final int EXIT_THREAD = 0x0a;
  static final int SLEEP_THREAD = 0x0b;
  static final int CLOSE_HANDLE = 0x16;
  static final int WAIT_SYNCHRONIZATION = 0x18;
  static final int ARBITRATE_LOCK = 0x1a;
  static final int ARBITRATE_UNLOCK = 0x1b;
  static final int CONNECT_TO_NAMED_PORT = 0x1f;
  static final int SEND_SYNC_REQUEST = 0x21;
  static final long HEAP = HorizonLoader.HEAP_REGION;
  static final long THREAD_ENTRY = 0x0800_1000L;

  HorizonProcess load(HorizonConfig.Builder config) throws Exception {
    HorizonProcess p =
        HorizonLoader.load(
            HorizonProcessTest.demo("nro"),
            config
                .diagnostics(
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .build(),
            "demo.nro");
    svc(p, 0x01, 0, 0x20_0000);
    return p;
  }

  static long call(CpuState cpu, HorizonProcess p, int number, long... args) {
    for (int i = 0; i < args.length; i++) {
      cpu.x[i] = args[i];
    }
    p.supervisorCall(cpu, number);
    return cpu.x[0];
  }

  @Test
  void threadsRunWhenTheCurrentOneWaitsAndWakeItWhenTheyExit() throws Exception {
    List<String> events = new ArrayList<>();
    try (HorizonProcess p = load(HorizonConfig.builder().traceSvcs(true))) {
      Termination end =
          p.run(
              cpu -> {
                if (cpu.pc == THREAD_ENTRY) {
                  events.add("thread arg " + cpu.x[0] + " tls " + (cpu.tpidrroEl0 != 0));
                  call(cpu, p, EXIT_THREAD);
                }
                assertEquals(
                    0, call(cpu, p, CREATE_THREAD, 0, THREAD_ENTRY, 42, HEAP + 0x8000, 44, -2));
                long handle = cpu.x[1];
                assertEquals(0, call(cpu, p, START_THREAD, handle));
                events.add("main started it");
                p.memory().store32(HEAP, handle);
                assertEquals(0, call(cpu, p, WAIT_SYNCHRONIZATION, 0, HEAP, 1, -1));
                events.add("main woke, index " + cpu.x[1]);
                assertEquals(0, call(cpu, p, WAIT_SYNCHRONIZATION, 0, HEAP, 1, 0), "signaled");
                assertEquals(0, call(cpu, p, CLOSE_HANDLE, handle));
                assertEquals(0xe401, call(cpu, p, START_THREAD, handle), "closed");
                call(cpu, p, 0x07);
              });
      assertEquals(Termination.Kind.EXITED, end.kind(), end.message());
      assertEquals(
          List.of("main started it", "thread arg 42 tls true", "main woke, index 0"), events);
    }
  }

  @Test
  void arbitrateLockWaitsForTheOwnerAndUnlockHandsTheMutexOver() throws Exception {
    List<String> events = new ArrayList<>();
    long mutex = HEAP + 0x100;
    try (HorizonProcess p = load(HorizonConfig.builder())) {
      long mainHandle = p.memory().load64(HorizonLoader.LOADER_REGION + 8);
      Termination end =
          p.run(
              cpu -> {
                if (cpu.pc == THREAD_ENTRY) {
                  long self = p.memory().load32(HEAP + 0x200);
                  p.memory().store32(mutex, mainHandle | 0x4000_0000L);
                  events.add("waiter locks");
                  assertEquals(0, call(cpu, p, ARBITRATE_LOCK, mainHandle, mutex, self));
                  events.add("waiter owns " + (p.memory().load32(mutex) == self));
                  call(cpu, p, EXIT_THREAD);
                }
                p.memory().store32(mutex, mainHandle);
                call(cpu, p, CREATE_THREAD, 0, THREAD_ENTRY, 0, HEAP + 0x8000, 44, -2);
                long thread = cpu.x[1];
                // The thread locks with its own handle as the tag.
                p.memory().store32(HEAP + 0x200, thread);
                call(cpu, p, CREATE_THREAD, 0, 0, 0, 0, 99, -2);
                assertEquals(0xe001, cpu.x[0], "InvalidPriority");
                call(cpu, p, CREATE_THREAD, 0, 0, 0, 0, 44, 7);
                assertEquals(0xe201, cpu.x[0], "InvalidCoreId");
                p.memory().store32(HEAP, thread);
                call(cpu, p, START_THREAD, thread);
                call(cpu, p, SLEEP_THREAD, 0);
                events.add("owner unlocks");
                assertEquals(0xcc01, call(cpu, p, ARBITRATE_UNLOCK, mutex + 1), "unaligned");
                assertEquals(0, call(cpu, p, ARBITRATE_UNLOCK, mutex));
                call(cpu, p, WAIT_SYNCHRONIZATION, 0, HEAP, 1, -1);
                call(cpu, p, 0x07);
              });
      assertEquals(Termination.Kind.EXITED, end.kind(), end.message());
      assertEquals(List.of("waiter locks", "owner unlocks", "waiter owns true"), events);
    }
  }

  @Test
  void aWaitNothingCanEndIsADeadlockAndATimeoutEndsIt() throws Exception {
    try (HorizonProcess p = load(HorizonConfig.builder())) {
      Termination end =
          p.run(
              cpu -> {
                call(cpu, p, CREATE_THREAD, 0, THREAD_ENTRY, 0, HEAP + 0x8000, 44, -2);
                p.memory().store32(HEAP, cpu.x[1]);
                assertEquals(0xea01, call(cpu, p, WAIT_SYNCHRONIZATION, 0, HEAP, 1, 1_000));
                assertEquals(0xea01, call(cpu, p, WAIT_SYNCHRONIZATION, 0, HEAP, 1, 0));
                assertEquals(0xee01, call(cpu, p, WAIT_SYNCHRONIZATION, 0, HEAP, 0x41, 0));
                p.memory().store32(HEAP + 4, 0x777);
                assertEquals(0xe401, call(cpu, p, WAIT_SYNCHRONIZATION, 0, HEAP + 4, 1, 0));
                call(cpu, p, WAIT_SYNCHRONIZATION, 0, HEAP, 1, -1);
              });
      assertEquals(Termination.Kind.DEADLOCK, end.kind());
      assertEquals(123, end.exitStatus());
    }
  }

  @Test
  void theLastThreadExitingEndsTheProcess() throws Exception {
    try (HorizonProcess p = load(HorizonConfig.builder())) {
      Termination end = p.run(cpu -> call(cpu, p, EXIT_THREAD));
      assertEquals(Termination.Kind.EXITED, end.kind());
    }
  }

  // ---- IPC ---------------------------------------------------------------------------------

  /** Writes a CMIF request with an optional PID descriptor and one u64 parameter. */
  static void request(GuestMemory m, long tls, int type, int command, long param, boolean pid) {
    m.store32(tls, type);
    m.store32(tls + 4, 10 | (pid ? 0x8000_0000L : 0));
    long at = tls + 8;
    if (pid) {
      m.store32(at, 1);
      at += 12;
    }
    long raw = (at + 15) & ~15L;
    m.store32(raw, 0x49434653);
    m.store32(raw + 4, 0);
    m.store32(raw + 8, command);
    m.store32(raw + 12, 0);
    m.store64(raw + 16, param);
  }

  /** The response's result code and its first moved handle (or -1). */
  static long[] response(GuestMemory m, long tls) {
    long w1 = m.load32(tls + 4);
    long at = tls + 8;
    long handle = -1;
    if ((w1 & 0x8000_0000L) != 0) {
      long descriptor = m.load32(at);
      at += 4;
      if (((descriptor >>> 5) & 15) > 0) {
        handle = m.load32(at);
      }
      at += 4 * (((descriptor >>> 1) & 15) + ((descriptor >>> 5) & 15));
    }
    long raw = (at + 15) & ~15L;
    assertEquals(0x4f434653, m.load32(raw), "SFCO");
    return new long[] {m.load32(raw + 8), handle};
  }

  static long name(String s) {
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      v |= (long) s.charAt(i) << (8 * i);
    }
    return v;
  }

  @Test
  void smRegistersClientsAndHandsOutSessionsThatRecordUnimplementedCommands() throws Exception {
    try (HorizonProcess p = load(HorizonConfig.builder())) {
      GuestMemory m = p.memory();
      long tls = p.mainThread().tpidrroEl0;
      m.write(HEAP + 0x40, "sm:\0".getBytes(StandardCharsets.US_ASCII));
      m.write(HEAP + 0x50, "nope\0".getBytes(StandardCharsets.US_ASCII));
      m.write(HEAP + 0x60, "abcdefghijkl\0".getBytes(StandardCharsets.US_ASCII));
      assertEquals(0xf201, svc(p, CONNECT_TO_NAMED_PORT, 0, HEAP + 0x50), "NotFound");
      assertEquals(0xee01, svc(p, CONNECT_TO_NAMED_PORT, 0, HEAP + 0x60), "name too long");
      assertEquals(0, svc(p, CONNECT_TO_NAMED_PORT, 0, HEAP + 0x40));
      long sm = p.mainThread().x[1];
      request(m, tls, 4, 1, name("fsp-srv"), false);
      assertEquals(0, svc(p, SEND_SYNC_REQUEST, sm));
      assertEquals(0x415, response(m, tls)[0], "InvalidClient before RegisterClient");
      request(m, tls, 4, 0, 0, true);
      svc(p, SEND_SYNC_REQUEST, sm);
      assertEquals(0, response(m, tls)[0]);
      request(m, tls, 5, 3, 0, false);
      svc(p, SEND_SYNC_REQUEST, sm);
      assertEquals(0, response(m, tls)[0], "QueryPointerBufferSize");
      request(m, tls, 4, 1, name("fsp-srv"), false);
      svc(p, SEND_SYNC_REQUEST, sm);
      long[] reply = response(m, tls);
      assertEquals(0, reply[0]);
      long fs = reply[1];
      request(m, tls, 4, 18, 0, false);
      assertEquals(0, svc(p, SEND_SYNC_REQUEST, fs));
      assertEquals(0x1ba0a, response(m, tls)[0], "unimplemented service: unknown command");
      request(m, tls, 4, 9, 0, false);
      svc(p, SEND_SYNC_REQUEST, sm);
      assertEquals(0x1ba0a, response(m, tls)[0], "unknown sm command");
      m.store32(tls, 2);
      assertEquals(0, svc(p, SEND_SYNC_REQUEST, fs), "Close");
      assertEquals(0xe401, svc(p, SEND_SYNC_REQUEST, fs), "closed session");
      List<String> trace =
          p.ipcTrace().stream()
              .map(
                  r ->
                      r.seq()
                          + " "
                          + r.service()
                          + " "
                          + r.type()
                          + "/"
                          + r.command()
                          + " 0x"
                          + Integer.toHexString(r.result())
                          + (r.implemented() ? "" : " unimplemented"))
              .toList();
      assertEquals(
          List.of(
              "0 sm: 4/1 0x415",
              "1 sm: 4/0 0x0",
              "2 sm: 5/3 0x0",
              "3 sm: 4/1 0x0",
              "4 fsp-srv 4/18 0x1ba0a unimplemented",
              "5 sm: 4/9 0x1ba0a",
              "6 fsp-srv 2/-1 0x0 unimplemented"),
          trace);
    }
  }

  @Test
  void setSysWritesTheFirmwareVersionIntoTheReceiveBuffer() throws Exception {
    try (HorizonProcess p = load(HorizonConfig.builder())) {
      GuestMemory m = p.memory();
      long tls = p.mainThread().tpidrroEl0;
      m.write(HEAP + 0x40, "sm:\0".getBytes(StandardCharsets.US_ASCII));
      svc(p, CONNECT_TO_NAMED_PORT, 0, HEAP + 0x40);
      long sm = p.mainThread().x[1];
      request(m, tls, 4, 0, 0, true);
      svc(p, SEND_SYNC_REQUEST, sm);
      request(m, tls, 4, 1, name("set:sys"), false);
      svc(p, SEND_SYNC_REQUEST, sm);
      long setsys = response(m, tls)[1];
      long out = HEAP + 0x1000;
      // GetFirmwareVersion with one receive-list entry (C flags 2) right after 10 raw words.
      request(m, tls, 4, 3, 0, false);
      m.store32(tls + 4, 10 | (2 << 10));
      m.store32(tls + 8 + 40, out);
      m.store32(tls + 8 + 44, (out >>> 32) | (0x100L << 16));
      assertEquals(0, svc(p, SEND_SYNC_REQUEST, setsys));
      assertEquals(0, response(m, tls)[0]);
      assertEquals(List.of(9L, 1L, 0L), List.of(m.load8(out), m.load8(out + 1), m.load8(out + 2)));
      assertEquals("9.1.0", new String(m.readCString(out + 0x68, 0x18), StandardCharsets.US_ASCII));
      request(m, tls, 4, 3, 0, false);
      svc(p, SEND_SYNC_REQUEST, setsys);
      assertEquals(0x1940a, response(m, tls)[0], "no receive buffer");
      assertTrue(p.ipcTrace().stream().allMatch(IpcRecord::implemented));
    }
  }

  @Test
  void strictModeStopsAtTheFirstUnimplementedService() throws Exception {
    try (HorizonProcess p = load(HorizonConfig.builder().stopAtUnimplementedService(true))) {
      GuestMemory m = p.memory();
      long tls = p.mainThread().tpidrroEl0;
      Termination end =
          p.run(
              cpu -> {
                m.write(HEAP + 0x40, "sm:\0".getBytes(StandardCharsets.US_ASCII));
                call(cpu, p, CONNECT_TO_NAMED_PORT, 0, HEAP + 0x40);
                long sm = cpu.x[1];
                request(m, tls, 4, 0, 0, true);
                call(cpu, p, SEND_SYNC_REQUEST, sm);
                request(m, tls, 4, 1, name("apm"), false);
                call(cpu, p, SEND_SYNC_REQUEST, sm);
              });
      assertEquals(Termination.Kind.UNKNOWN_SYSCALL, end.kind());
      assertTrue(end.message().contains("\"apm\""), end.message());
    }
  }

  /** Whatever bytes the IPC buffer holds, a request gets a result, never a JVM exception. */
  @Property(tries = 200)
  void garbageRequestsGetAResult(@ForAll @Size(0x100) byte[] buffer) throws Exception {
    try (HorizonProcess p = load(HorizonConfig.builder())) {
      GuestMemory m = p.memory();
      m.write(HEAP + 0x40, "sm:\0".getBytes(StandardCharsets.US_ASCII));
      svc(p, CONNECT_TO_NAMED_PORT, 0, HEAP + 0x40);
      long sm = p.mainThread().x[1];
      m.write(p.mainThread().tpidrroEl0, buffer);
      assertEquals(0, svc(p, SEND_SYNC_REQUEST, sm));
      assertEquals(1, p.ipcTrace().size());
    }
  }
}
