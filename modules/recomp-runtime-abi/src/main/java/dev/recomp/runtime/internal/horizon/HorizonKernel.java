package dev.recomp.runtime.internal.horizon;

import dev.recomp.runtime.AccessKind;
import dev.recomp.runtime.CpuState;
import dev.recomp.runtime.GuestExit;
import dev.recomp.runtime.GuestFault;
import dev.recomp.runtime.GuestMemory;
import dev.recomp.runtime.HorizonConfig;
import dev.recomp.runtime.HorizonLoader;
import dev.recomp.runtime.IpcRecord;
import dev.recomp.runtime.RuntimeTrace;
import dev.recomp.runtime.Signals;
import dev.recomp.runtime.Termination;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Horizon kernel as a homebrew process sees it: the SVC table (numbers and register use per
 * switchbrew "SVC"), handles, the memory map behind svcQueryMemory, the heap, svcMapMemory aliases,
 * threads on the deterministic {@link Scheduler}, mutex arbitration, and sessions to the services
 * of the IPC registry. Every SVC goes to the {@link RuntimeTrace}; every IPC request to the IPC
 * trace.
 */
public final class HorizonKernel {
  /** Pseudo-handles every thread can use. */
  public static final int CURRENT_THREAD = 0xffff8000;

  public static final int CURRENT_PROCESS = 0xffff8001;

  /** svcArbitrateLock's "the mutex has waiters" bit in the mutex word. */
  static final long HANDLE_WAIT_MASK = 0x4000_0000L;

  /** Bytes of each thread's thread-local region. */
  public static final int TLS_SIZE = 0x200;

  private static final int MAX_WAIT_HANDLES = 0x40;

  /** One SVC: number, name, the registers it reads, and what it does. */
  private record Svc(int number, String name, int[] inputs, Handler handler) {}

  @FunctionalInterface
  private interface Handler {
    void call(HorizonKernel k, CpuState cpu);
  }

  private static final Map<Integer, Svc> SVCS = table();

  private static Map<Integer, Svc> table() {
    List<Svc> svcs =
        List.of(
            new Svc(0x01, "SetHeapSize", new int[] {1}, HorizonKernel::setHeapSize),
            new Svc(0x04, "MapMemory", new int[] {0, 1, 2}, HorizonKernel::mapMemory),
            new Svc(0x05, "UnmapMemory", new int[] {0, 1, 2}, HorizonKernel::unmapMemory),
            new Svc(0x06, "QueryMemory", new int[] {0, 2}, HorizonKernel::queryMemory),
            new Svc(0x07, "ExitProcess", new int[] {}, HorizonKernel::exitProcess),
            new Svc(0x08, "CreateThread", new int[] {1, 2, 3, 4, 5}, HorizonKernel::createThread),
            new Svc(0x09, "StartThread", new int[] {0}, HorizonKernel::startThread),
            new Svc(0x0a, "ExitThread", new int[] {}, HorizonKernel::exitThread),
            new Svc(0x0b, "SleepThread", new int[] {0}, HorizonKernel::sleepThread),
            new Svc(0x16, "CloseHandle", new int[] {0}, HorizonKernel::closeHandle),
            new Svc(
                0x18,
                "WaitSynchronization",
                new int[] {1, 2, 3},
                HorizonKernel::waitSynchronization),
            new Svc(0x1a, "ArbitrateLock", new int[] {0, 1, 2}, HorizonKernel::arbitrateLock),
            new Svc(0x1b, "ArbitrateUnlock", new int[] {0}, HorizonKernel::arbitrateUnlock),
            new Svc(0x1e, "GetSystemTick", new int[] {}, HorizonKernel::getSystemTick),
            new Svc(0x1f, "ConnectToNamedPort", new int[] {1}, HorizonKernel::connectToNamedPort),
            new Svc(0x21, "SendSyncRequest", new int[] {0}, HorizonKernel::sendSyncRequest),
            new Svc(0x26, "Break", new int[] {0, 1, 2}, HorizonKernel::breakProcess),
            new Svc(0x27, "OutputDebugString", new int[] {0, 1}, HorizonKernel::outputDebugString),
            new Svc(0x29, "GetInfo", new int[] {1, 2, 3}, HorizonKernel::getInfo));
    Map<Integer, Svc> byNumber = new TreeMap<>();
    svcs.forEach(s -> byNumber.put(s.number(), s));
    return Collections.unmodifiableMap(byNumber);
  }

