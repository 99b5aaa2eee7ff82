/*
 * faultline-pod: the one program of a node's holder container. The holder owns the node's
 * network namespace (its address, its published port, its firewall) and a mount of the node's
 * folder; the node's own container joins that namespace. The holder is never paused or killed
 * by a fault, so the runtime reaches a paused or stopped node's network and files through it,
 * with `docker exec` over the engine's API (which works for a remote engine too).
 *
 *   faultline-pod hold                    wait for SIGTERM or SIGINT, reaping children
 *   faultline-pod write FILE TEXT [MODE]  write TEXT to FILE through FILE.partial and rename;
 *                                         MODE in octal (default 644)
 *   faultline-pod read FILE FROM          print FILE from byte FROM on (nothing if it is shorter)
 *   faultline-pod own UID GID PATH...     create each PATH (mode 755) if missing, then hand it
 *                                         and everything under it to UID:GID
 *   faultline-pod restore LINE...         feed the lines to iptables-restore -w --noflush
 *   faultline-pod knock MS HOST PORT COUNT [HOST PORT COUNT]...
 *                                         from this network namespace, COUNT TCP connects to
 *                                         each HOST:PORT at once; a connection or a reset is an
 *                                         answer, nothing within MS milliseconds is silence, any
 *                                         other error is named. Prints one JSON line:
 *                                         {"results":[{"host":H,"answered":N,"silent":M,"errors":[…]}]}
 *
 * Exit status 0 on success; 2 for bad arguments; 3 when `read` finds no FILE; otherwise 1 with
 * the reason on stderr, or the exit status of iptables-restore.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

static void on_stop(int sig) {
  (void)sig;
  stopping = 1;
}

static int hold(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  while (!stopping) {
    pause();
    /* Children of `docker exec` are reparented to us, pid 1: reap them. */
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
  }
  return 0;
}

static int write_all(int fd, const char *text, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, text, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    text += n;
    len -= (size_t)n;
  }
  return 0;
}

static int write_file(const char *file, const char *text, mode_t mode) {
  char partial[4096];
  if (snprintf(partial, sizeof partial, "%s.partial", file) >= (int)sizeof partial) {
    fprintf(stderr, "faultline-pod: path too long: %s\n", file);
    return 1;
  }
  int fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  /* fchmod, not the umask-filtered mode of open: a record every user appends to needs 666. */
  if (fd < 0 || write_all(fd, text, strlen(text)) != 0 || fchmod(fd, mode) != 0 || close(fd) != 0) {
    fprintf(stderr, "faultline-pod: cannot write %s: %s\n", partial, strerror(errno));
    return 1;
  }
  if (rename(partial, file) != 0) {
    fprintf(stderr, "faultline-pod: cannot rename %s to %s: %s\n", partial, file, strerror(errno));
    return 1;
  }
  return 0;
}

static uid_t owner_uid;
static gid_t owner_gid;

static int chown_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  if (lchown(path, owner_uid, owner_gid) != 0) {
    fprintf(stderr, "faultline-pod: cannot chown %s: %s\n", path, strerror(errno));
    return 1;
  }
  return 0;
}

static int make_dirs(const char *path) {
  char buf[4096];
  if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) return -1;
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(buf, 0755) != 0 && errno != EEXIST) return -1;
    *p = '/';
  }
  if (mkdir(buf, 0755) != 0 && errno != EEXIST) return -1;
  return 0;
}

static int own(int argc, char **argv) {
  char *end;
  owner_uid = (uid_t)strtoul(argv[0], &end, 10);
  if (*end != '\0') return 2;
  owner_gid = (gid_t)strtoul(argv[1], &end, 10);
  if (*end != '\0') return 2;
  for (int i = 2; i < argc; i++) {
    if (make_dirs(argv[i]) != 0) {
      fprintf(stderr, "faultline-pod: cannot create %s: %s\n", argv[i], strerror(errno));
      return 1;
    }
    if (nftw(argv[i], chown_one, 32, FTW_PHYS) != 0) return 1;
  }
  return 0;
}

