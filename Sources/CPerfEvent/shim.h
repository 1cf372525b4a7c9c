#ifndef ATTNBENCH_CPERFEVENT_SHIM_H
#define ATTNBENCH_CPERFEVENT_SHIM_H
/* Linux software events through perf_event_open(2), for machines where PAPI's perf_event
   component is disabled (libpfm4 finds no PMU it knows, e.g. a new Intel model in a VM).
   Swift cannot call the variadic syscall(2) or ioctl(2), hence this shim. Every function
   returns 0 or a file descriptor on success and -errno on failure; elsewhere than Linux
   they all fail with -ENOSYS. */
#include <errno.h>
#include <stdint.h>
#ifdef __linux__
#include <linux/perf_event.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Opens a disabled software counter (PERF_TYPE_SOFTWARE, `config` one of PERF_COUNT_SW_*) on the
   calling thread, any CPU; user mode only unless `count_kernel`. */
static inline int cperf_open_software(uint64_t config, int count_kernel) {
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.type = PERF_TYPE_SOFTWARE;
    attr.size = sizeof attr;
    attr.config = config;
    attr.disabled = 1;
    attr.exclude_kernel = count_kernel ? 0 : 1;
    attr.exclude_hv = 1;
    long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    return fd < 0 ? -errno : (int)fd;
}

/* Zeroes and starts the counter. */
static inline int cperf_start(int fd) {
    if (ioctl(fd, PERF_EVENT_IOC_RESET, 0) != 0) return -errno;
    return ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) != 0 ? -errno : 0;
}

/* Stops the counter and stores its count in *value. */
static inline int cperf_stop(int fd, int64_t *value) {
    if (ioctl(fd, PERF_EVENT_IOC_DISABLE, 0) != 0) return -errno;
    uint64_t count = 0;
    ssize_t got = read(fd, &count, sizeof count);
    if (got != (ssize_t)sizeof count) return got < 0 ? -errno : -EIO;
    *value = (int64_t)count;
    return 0;
}

static inline void cperf_close(int fd) { close(fd); }
#else
static inline int cperf_open_software(uint64_t config, int count_kernel) { (void)config; (void)count_kernel; return -ENOSYS; }
static inline int cperf_start(int fd) { (void)fd; return -ENOSYS; }
static inline int cperf_stop(int fd, int64_t *value) { (void)fd; (void)value; return -ENOSYS; }
static inline void cperf_close(int fd) { (void)fd; }
#endif

/* The C library's text for an errno value. */
#include <string.h>
static inline const char *cperf_error_text(int error) { return strerror(error); }
#endif
