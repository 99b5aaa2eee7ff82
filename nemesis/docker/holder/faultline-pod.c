/*
 * faultline-pod: the one program of a node's holder container. The holder owns the node's
 * network namespace (its address, its published port, its firewall) and a mount of the node's
 * folder; the node's own container joins that namespace. The holder is never paused or killed
 * by a fault, so the runtime reaches a paused or stopped node's network and files through it,
 * with `docker exec` over the engine's API (which works for a remote engine too).
 *
 *   faultline-pod hold                    wait for SIGTERM or SIGINT, reaping children
 *   faultline-pod write FILE TEXT         write TEXT to FILE through FILE.partial and rename
 *   faultline-pod own UID GID PATH...     create each PATH (mode 755) if missing, then hand it
 *                                         and everything under it to UID:GID
 *   faultline-pod restore LINE...         feed the lines to iptables-restore -w --noflush
 *
 * Exit status 0 on success; 2 for bad arguments; otherwise 1 with the reason on stderr, or the
 * exit status of iptables-restore.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
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

static int write_file(const char *file, const char *text) {
  char partial[4096];
  if (snprintf(partial, sizeof partial, "%s.partial", file) >= (int)sizeof partial) {
    fprintf(stderr, "faultline-pod: path too long: %s\n", file);
    return 1;
  }
  int fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || write_all(fd, text, strlen(text)) != 0 || fchmod(fd, 0644) != 0 || close(fd) != 0) {
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

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "hold") == 0 && argc == 2) return hold();
  if (argc == 4 && strcmp(argv[1], "write") == 0) return write_file(argv[2], argv[3]);
  if (argc >= 5 && strcmp(argv[1], "own") == 0) return own(argc - 2, argv + 2);
  if (argc >= 3 && strcmp(argv[1], "restore") == 0) return restore(argc - 2, argv + 2);
  fprintf(stderr, "usage: faultline-pod hold | write FILE TEXT | own UID GID PATH... | restore LINE...\n");
  return 2;
}