  /** The SVC numbers the kernel implements, ascending. */
  public static List<Integer> implementedSvcs() {
    return List.copyOf(SVCS.keySet());
  }

  /** A client session: the service it leads to, open until closed. */
  private static final class Session {
    final Service service;

    Session(Service service) {
      this.service = service;
    }
  }

  /** An svcMapMemory alias: {@code size} bytes of heap at {@code source} seen at the key. */
  private record Alias(long source, long size) {}

  private final HorizonConfig config;
  private final GuestMemory memory;
  private final MemoryMap map;
  private final Scheduler scheduler;
  private final RuntimeTrace trace;
  private final Map<Integer, Object> handles = new TreeMap<>();

  /**
   * The IPC registry: how to make the server side of a new session, by service name; "sm:" is also
   * the one named port.
   */
  private final Map<String, Supplier<Service>> registry = new TreeMap<>();

  private final Map<Long, Alias> aliases = new TreeMap<>();
  private final long imageBytes;
  private long heapSize;
  private int nextHandle = 0x100;
  private int tlsSlots;
  private long entropy;

  public HorizonKernel(
      HorizonConfig config, GuestMemory memory, long imageBytes, Consumer<GuestThread> launcher) {
    this.config = config;
    this.memory = memory;
    this.imageBytes = imageBytes;
    this.map = new MemoryMap(memory.size());
    this.scheduler = new Scheduler(launcher);
    this.trace = new RuntimeTrace(config.traceSvcs());
    this.entropy = config.entropySeed();
    registry.put(ServiceManager.NAME, ServiceManager::new);
    registry.put(SystemSettings.NAME, SystemSettings::new);
  }

