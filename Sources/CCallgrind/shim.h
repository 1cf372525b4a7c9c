#ifndef ATTNBENCH_CCALLGRIND_SHIM_H
#define ATTNBENCH_CCALLGRIND_SHIM_H
/*
 * Callgrind's client requests (valgrind/callgrind.h, from the valgrind package) as plain
 * functions Swift can call: the requests are macros that expand to a magic instruction
 * sequence, which does nothing on a real CPU and is intercepted under Valgrind.
 *
 * Where the header is missing (macOS, a machine without valgrind) every request is a
 * no-op and cg_requests_compiled_in() says 0, so the build still works and attnbench can
 * tell a simulation build that cannot switch collection on from one that can.
 */
#if defined(__has_include)
#  if __has_include(<valgrind/callgrind.h>)
#    include <valgrind/callgrind.h>
#    define ATTNBENCH_HAVE_CALLGRIND_H 1
#  endif
#endif

#ifdef ATTNBENCH_HAVE_CALLGRIND_H
static inline int cg_requests_compiled_in(void) { return 1; }
/* Nonzero when this process runs under Valgrind (any tool). */
static inline unsigned cg_running_on_valgrind(void) { return (unsigned)RUNNING_ON_VALGRIND; }
/* Instrumentation on: the cache simulator starts empty (callgrind clears it here). */
static inline void cg_start_instrumentation(void) { CALLGRIND_START_INSTRUMENTATION; }
static inline void cg_stop_instrumentation(void) { CALLGRIND_STOP_INSTRUMENTATION; }
/* Flips event collection (off at start with --collect-atstart=no). */
static inline void cg_toggle_collect(void) { CALLGRIND_TOGGLE_COLLECT; }
#else
static inline int cg_requests_compiled_in(void) { return 0; }
static inline unsigned cg_running_on_valgrind(void) { return 0; }
static inline void cg_start_instrumentation(void) {}
static inline void cg_stop_instrumentation(void) {}
static inline void cg_toggle_collect(void) {}
#endif

#endif
