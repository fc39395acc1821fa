/*
 * recomp lift oracle: runs A64 instruction sequences on a given register state and reports the
 * resulting state. Built freestanding (no libc) and run under qemu-aarch64 -cpu cortex-a53.
 *
 * Every transition goes through one signal handler running on an alternate stack:
 *   - the handler loads a case from stdin into the signal frame (X0-X30, SP, NZCV, V0-V31, FPCR,
 *     FPSR; TPIDR_EL0 directly), writes the case's words into the slot and returns into them;
 *   - the slot is surrounded by BRK #0, so the sequence ends in SIGTRAP (or a fault signal),
 *     and the handler reads the whole state back from the frame and writes it to stdout.
 * So the case's state never depends on code of ours running between load and execution.
 *
 * Protocol (little-endian). Output starts with a header: u64 magic "RCMPORC1", u64 slot address,
 * u64 window address, u64 window size. Then per input case:
 *   in  (824 bytes): u32 nwords, u32 words[7], u64 x[31], u64 sp, u64 nzcv, u64 tpidr,
 *                    u32 fpcr, u32 fpsr, u8 v[32][16]
 *   out (816 bytes + 4*n): u32 signal, u32 n, u64 pc, u64 fault_addr, u64 x[31], u64 sp,
 *                    u64 nzcv, u64 tpidr, u32 fpcr, u32 fpsr, u8 v[32][16],
 *                    then n x u32 (window offset << 8 | new byte) for each changed window byte.
 * Before every case the window holds template byte i = (i * 2654435761) >> 24 (32-bit product).
 */
typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long u64;

#define SLOT_BASE 0x10000000UL
#define SLOT_SIZE 0x200000UL
#define SLOT (SLOT_BASE + SLOT_SIZE / 2)
#define WINDOW 0x20000000UL
#define WINDOW_SIZE 0x10000UL
#define BRK0 0xd4200000U
#define MAX_WORDS 7

struct case_in {
  u32 nwords, words[MAX_WORDS];
  u64 x[31], sp, nzcv, tpidr;
  u32 fpcr, fpsr;
  u8 v[32][16];
};

struct case_out {
  u32 signal, nchanged;
  u64 pc, fault_addr;
  u64 x[31], sp, nzcv, tpidr;
  u32 fpcr, fpsr;
  u8 v[32][16];
};

struct sigcontext_k {
  u64 fault_address, regs[31], sp, pc, pstate;
  u8 reserved[4096] __attribute__((aligned(16)));
};

struct ucontext_k {
  u64 uc_flags;
  void *uc_link;
  struct {
    void *ss_sp;
    int ss_flags;
    u64 ss_size;
  } uc_stack;
  u64 uc_sigmask;
  u8 unused[1024 / 8 - 8];
  struct sigcontext_k mc __attribute__((aligned(16)));
};

struct fpsimd_k {
  u32 magic, size, fpsr, fpcr;
  u8 vregs[32][16] __attribute__((aligned(16)));
};

#define FPSIMD_MAGIC 0x46508001U

static long sys6(long n, long a, long b, long c, long d, long e, long f) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  register long x4 __asm__("x4") = e;
  register long x5 __asm__("x5") = f;
  __asm__ volatile("svc #0"
                   : "+r"(x0)
                   : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                   : "memory");
  return x0;
}

#define SYS_read 63
#define SYS_write 64
#define SYS_exit_group 94
#define SYS_sigaltstack 132
#define SYS_rt_sigaction 134
#define SYS_mmap 222

static u8 out_buf[1 << 22];
static u64 out_len;
static u8 alt_stack[1 << 16] __attribute__((aligned(16)));
static u64 window_template[WINDOW_SIZE / 8];
static int started;
static u32 last_nwords;

static void fail(const char *msg) {
  u64 n = 0;
  while (msg[n]) n++;
  sys6(SYS_write, 2, (long)msg, n, 0, 0, 0);
  sys6(SYS_exit_group, 3, 0, 0, 0, 0, 0);
}

static void flush(void) {
  u64 done = 0;
  while (done < out_len) {
    long w = sys6(SYS_write, 1, (long)(out_buf + done), out_len - done, 0, 0, 0);
    if (w <= 0) fail("oracle: write failed\n");
    done += w;
  }
  out_len = 0;
}

static void put(const void *p, u64 n) {
  if (out_len + n > sizeof out_buf) flush();
  const u8 *s = p;
  for (u64 i = 0; i < n; i++) out_buf[out_len++] = s[i];
}

static void copy(void *d, const void *s, u64 n) {
  u8 *dd = d;
  const u8 *ss = s;
  for (u64 i = 0; i < n; i++) dd[i] = ss[i];
}

static u8 template_byte(u64 i) { return (u8)(((u32)i * 2654435761U) >> 24); }

static int read_case(struct case_in *c) {
  u64 got = 0;
  while (got < sizeof *c) {
    long r = sys6(SYS_read, 0, (long)c + got, sizeof *c - got, 0, 0, 0);
    if (r < 0) fail("oracle: read failed\n");
    if (r == 0) {
      if (got == 0) return 0;
      fail("oracle: truncated case on stdin\n");
    }
    got += r;
  }
  return 1;
}

