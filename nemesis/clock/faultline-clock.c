/*
 * faultline's clock skew library, loaded with LD_PRELOAD into every node the local runtime starts.
 *
 * It shifts the wall clock (CLOCK_REALTIME, CLOCK_REALTIME_COARSE, gettimeofday, time) by an
 * offset read from the file named in FAULTLINE_CLOCK_FILE, and leaves every other clock alone, so
 * a node's timers and monotonic measurements stay true while its idea of "now" drifts.
 *
 * Why not libfaketime: it resolves the real functions with dlsym at start-up, which allocates;
 * in a program linked with jemalloc (Debian's redis-server) the allocator asks for the time while
 * initialising and the two wait on each other forever. Here nothing allocates and nothing calls
 * back into libc's time functions: the true time comes from the kernel's vDSO (found by walking
 * its ELF symbol table, which is already mapped) or, failing that, from the raw system call.
 *
 * The offset file holds one signed decimal integer, in nanoseconds. It is re-read at most once
 * per millisecond of true time, so a new offset takes effect within about a millisecond without
 * restarting the process. A missing or unreadable file keeps the last offset (0 at start).
 *
 * Each time a process starts using a new offset it appends "<pid> <offset ns>\n" to the file
 * named like the offset file plus ".seen", if that file exists (the harness creates it, writable
 * by every user). The harness reads it to verify, from outside, that the node's program really
 * reads its wall clock through this library: a Go program (which reads the vDSO itself) or a
 * statically linked one (which never loads a preload library) never writes a line.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define REFRESH_INTERVAL_NS 1000000LL
#define NS_PER_SEC 1000000000LL

typedef int (*vdso_clock_gettime_fn)(clockid_t, struct timespec *);

static vdso_clock_gettime_fn vdso_clock_gettime;
static int vdso_looked_up;
static int64_t offset_ns;
static int64_t next_refresh_ns;
static const char *offset_path;
static int offset_path_known;
/* The offset this process last reported in the .seen file. */
static int64_t seen_ns;
static char seen_path[4096];
static int seen_path_state; /* 0 unknown, 1 usable, -1 none */

#if UINTPTR_MAX == 0xffffffffffffffffULL
/* Walks the vDSO's dynamic symbols (64-bit ELF) for a function by name; no allocation. */
static void *find_vdso_symbol(const char *const *names) {
  uintptr_t base = (uintptr_t)getauxval(AT_SYSINFO_EHDR);
  if (base == 0) return NULL;
  const Elf64_Ehdr *ehdr = (const Elf64_Ehdr *)base;
  if (memcmp(ehdr->e_ident, ELFMAG, SELFMAG) != 0 || ehdr->e_ident[EI_CLASS] != ELFCLASS64) return NULL;

  /* The vDSO is mapped in one piece; symbol values are relative to where it was linked. */
  const Elf64_Phdr *phdrs = (const Elf64_Phdr *)(base + ehdr->e_phoff);
  intptr_t bias = 0;
  int found_load = 0;
  for (int i = 0; i < ehdr->e_phnum; i++) {
    if (phdrs[i].p_type == PT_LOAD) {
      bias = (intptr_t)base + (intptr_t)phdrs[i].p_offset - (intptr_t)phdrs[i].p_vaddr;
      found_load = 1;
      break;
    }
  }
  if (!found_load || ehdr->e_shoff == 0) return NULL;

  const Elf64_Shdr *shdrs = (const Elf64_Shdr *)(base + ehdr->e_shoff);
  for (int i = 0; i < ehdr->e_shnum; i++) {
    if (shdrs[i].sh_type != SHT_DYNSYM || shdrs[i].sh_entsize == 0) continue;
    if (shdrs[i].sh_link >= ehdr->e_shnum) return NULL;
    const Elf64_Sym *syms = (const Elf64_Sym *)(base + shdrs[i].sh_offset);
    const char *strtab = (const char *)(base + shdrs[shdrs[i].sh_link].sh_offset);
    size_t count = shdrs[i].sh_size / shdrs[i].sh_entsize;
    for (const char *const *name = names; *name != NULL; name++) {
      for (size_t s = 0; s < count; s++) {
        if (ELF64_ST_TYPE(syms[s].st_info) != STT_FUNC || syms[s].st_shndx == SHN_UNDEF) continue;
        if (strcmp(strtab + syms[s].st_name, *name) == 0) return (void *)(bias + (intptr_t)syms[s].st_value);
      }
    }
  }
  return NULL;
}
#else
static void *find_vdso_symbol(const char *const *names) {
  (void)names;
  return NULL;
}
#endif

static int true_clock_gettime(clockid_t clock, struct timespec *ts) {
  if (!__atomic_load_n(&vdso_looked_up, __ATOMIC_ACQUIRE)) {
    /* x86_64 names it __vdso_clock_gettime, arm64 __kernel_clock_gettime. */
    static const char *const names[] = {"__vdso_clock_gettime", "__kernel_clock_gettime", NULL};
    __atomic_store_n(&vdso_clock_gettime, (vdso_clock_gettime_fn)find_vdso_symbol(names), __ATOMIC_RELEASE);
    __atomic_store_n(&vdso_looked_up, 1, __ATOMIC_RELEASE);
  }
  vdso_clock_gettime_fn fn = __atomic_load_n(&vdso_clock_gettime, __ATOMIC_ACQUIRE);
  if (fn != NULL) return fn(clock, ts);
  return (int)syscall(SYS_clock_gettime, clock, ts);
}

