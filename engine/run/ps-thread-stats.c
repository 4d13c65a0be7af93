/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ps-thread-stats.c */
#include "ps-thread-stats.h"

#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* Reads a small /proc file into @buf. Returns the length, or -1. */
static ssize_t
read_small (const char *path, char *buf, size_t size)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  ssize_t n;

  if (fd < 0)
    return -1;
  n = read (fd, buf, size - 1);
  close (fd);
  if (n >= 0)
    buf[n] = '\0';
  return n;
}

uint64_t
ps_thread_cpu_ns (void)
{
  struct timespec cpu;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &cpu) != 0)
    return 0;
  return (uint64_t) cpu.tv_sec * 1000000000u + (uint64_t) cpu.tv_nsec;
}

bool
ps_thread_stats_read (PsThreadStats *out)
{
  char buf[128];
  struct rusage usage;
  unsigned long long cpu = 0, runnable = 0;
  bool ok = read_small ("/proc/thread-self/schedstat", buf, sizeof buf) > 0
            && sscanf (buf, "%llu %llu", &cpu, &runnable) == 2;

  memset (out, 0, sizeof *out);
  out->cpu_ns = cpu;
  out->runnable_ns = runnable;
  if (getrusage (RUSAGE_THREAD, &usage) == 0)
    out->involuntary = (uint64_t) usage.ru_nivcsw;
  return ok;
}

static uint64_t
timeval_ns (const struct timeval *tv)
{
  return (uint64_t) tv->tv_sec * 1000000000u + (uint64_t) tv->tv_usec * 1000u;
}

double
ps_machine_other_cpu_pct (const PsMachineLoad *a, const PsMachineLoad *b, unsigned cores)
{
  double busy = (double) b->busy_ns - (double) a->busy_ns;
  double self = (double) b->self_ns - (double) a->self_ns;
  double wall = (double) b->wall_ns - (double) a->wall_ns;

  if (b->busy_ns < a->busy_ns || cores == 0 || !(wall > 0))
    return 0;
  return fmin (100.0, fmax (0.0, 100.0 * (busy - self) / (cores * wall)));
}

bool
ps_machine_load_read (PsMachineLoad *out)
{
  char buf[512];
  unsigned long long user, nice, system, idle, iowait, irq, softirq, steal;
  struct timespec self, now;
  struct rusage children;
  long hz = sysconf (_SC_CLK_TCK);

  memset (out, 0, sizeof *out);
  if (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &self) == 0)
    out->self_ns = (uint64_t) self.tv_sec * 1000000000u + (uint64_t) self.tv_nsec;
  /* A sweep's repetitions run in child processes: their CPU time is ours too, not interference. */
  if (getrusage (RUSAGE_CHILDREN, &children) == 0)
    out->self_ns += timeval_ns (&children.ru_utime) + timeval_ns (&children.ru_stime);
  if (clock_gettime (CLOCK_MONOTONIC, &now) == 0)
    out->wall_ns = (uint64_t) now.tv_sec * 1000000000u + (uint64_t) now.tv_nsec;
  if (hz <= 0 || read_small ("/proc/stat", buf, sizeof buf) <= 0
      || sscanf (buf, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &system, &idle,
                 &iowait, &irq, &softirq, &steal) != 8)
    return false;
  /* Steal is time a hypervisor gave another guest: the machine was busy for us too. */
  out->busy_ns = (user + nice + system + irq + softirq + steal) * (1000000000ull / (uint64_t) hz);
  return true;
}