static struct fpsimd_k *fpsimd_of(struct ucontext_k *uc) {
  struct fpsimd_k *f = (struct fpsimd_k *)uc->mc.reserved;
  if (f->magic != FPSIMD_MAGIC) fail("oracle: no fpsimd record in the signal frame\n");
  return f;
}

static void set_code(u64 at, u32 word) {
  *(volatile u32 *)at = word;
  __asm__ volatile("dc cvau, %0\n dsb ish\n ic ivau, %0\n dsb ish\n isb" ::"r"(at) : "memory");
}

static void report(int sig, void *info, struct ucontext_k *uc) {
  struct case_out o;
  struct fpsimd_k *f = fpsimd_of(uc);
  volatile u64 *win = (volatile u64 *)WINDOW;
  u32 changed = 0;
  o.signal = sig;
  o.pc = uc->mc.pc;
  o.fault_addr = *(u64 *)((u8 *)info + 16);
  copy(o.x, uc->mc.regs, sizeof o.x);
  o.sp = uc->mc.sp;
  o.nzcv = uc->mc.pstate & 0xf0000000UL;
  __asm__ volatile("mrs %0, tpidr_el0" : "=r"(o.tpidr));
  o.fpcr = f->fpcr;
  o.fpsr = f->fpsr;
  copy(o.v, f->vregs, sizeof o.v);
  for (u64 w = 0; w < WINDOW_SIZE / 8; w++) {
    u64 diff = win[w] ^ window_template[w];
    if (diff)
      for (int b = 0; b < 8; b++)
        if ((diff >> (8 * b)) & 0xff) changed++;
  }
  o.nchanged = changed;
  put(&o, sizeof o);
  for (u64 w = 0; w < WINDOW_SIZE / 8; w++) {
    u64 expect = window_template[w];
    u64 now = win[w];
    if (now == expect) continue;
    for (int b = 0; b < 8; b++) {
      if (((now ^ expect) >> (8 * b)) & 0xff) {
        u32 rec = (u32)((w * 8 + b) << 8) | (u32)((now >> (8 * b)) & 0xff);
        put(&rec, 4);
      }
    }
    win[w] = expect;
  }
}

static void handler(int sig, void *info, void *ucv) {
  struct ucontext_k *uc = ucv;
  struct case_in c;
  if (started) {
    report(sig, info, uc);
  }
  started = 1;
  for (u32 i = 0; i < last_nwords; i++) set_code(SLOT + 4 * i, BRK0);
  if (!read_case(&c)) {
    flush();
    sys6(SYS_exit_group, 0, 0, 0, 0, 0, 0);
  }
  if (c.nwords == 0 || c.nwords > MAX_WORDS) fail("oracle: bad word count\n");
  for (u32 i = 0; i < c.nwords; i++) set_code(SLOT + 4 * i, c.words[i]);
  last_nwords = c.nwords;
  struct fpsimd_k *f = fpsimd_of(uc);
  copy(uc->mc.regs, c.x, sizeof c.x);
  uc->mc.sp = c.sp;
  uc->mc.pc = SLOT;
  uc->mc.pstate = (uc->mc.pstate & ~0xf0000000UL) | (c.nzcv & 0xf0000000UL);
  f->fpcr = c.fpcr;
  f->fpsr = c.fpsr;
  copy(f->vregs, c.v, sizeof c.v);
  __asm__ volatile("msr tpidr_el0, %0" ::"r"(c.tpidr));
  /* Every case starts with the exclusive monitor open, as a fresh thread does. */
  __asm__ volatile("clrex" ::: "memory");
}

struct ksigaction {
  void *handler;
  u64 flags;
  void *restorer;
  u64 mask;
};

void _start(void) {
  static const int sigs[] = {4, 5, 7, 8, 11};
  struct {
    void *sp;
    int flags;
    u64 size;
  } ss = {alt_stack, 0, sizeof alt_stack};
  if (sys6(SYS_sigaltstack, (long)&ss, 0, 0, 0, 0, 0) != 0) fail("oracle: sigaltstack\n");
  for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
    struct ksigaction sa = {(void *)handler, 0x4 | 0x08000000, 0, 0};
    if (sys6(SYS_rt_sigaction, sigs[i], (long)&sa, 0, 8, 0, 0) != 0) fail("oracle: sigaction\n");
  }
  if (sys6(SYS_mmap, SLOT_BASE, SLOT_SIZE, 7, 0x32, -1, 0) != (long)SLOT_BASE)
    fail("oracle: cannot map the slot\n");
  for (u64 a = SLOT_BASE; a < SLOT_BASE + SLOT_SIZE; a += 4) *(volatile u32 *)a = BRK0;
  if (sys6(SYS_mmap, WINDOW, WINDOW_SIZE, 3, 0x32, -1, 0) != (long)WINDOW)
    fail("oracle: cannot map the window\n");
  for (u64 w = 0; w < WINDOW_SIZE / 8; w++) {
    u64 expect = 0;
    for (int b = 0; b < 8; b++) expect |= (u64)template_byte(w * 8 + b) << (8 * b);
    window_template[w] = expect;
    ((volatile u64 *)WINDOW)[w] = expect;
  }
  u64 header[4] = {0x314352524f504d43UL, SLOT, WINDOW, WINDOW_SIZE};
  put(header, sizeof header);
  __asm__ volatile("brk #0x77");
  fail("oracle: returned from the start trap\n");
}