static int parse_offset(const char *text, size_t len, int64_t *out) {
  size_t i = 0;
  int negative = 0;
  while (i < len && (text[i] == ' ' || text[i] == '\t')) i++;
  if (i < len && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  if (i >= len || text[i] < '0' || text[i] > '9') return 0;
  int64_t value = 0;
  for (; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
    if (value > (INT64_MAX - 9) / 10) return 0;
    value = value * 10 + (text[i] - '0');
  }
  while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) i++;
  if (i != len) return 0;
  *out = negative ? -value : value;
  return 1;
}

/* Writes the decimal form of v into out (at least 21 bytes); returns its length. No allocation. */
static size_t format_int64(int64_t v, char *out) {
  char digits[20];
  size_t n = 0;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do {
    digits[n++] = (char)('0' + (u % 10));
    u /= 10;
  } while (u != 0);
  size_t len = 0;
  if (v < 0) out[len++] = '-';
  while (n > 0) out[len++] = digits[--n];
  return len;
}

/* Appends "<pid> <offset>\n" to <offset file>.seen when this process starts using a new offset. */
static void report_seen(const char *path, int64_t value) {
  if (__atomic_exchange_n(&seen_ns, value, __ATOMIC_RELAXED) == value) return;
  int state = __atomic_load_n(&seen_path_state, __ATOMIC_ACQUIRE);
  if (state == 0) {
    size_t len = strlen(path);
    if (len + sizeof ".seen" > sizeof seen_path) {
      __atomic_store_n(&seen_path_state, -1, __ATOMIC_RELEASE);
      return;
    }
    memcpy(seen_path, path, len);
    memcpy(seen_path + len, ".seen", sizeof ".seen");
    __atomic_store_n(&seen_path_state, 1, __ATOMIC_RELEASE);
  } else if (state < 0) {
    return;
  }
  char line[64];
  size_t len = format_int64((int64_t)syscall(SYS_getpid), line);
  line[len++] = ' ';
  len += format_int64(value, line + len);
  line[len++] = '\n';
  /* No O_CREAT: without the harness's file nobody is asking. O_APPEND keeps lines whole. */
  int fd = (int)syscall(SYS_openat, AT_FDCWD, seen_path, O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) return;
  syscall(SYS_write, fd, line, len);
  syscall(SYS_close, fd);
}

static void read_offset_file(void) {
  if (!__atomic_load_n(&offset_path_known, __ATOMIC_ACQUIRE)) {
    __atomic_store_n(&offset_path, getenv("FAULTLINE_CLOCK_FILE"), __ATOMIC_RELEASE);
    __atomic_store_n(&offset_path_known, 1, __ATOMIC_RELEASE);
  }
  const char *path = __atomic_load_n(&offset_path, __ATOMIC_ACQUIRE);
  if (path == NULL || path[0] == '\0') return;

  int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  char buf[64];
  ssize_t got = syscall(SYS_read, fd, buf, sizeof buf);
  syscall(SYS_close, fd);
  int64_t value;
  if (got > 0 && (size_t)got < sizeof buf && parse_offset(buf, (size_t)got, &value)) {
    __atomic_store_n(&offset_ns, value, __ATOMIC_RELAXED);
    report_seen(path, value);
  }
}

/* Returns the offset to add, re-reading the file when the refresh interval has passed. */
static int64_t current_offset(const struct timespec *true_now) {
  int64_t now = (int64_t)true_now->tv_sec * NS_PER_SEC + true_now->tv_nsec;
  int64_t due = __atomic_load_n(&next_refresh_ns, __ATOMIC_RELAXED);
  /* The second test catches the host clock stepping backwards past a far-future deadline. */
  if (now >= due || due - now > 2 * REFRESH_INTERVAL_NS) {
    if (__atomic_compare_exchange_n(&next_refresh_ns, &due, now + REFRESH_INTERVAL_NS, 0, __ATOMIC_RELAXED,
                                    __ATOMIC_RELAXED)) {
      int saved_errno = errno;
      read_offset_file();
      errno = saved_errno;
    }
  }
  return __atomic_load_n(&offset_ns, __ATOMIC_RELAXED);
}

static void shift(struct timespec *ts, int64_t by_ns) {
  int64_t sec = by_ns / NS_PER_SEC;
  int64_t nsec = ts->tv_nsec + by_ns % NS_PER_SEC;
  if (nsec < 0) {
    nsec += NS_PER_SEC;
    sec -= 1;
  } else if (nsec >= NS_PER_SEC) {
    nsec -= NS_PER_SEC;
    sec += 1;
  }
  ts->tv_sec += (time_t)sec;
  ts->tv_nsec = (long)nsec;
}

int clock_gettime(clockid_t clock, struct timespec *ts) {
  int rc = true_clock_gettime(clock, ts);
  if (rc != 0 || (clock != CLOCK_REALTIME && clock != CLOCK_REALTIME_COARSE)) return rc;
  shift(ts, current_offset(ts));
  return 0;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
  if (tz != NULL && syscall(SYS_gettimeofday, NULL, tz) != 0) return -1;
  /* glibc declares tv non-null, but the kernel accepts NULL; hide the pointer from the optimiser. */
  struct timeval *target = tv;
  __asm__("" : "+r"(target));
  if (target == NULL) return 0;
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return -1;
  target->tv_sec = ts.tv_sec;
  target->tv_usec = (suseconds_t)(ts.tv_nsec / 1000);
  return 0;
}

time_t time(time_t *out) {
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return (time_t)-1;
  if (out != NULL) *out = ts.tv_sec;
  return ts.tv_sec;
}