static int restore(int argc, char **argv) {
  int pipefd[2];
  if (pipe(pipefd) != 0) {
    perror("faultline-pod: pipe");
    return 1;
  }
  pid_t child = fork();
  if (child < 0) {
    perror("faultline-pod: fork");
    return 1;
  }
  if (child == 0) {
    dup2(pipefd[0], 0);
    close(pipefd[0]);
    close(pipefd[1]);
    execlp("iptables-restore", "iptables-restore", "-w", "--noflush", (char *)NULL);
    fprintf(stderr, "faultline-pod: cannot run iptables-restore: %s\n", strerror(errno));
    _exit(127);
  }
  close(pipefd[0]);
  signal(SIGPIPE, SIG_IGN);
  int failed = 0;
  for (int i = 0; i < argc && !failed; i++) {
    failed = write_all(pipefd[1], argv[i], strlen(argv[i])) != 0 || write_all(pipefd[1], "\n", 1) != 0;
  }
  close(pipefd[1]);
  int status;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) {
      perror("faultline-pod: waitpid");
      return 1;
    }
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  fprintf(stderr, "faultline-pod: iptables-restore died by signal %d\n", WTERMSIG(status));
  return 1;
}

static int read_file(const char *file, const char *from_text) {
  char *end;
  unsigned long long from = strtoull(from_text, &end, 10);
  if (*end != '\0') return 2;
  int fd = open(file, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fprintf(stderr, "faultline-pod: cannot open %s: %s\n", file, strerror(errno));
    return errno == ENOENT ? 3 : 1;
  }
  if (lseek(fd, (off_t)from, SEEK_SET) < 0) {
    fprintf(stderr, "faultline-pod: cannot seek in %s: %s\n", file, strerror(errno));
    close(fd);
    return 1;
  }
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      fprintf(stderr, "faultline-pod: cannot read %s: %s\n", file, strerror(errno));
      close(fd);
      return 1;
    }
    if (n == 0) break;
    if (write_all(1, buf, (size_t)n) != 0) {
      close(fd);
      return 1;
    }
  }
  close(fd);
  return 0;
}

/* The names link-probe.mjs reports for the same errors (Node's error codes). */
static const char *errno_name(int err) {
  switch (err) {
    case EHOSTUNREACH: return "EHOSTUNREACH";
    case ENETUNREACH: return "ENETUNREACH";
    case EPERM: return "EPERM";
    case EACCES: return "EACCES";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    default: return "EOTHER";
  }
}

enum { PENDING, ANSWERED, SILENT, FAILED };