  public MemoryMap memoryMap() {
    return map;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public RuntimeTrace trace() {
    return trace;
  }

  /** Creates the main thread (handle, TLS) with registers {@code cpu} and makes it current. */
  public GuestThread createMainThread(CpuState cpu) {
    GuestThread main = newThread(cpu);
    if (main == null) {
      throw new IllegalStateException("no thread-local region for the main thread");
    }
    scheduler.startMain(main);
    return main;
  }

  /**
   * {@code SVC #immediate}: the immediate is the SVC number; arguments and results in X0-X7 as
   * switchbrew documents each SVC.
   */
  public void supervisorCall(CpuState cpu, int immediate) {
    Svc svc = SVCS.get(immediate);
    if (svc == null) {
      trace.unknownSyscall(immediate);
      throw new GuestExit(
          Termination.of(
              Termination.Kind.UNKNOWN_SYSCALL,
              String.format("unimplemented SVC 0x%02x at 0x%x", immediate, cpu.pc),
              cpu));
    }
    long[] args = new long[svc.inputs().length];
    for (int i = 0; i < args.length; i++) {
      args[i] = cpu.x[svc.inputs()[i]];
    }
    try {
      svc.handler().call(this, cpu);
    } finally {
      trace.syscall(svc.number(), svc.name(), args, args.length, cpu.x[0]);
    }
  }

  // ---- memory ------------------------------------------------------------------------------

  private void setHeapSize(CpuState cpu) {
    long size = cpu.x[1];
    if ((size & 0x1f_ffffL) != 0) {
      result(cpu, Results.INVALID_SIZE);
      return;
    }
    if (Long.compareUnsigned(size, HorizonLoader.HEAP_REGION_SIZE) > 0
        || Long.compareUnsigned(size, freeMemory() + heapSize) > 0) {
      result(cpu, Results.OUT_OF_MEMORY);
      return;
    }
    long base = HorizonLoader.HEAP_REGION;
    if (size > heapSize) {
      memory.map(base + heapSize, size - heapSize, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
      map.set(base + heapSize, size - heapSize, MemoryMap.HEAP, rw(), 0);
    } else if (size < heapSize) {
      if (!map.is(base + size, heapSize - size, MemoryMap.HEAP, rw(), 0)) {
        result(cpu, Results.INVALID_CURRENT_MEMORY);
        return;
      }
      memory.unmap(base + size, heapSize - size);
      map.set(base + size, heapSize - size, MemoryMap.FREE, 0, 0);
    }
    heapSize = size;
    cpu.x[1] = base;
    result(cpu, Results.SUCCESS);
  }

  private void mapMemory(CpuState cpu) {
    long dst = cpu.x[0];
    long src = cpu.x[1];
    long size = cpu.x[2];
    int check = checkAlias(dst, src, size);
    if (check == Results.SUCCESS
        && (!map.is(dst, size, MemoryMap.FREE, 0, 0)
            || !map.is(src, size, MemoryMap.HEAP, rw(), 0))) {
      check = Results.INVALID_CURRENT_MEMORY;
    }
    if (check != Results.SUCCESS) {
      result(cpu, check);
      return;
    }
    // One host byte per guest byte: the alias is a copy, and the source is inaccessible while it
    // exists, so the two can never be seen to differ.
    memory.map(dst, size, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    memory.segment().asSlice(dst, size).copyFrom(memory.segment().asSlice(src, size));
    memory.protect(src, size, GuestMemory.PROT_NONE);
    map.set(dst, size, MemoryMap.STACK, rw(), 0);
    map.set(src, size, MemoryMap.HEAP, 0, MemoryMap.ATTR_BORROWED);
    aliases.put(dst, new Alias(src, size));
    result(cpu, Results.SUCCESS);
  }

  private void unmapMemory(CpuState cpu) {
    long dst = cpu.x[0];
    long src = cpu.x[1];
    long size = cpu.x[2];
    int check = checkAlias(dst, src, size);
    if (check == Results.SUCCESS && !new Alias(src, size).equals(aliases.get(dst))) {
      check = Results.INVALID_CURRENT_MEMORY;
    }
    if (check != Results.SUCCESS) {
      result(cpu, check);
      return;
    }
    memory.protect(src, size, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
    memory.segment().asSlice(src, size).copyFrom(memory.segment().asSlice(dst, size));
    memory.unmap(dst, size);
    map.set(dst, size, MemoryMap.FREE, 0, 0);
    map.set(src, size, MemoryMap.HEAP, rw(), 0);
    aliases.remove(dst);
    result(cpu, Results.SUCCESS);
  }

  /** The argument checks MapMemory and UnmapMemory share, in the kernel's order. */
  private static int checkAlias(long dst, long src, long size) {
    if (((dst | src) & 0xfff) != 0) {
      return Results.INVALID_ADDRESS;
    }
    if (size == 0 || (size & 0xfff) != 0) {
      return Results.INVALID_SIZE;
    }
    if (Long.compareUnsigned(src + size, src) <= 0
        || Long.compareUnsigned(src, HorizonLoader.HEAP_REGION) < 0
        || Long.compareUnsigned(
                src + size, HorizonLoader.HEAP_REGION + HorizonLoader.HEAP_REGION_SIZE)
            > 0) {
      return Results.INVALID_CURRENT_MEMORY;
    }
    if (Long.compareUnsigned(dst + size, dst) <= 0
        || Long.compareUnsigned(dst, HorizonLoader.STACK_REGION) < 0
        || Long.compareUnsigned(
                dst + size, HorizonLoader.STACK_REGION + HorizonLoader.STACK_REGION_SIZE)
            > 0) {
      return Results.INVALID_MEMORY_REGION;
    }
    return Results.SUCCESS;
  }

  private void queryMemory(CpuState cpu) {
    long info = cpu.x[0];
    MemoryMap.Block b = map.query(cpu.x[2]);
    if (!memory.allows(info, 0x28, AccessKind.WRITE)) {
      result(cpu, Results.INVALID_POINTER);
      return;
    }
    memory.store64(info, b.address());
    memory.store64(info + 8, b.size());
    memory.store32(info + 0x10, b.type());
    memory.store32(info + 0x14, b.attribute());
    memory.store32(info + 0x18, b.permission());
    memory.store32(info + 0x1c, 0);
    memory.store32(info + 0x20, 0);
    memory.store32(info + 0x24, 0);
    cpu.x[1] = 0;
    result(cpu, Results.SUCCESS);
  }

  // ---- threads -----------------------------------------------------------------------------

  private void exitProcess(CpuState cpu) {
    throw new GuestExit(Termination.exited(0));
  }

  private void createThread(CpuState cpu) {
    long entry = cpu.x[1];
    long arg = cpu.x[2];
    long stackTop = cpu.x[3];
    long priority = cpu.x[4] & 0xffff_ffffL;
    int core = (int) cpu.x[5];
    if (priority > 63) {
      result(cpu, Results.INVALID_PRIORITY);
      return;
    }
    if (core != -2 && (core < 0 || core > 3)) {
      result(cpu, Results.INVALID_CORE_ID);
      return;
    }
    CpuState regs = new CpuState();
    regs.pc = entry;
    regs.x[0] = arg;
    regs.sp = stackTop & ~0xfL;
    GuestThread t = newThread(regs);
    if (t == null) {
      result(cpu, Results.OUT_OF_RESOURCE);
      return;
    }
    cpu.x[1] = t.handle;
    result(cpu, Results.SUCCESS);
  }

  private void startThread(CpuState cpu) {
    if (!(object((int) cpu.x[0]) instanceof GuestThread t)) {
      result(cpu, Results.INVALID_HANDLE);
      return;
    }
    result(cpu, scheduler.start(t) ? Results.SUCCESS : Results.INVALID_STATE);
  }

  private void exitThread(CpuState cpu) {
    result(cpu, Results.SUCCESS);
    scheduler.exitCurrent(cpu);
    throw new ThreadExit();
  }

  private void sleepThread(CpuState cpu) {
    long nanos = cpu.x[0];
    // 0, -1 and -2 are the yield variants; a sleep passes virtual time, then yields.
    if (nanos > 0) {
      scheduler.advance(nanos);
    }
    scheduler.yieldNow();
    result(cpu, Results.SUCCESS);
  }

  private void closeHandle(CpuState cpu) {
    int handle = (int) cpu.x[0];
    result(cpu, handles.remove(handle) == null ? Results.INVALID_HANDLE : Results.SUCCESS);
  }

  private void waitSynchronization(CpuState cpu) {
    long list = cpu.x[1];
    long count = cpu.x[2] & 0xffff_ffffL;
    long timeout = cpu.x[3];
    if (count > MAX_WAIT_HANDLES) {
      result(cpu, Results.OUT_OF_RANGE);
      return;
    }
    if (!memory.allows(list, Math.max(1, 4 * count), AccessKind.READ)) {
      result(cpu, Results.INVALID_POINTER);
      return;
    }
    int[] waited = new int[(int) count];
    for (int i = 0; i < count; i++) {
      int h = (int) memory.load32(list + 4L * i);
      if (!(object(h) instanceof GuestThread t)) {
        result(cpu, Results.INVALID_HANDLE);
        return;
      }
      waited[i] = t.handle;
      if (Scheduler.signaled(t)) {
        cpu.x[1] = i;
        result(cpu, Results.SUCCESS);
        return;
      }
    }
    if (timeout == 0) {
      result(cpu, Results.TIMED_OUT);
      return;
    }
    int r = scheduler.block(new GuestThread.WaitObjects(waited), timeout, cpu);
    cpu.x[1] = scheduler.current().wakeIndex;
    result(cpu, r);
  }

  private void arbitrateLock(CpuState cpu) {
    int owner = (int) cpu.x[0];
    long address = cpu.x[1];
    int tag = (int) cpu.x[2];
    if ((address & 3) != 0) {
      result(cpu, Results.INVALID_ADDRESS);
      return;
    }
    if (!memory.allows(address, 4, AccessKind.READ)) {
      result(cpu, Results.INVALID_CURRENT_MEMORY);
      return;
    }
    if (memory.load32(address) != ((owner & 0xffff_ffffL) | HANDLE_WAIT_MASK)) {
      result(cpu, Results.SUCCESS);
      return;
    }
    if (!(object(owner) instanceof GuestThread)) {
      result(cpu, Results.INVALID_HANDLE);
      return;
    }
    result(cpu, scheduler.block(new GuestThread.WaitMutex(address, tag), -1, cpu));
  }

  private void arbitrateUnlock(CpuState cpu) {
    long address = cpu.x[0];
    if ((address & 3) != 0) {
      result(cpu, Results.INVALID_ADDRESS);
      return;
    }
    if (!memory.allows(address, 4, AccessKind.WRITE)) {
      result(cpu, Results.INVALID_CURRENT_MEMORY);
      return;
    }
    List<GuestThread> waiters = scheduler.mutexWaiters(address);
    if (waiters.isEmpty()) {
      memory.store32(address, 0);
    } else {
      GuestThread next = waiters.getFirst();
      int tag = ((GuestThread.WaitMutex) next.wait).tag();
      memory.store32(address, (tag & 0xffff_ffffL) | (waiters.size() > 1 ? HANDLE_WAIT_MASK : 0));
      scheduler.wake(next, Results.SUCCESS, -1);
    }
    result(cpu, Results.SUCCESS);
  }

  private void getSystemTick(CpuState cpu) {
    // Every read moves virtual time by a microsecond so that successive reads differ.
    scheduler.advance(1_000);
    long now = scheduler.now();
    // The system tick runs at 19.2 MHz: ns * 19.2 MHz / 1 GHz = ns * 12 / 625, split so it
    // cannot overflow.
    cpu.x[0] = now / 625 * 12 + now % 625 * 12 / 625;
  }

  // ---- IPC ---------------------------------------------------------------------------------

  private void connectToNamedPort(CpuState cpu) {
    byte[] name;
    try {
      name = memory.readCString(cpu.x[1], 11);
    } catch (GuestFault f) {
      result(cpu, Results.INVALID_POINTER);
      return;
    }
    if (name == null) {
      result(cpu, Results.OUT_OF_RANGE);
      return;
    }
    if (!new String(name, StandardCharsets.US_ASCII).equals(ServiceManager.NAME)) {
      result(cpu, Results.NOT_FOUND);
      return;
    }
    cpu.x[1] = newHandle(new Session(registry.get(ServiceManager.NAME).get()));
    result(cpu, Results.SUCCESS);
  }

  private void sendSyncRequest(CpuState cpu) {
    if (!(object((int) cpu.x[0]) instanceof Session session)) {
      result(cpu, Results.INVALID_HANDLE);
      return;
    }
    long buffer = scheduler.current().tls;
    Ipc.Request request = Ipc.read(memory, buffer);
    Ipc.Reply reply;
    if (request.type() == Ipc.TYPE_CLOSE) {
      handles.remove((int) cpu.x[0]);
      reply = Ipc.Reply.of(Results.SUCCESS);
    } else if (request.command() < 0) {
      reply = Ipc.Reply.of(Results.CMIF_INVALID_HEADER);
    } else if (request.type() == Ipc.TYPE_CONTROL
        || request.type() == Ipc.TYPE_CONTROL_WITH_CONTEXT) {
      reply = control(request, session.service);
    } else {
      reply = session.service.handle(request, serviceContext);
    }
    Service s = session.service;
    trace.ipc(
        new IpcRecord(
            trace.ipcRequests().size(),
            s.name(),
            request.type(),
            request.command(),
            reply.result(),
            s.implemented()));
    if (request.type() != Ipc.TYPE_CLOSE) {
      Ipc.write(memory, buffer, reply);
    }
    result(cpu, Results.SUCCESS);
  }

  private final Service.Context serviceContext =
      new Service.Context() {
        @Override
        public int open(String name) {
          return openSession(name);
        }

        @Override
        public boolean copyOut(Ipc.Buffer buffer, byte[] bytes) {
          if (buffer.size() < bytes.length
              || !memory.allows(buffer.address(), bytes.length, AccessKind.WRITE)) {
            return false;
          }
          memory.write(buffer.address(), bytes);
          return true;
        }
      };

  /**
   * The control requests the server framework answers for every session (switchbrew "IPC
   * Marshalling", Control): 3 QueryPointerBufferSize. Domains and cloning are not supported.
   */
  private static Ipc.Reply control(Ipc.Request request, Service service) {
    if (request.command() == 3) {
      byte[] size = {(byte) service.pointerBufferSize(), (byte) (service.pointerBufferSize() >> 8)};
      return new Ipc.Reply(Results.SUCCESS, size, new int[0]);
    }
    return Ipc.Reply.of(Results.CMIF_UNKNOWN_COMMAND);
  }

  /** A session to the service {@code name}; a name without implementation gets a failing one. */
  private int openSession(String name) {
    Supplier<Service> server = registry.get(name);
    Service s = server == null ? null : server.get();
    if (s == null) {
      if (config.stopAtUnimplementedService()) {
        CpuState cpu = scheduler.current().cpu;
        throw new GuestExit(
            Termination.of(
                Termination.Kind.UNKNOWN_SYSCALL,
                "the guest asked sm for \"" + name + "\", a service the runtime does not implement",
                cpu));
      }
      s = new UnimplementedService(name, Results.CMIF_UNKNOWN_COMMAND);
    }
    return newHandle(new Session(s));
  }

  // ---- debugging and information ----------------------------------------------------------

  private void breakProcess(CpuState cpu) {
    long reason = cpu.x[0] & 0xffff_ffffL;
    // Bit 31 marks a notification for an attached debugger; without one the call just returns.
    if ((reason & 0x8000_0000L) != 0) {
      result(cpu, Results.SUCCESS);
      return;
    }
    throw new GuestExit(
        new Termination(
            Termination.Kind.SIGNALED,
            128 + Signals.SIGTRAP,
            String.format(
                "svcBreak(reason 0x%x, 0x%x, 0x%x) with no debugger attached",
                reason, cpu.x[1], cpu.x[2]),
            cpu.copy()));
  }

  private void outputDebugString(CpuState cpu) {
    long address = cpu.x[0];
    long size = cpu.x[1];
    if (size == 0) {
      result(cpu, Results.SUCCESS);
      return;
    }
    if (size < 0 || size > Integer.MAX_VALUE || !memory.allows(address, size, AccessKind.READ)) {
      result(cpu, Results.INVALID_CURRENT_MEMORY);
      return;
    }
    try {
      config.debugOutput().write(memory.read(address, (int) size));
      config.debugOutput().flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    result(cpu, Results.SUCCESS);
  }

  /** svcGetInfo's process information, by info id (switchbrew "InfoType"). */
  private long processInfo(int id) {
    return switch (id) {
      case 0 -> 0xfL;
      case 1 -> 0x0fff_ffff_f000_0000L;
      case 2 -> HorizonLoader.ALIAS_REGION;
      case 3 -> HorizonLoader.ALIAS_REGION_SIZE;
      case 4 -> HorizonLoader.HEAP_REGION;
      case 5 -> HorizonLoader.HEAP_REGION_SIZE;
      case 6, 21 -> HorizonLoader.TOTAL_MEMORY;
      case 7, 22 -> usedMemory();
      case 12 -> HorizonLoader.IMAGE_BASE;
      case 13 -> memory.size() - HorizonLoader.IMAGE_BASE;
      case 14 -> HorizonLoader.STACK_REGION;
      case 15 -> HorizonLoader.STACK_REGION_SIZE;
      case 16, 17, 18, 20 -> 0;
      case 23 -> 1;
      default -> -1;
    };
  }

  private void getInfo(CpuState cpu) {
    int id = (int) cpu.x[1];
    int handle = (int) cpu.x[2];
    long sub = cpu.x[3];
    switch (id) {
      case 8, 9 -> {
        if (handle != 0) {
          result(cpu, Results.INVALID_HANDLE);
        } else if (sub != 0) {
          result(cpu, Results.INVALID_COMBINATION);
        } else {
          cpu.x[1] = 0;
          result(cpu, Results.SUCCESS);
        }
      }
      case 11 -> {
        if (handle != 0) {
          result(cpu, Results.INVALID_HANDLE);
        } else if (Long.compareUnsigned(sub, 3) > 0) {
          result(cpu, Results.INVALID_COMBINATION);
        } else {
          cpu.x[1] = nextEntropy();
          result(cpu, Results.SUCCESS);
        }
      }
      default -> {
        long value = processInfo(id);
        if (value == -1) {
          result(cpu, Results.INVALID_ENUM_VALUE);
        } else if (handle != CURRENT_PROCESS) {
          result(cpu, Results.INVALID_HANDLE);
        } else if (sub != 0) {
          result(cpu, Results.INVALID_COMBINATION);
        } else {
          cpu.x[1] = value;
          result(cpu, Results.SUCCESS);
        }
      }
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private long usedMemory() {
    return imageBytes
        + config.mainStackSize()
        + heapSize
        + GuestMemory.pageAlignUp((long) tlsSlots * TLS_SIZE);
  }

  private long freeMemory() {
    return HorizonLoader.TOTAL_MEMORY - usedMemory();
  }

  /** SplitMix64, so the values never change with the JDK. */
  private long nextEntropy() {
    long z = (entropy += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private GuestThread newThread(CpuState regs) {
    long tls = HorizonLoader.TLS_REGION + (long) tlsSlots * TLS_SIZE;
    if (tls + TLS_SIZE > HorizonLoader.TLS_REGION + HorizonLoader.TLS_REGION_SIZE) {
      return null;
    }
    if ((tls & (GuestMemory.PAGE_SIZE - 1)) == 0) {
      memory.map(tls, GuestMemory.PAGE_SIZE, GuestMemory.PROT_READ | GuestMemory.PROT_WRITE);
      map.set(tls, GuestMemory.PAGE_SIZE, MemoryMap.THREAD_LOCAL, rw(), 0);
    }
    tlsSlots++;
    regs.tpidrroEl0 = tls;
    int handle = nextHandle++;
    GuestThread t = scheduler.create(handle, regs, tls);
    handles.put(handle, t);
    return t;
  }

  private int newHandle(Object o) {
    int handle = nextHandle++;
    handles.put(handle, o);
    return handle;
  }

  private Object object(int handle) {
    return handle == CURRENT_THREAD ? scheduler.current() : handles.get(handle);
  }

  private static int rw() {
    return MemoryMap.PERM_R | MemoryMap.PERM_W;
  }

  private static void result(CpuState cpu, int result) {
    cpu.x[0] = result & 0xffff_ffffL;
  }
}
