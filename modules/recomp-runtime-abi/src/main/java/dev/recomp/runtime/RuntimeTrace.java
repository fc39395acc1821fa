package dev.recomp.runtime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.recomp.intake.OutputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened during a guest run that the next analysis run or a reviewer wants to know:
 * indirect-branch targets the dispatch table missed, interpreter fallbacks, faults, syscall counts
 * and (when enabled) every syscall; for Horizon guests the SVCs and every IPC request. Written as
 * deterministic JSON (sorted keys, no timestamps).
 */
public final class RuntimeTrace {
  /** The value of the manifest's "format" field. */
  public static final String FORMAT = "recomp-runtime-trace/1";

  private final boolean keepSyscalls;
  private final List<SyscallRecord> syscalls = new ArrayList<>();
  private final Map<String, Long> syscallCounts = new TreeMap<>();
  private final Map<String, Long> unknownSyscalls = new TreeMap<>();
  private final Map<Long, Long> dispatchMisses = new TreeMap<>(Long::compareUnsigned);
  private final Map<Long, Long> fallbacks = new TreeMap<>(Long::compareUnsigned);
  private final List<String> faults = new ArrayList<>();
  private final List<IpcRecord> ipc = new ArrayList<>();
  private long syscallSeq;
  private Termination termination;

  /** A trace that keeps every syscall record when {@code keepSyscalls}, else only counts. */
  public RuntimeTrace(boolean keepSyscalls) {
    this.keepSyscalls = keepSyscalls;
  }

  /** Records a syscall and its result. */
  public synchronized void syscall(
      int number, String name, long[] args, int argCount, long result) {
    syscallCounts.merge(name, 1L, Long::sum);
    long seq = syscallSeq++;
    if (keepSyscalls) {
      List<Long> used = new ArrayList<>(argCount);
      for (int i = 0; i < argCount; i++) {
        used.add(args[i]);
      }
      syscalls.add(new SyscallRecord(seq, number, name, used, result));
    }
  }

  /** Records a syscall number the personality does not implement. */
  public synchronized void unknownSyscall(int number) {
    unknownSyscalls.merge(Integer.toString(number), 1L, Long::sum);
  }

  /** Records an indirect branch to {@code target} that the dispatch table had no entry for. */
  public synchronized void dispatchMiss(long target) {
    dispatchMisses.merge(target, 1L, Long::sum);
  }

  /** Records that code at {@code pc} ran in the interpreter instead of recompiled code. */
  public synchronized void fallback(long pc) {
    fallbacks.merge(pc, 1L, Long::sum);
  }

  /** Records an IPC request a Horizon guest sent and what its service answered. */
  public void ipc(IpcRecord record) {
    ipc.add(record);
  }

  /** The IPC requests recorded so far, in order (Horizon guests only). */
  public List<IpcRecord> ipcRequests() {
    return Collections.unmodifiableList(ipc);
  }

  /** Records a fault the guest did not survive. */
  public synchronized void fault(GuestFault fault) {
    faults.add(fault.getMessage());
  }

  /** Records how the run ended. */
  public synchronized void terminated(Termination value) {
    termination = value;
  }

  /** The syscall records kept so far. */
  public synchronized List<SyscallRecord> syscalls() {
    return Collections.unmodifiableList(syscalls);
  }

  /** Calls per syscall name. */
  public synchronized Map<String, Long> syscallCounts() {
    return Collections.unmodifiableMap(syscallCounts);
  }

  /** Misses per target address. */
  public synchronized Map<Long, Long> dispatchMisses() {
    return Collections.unmodifiableMap(dispatchMisses);
  }

  /** Fallbacks per guest address. */
  public synchronized Map<Long, Long> fallbacks() {
    return Collections.unmodifiableMap(fallbacks);
  }

  /** Total interpreter fallbacks, for the end-of-run summary. */
  public synchronized long fallbackCount() {
    return fallbacks.values().stream().mapToLong(Long::longValue).sum();
  }

  /** How the run ended, once it has. */
  public synchronized Termination termination() {
    return termination;
  }

  /** The manifest as a JSON tree. */
  public synchronized ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode root = mapper.createObjectNode();
    root.put("format", FORMAT);
    root.put("runtime_abi", RuntimeAbi.VERSION);
    ObjectNode counts = root.putObject("syscall_counts");
    syscallCounts.forEach(counts::put);
    ObjectNode unknown = root.putObject("unknown_syscalls");
    unknownSyscalls.forEach(unknown::put);
    ObjectNode misses = root.putObject("dispatch_misses");
    dispatchMisses.forEach((k, v) -> misses.put(hex(k), v));
    ObjectNode fb = root.putObject("fallbacks");
    fallbacks.forEach((k, v) -> fb.put(hex(k), v));
    root.put("fallback_count", fallbackCount());
    ArrayNode f = root.putArray("faults");
    faults.forEach(f::add);
    if (termination != null) {
      ObjectNode t = root.putObject("termination");
      t.put("kind", termination.kind().name());
      t.put("exit_status", termination.exitStatus());
      t.put("message", termination.message());
      if (termination.cpu() != null) {
        t.put("pc", hex(termination.cpu().pc));
      }
    }
    if (!ipc.isEmpty()) {
      ArrayNode list = root.putArray("ipc");
      for (IpcRecord r : ipc) {
        ObjectNode n = list.addObject();
        n.put("seq", r.seq());
        n.put("service", r.service());
        n.put("type", r.type());
        n.put("command", r.command());
        n.put("result", hex(r.result() & 0xffff_ffffL));
        n.put("implemented", r.implemented());
      }
    }
    if (keepSyscalls) {
      ArrayNode list = root.putArray("syscalls");
      for (SyscallRecord r : syscalls) {
        ObjectNode n = list.addObject();
        n.put("seq", r.seq());
        n.put("nr", r.number());
        n.put("name", r.name());
        ArrayNode a = n.putArray("args");
        r.args().forEach(v -> a.add(hex(v)));
        n.put("result", r.result());
      }
    }
    return root;
  }

  /**
   * Writes the manifest to {@code path} atomically (temporary file, then rename), so a reader never
   * sees half a manifest.
   */
  public synchronized void write(Path path) throws IOException {
    ObjectMapper mapper =
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    byte[] json = mapper.writeValueAsBytes(toJson(mapper));
    OutputFiles.replace(path, json);
  }

  private static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }
}