struct knock {
  int target;
  int fd;
  int state;
  int err;
};

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Settles a knock whose socket poll reported on: connected or reset is an answer. */
static void settle(struct knock *k) {
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(k->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  if (err == 0 || err == ECONNREFUSED || err == ECONNRESET) k->state = ANSWERED;
  else if (err == EINPROGRESS || err == EALREADY) return;
  else {
    k->state = FAILED;
    k->err = err;
  }
}

static int knock(int argc, char **argv) {
  char *end;
  long timeout = strtol(argv[0], &end, 10);
  if (*end != '\0' || timeout <= 0 || (argc - 1) % 3 != 0) return 2;
  int targets = (argc - 1) / 3;
  struct sockaddr_in *addrs = calloc((size_t)targets, sizeof *addrs);
  int total = 0;
  for (int t = 0; t < targets; t++) {
    char **spec = argv + 1 + 3 * t;
    long port = strtol(spec[1], &end, 10);
    if (*end != '\0' || port < 1 || port > 65535) return 2;
    long count = strtol(spec[2], &end, 10);
    if (*end != '\0' || count < 1 || count > 10000) return 2;
    addrs[t].sin_family = AF_INET;
    addrs[t].sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, spec[0], &addrs[t].sin_addr) != 1) return 2;
    total += (int)count;
  }
  /* Every knock at once needs a descriptor each. */
  struct rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < (rlim_t)total + 16 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  struct knock *knocks = calloc((size_t)total, sizeof *knocks);
  struct pollfd *fds = calloc((size_t)total, sizeof *fds);
  int *index = calloc((size_t)total, sizeof *index);
  if (!addrs || !knocks || !fds || !index) {
    perror("faultline-pod: calloc");
    return 1;
  }
  int n = 0;
  for (int t = 0; t < targets; t++) {
    long count = strtol(argv[1 + 3 * t + 2], NULL, 10);
    for (long c = 0; c < count; c++, n++) {
      struct knock *k = &knocks[n];
      k->target = t;
      k->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (k->fd < 0) {
        k->state = FAILED;
        k->err = errno;
        continue;
      }
      if (connect(k->fd, (struct sockaddr *)&addrs[t], sizeof addrs[t]) == 0) k->state = ANSWERED;
      else if (errno == EINPROGRESS) k->state = PENDING;
      else if (errno == ECONNREFUSED || errno == ECONNRESET) k->state = ANSWERED;
      else {
        k->state = FAILED;
        k->err = errno;
      }
    }
  }
  long long deadline = now_ms() + timeout;
  for (;;) {
    int waiting = 0;
    for (int i = 0; i < total; i++) {
      if (knocks[i].state != PENDING) continue;
      fds[waiting].fd = knocks[i].fd;
      fds[waiting].events = POLLOUT;
      fds[waiting].revents = 0;
      index[waiting++] = i;
    }
    if (waiting == 0) break;
    long long left = deadline - now_ms();
    /* Past the deadline, one last look at answers that already came before calling the rest silent. */
    int ready = poll(fds, (nfds_t)waiting, left > 0 ? (int)left : 0);
    if (ready < 0 && errno != EINTR) {
      perror("faultline-pod: poll");
      return 1;
    }
    for (int w = 0; w < waiting && ready > 0; w++) {
      if (fds[w].revents != 0) settle(&knocks[index[w]]);
    }
    if (left <= 0) {
      for (int w = 0; w < waiting; w++) {
        if (knocks[index[w]].state == PENDING) knocks[index[w]].state = SILENT;
      }
      break;
    }
  }
  printf("{\"results\":[");
  for (int t = 0; t < targets; t++) {
    int answered = 0, silent = 0;
    const char *errors[16];
    int nerrors = 0;
    for (int i = 0; i < total; i++) {
      if (knocks[i].target != t) continue;
      if (knocks[i].state == ANSWERED) answered++;
      else if (knocks[i].state == SILENT) silent++;
      else if (knocks[i].state == FAILED) {
        const char *name = errno_name(knocks[i].err);
        int known = 0;
        for (int e = 0; e < nerrors; e++) known |= strcmp(errors[e], name) == 0;
        if (!known && nerrors < 16) errors[nerrors++] = name;
      }
    }
    printf("%s{\"host\":\"%s\",\"answered\":%d,\"silent\":%d,\"errors\":[", t ? "," : "", argv[1 + 3 * t], answered, silent);
    for (int e = 0; e < nerrors; e++) printf("%s\"%s\"", e ? "," : "", errors[e]);
    printf("]}");
  }
  printf("]}\n");
  for (int i = 0; i < total; i++) {
    if (knocks[i].fd >= 0) close(knocks[i].fd);
  }
  return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "hold") == 0 && argc == 2) return hold();
  if ((argc == 4 || argc == 5) && strcmp(argv[1], "write") == 0) {
    char *end;
    unsigned long mode = argc == 5 ? strtoul(argv[4], &end, 8) : 0644;
    if ((argc == 5 && *end != '\0') || mode > 07777) return 2;
    return write_file(argv[2], argv[3], (mode_t)mode);
  }
  if (argc == 4 && strcmp(argv[1], "read") == 0) return read_file(argv[2], argv[3]);
  if (argc >= 6 && strcmp(argv[1], "knock") == 0) return knock(argc - 2, argv + 2);
  if (argc >= 5 && strcmp(argv[1], "own") == 0) return own(argc - 2, argv + 2);
  if (argc >= 3 && strcmp(argv[1], "restore") == 0) return restore(argc - 2, argv + 2);
  fprintf(stderr, "usage: faultline-pod hold | write FILE TEXT [MODE] | read FILE FROM | own UID GID PATH... | restore LINE... | knock MS HOST PORT COUNT...\n");
  return 2;
}
