#ifndef ATTNBENCH_CPAPI_SHIM_H
#define ATTNBENCH_CPAPI_SHIM_H
#include <papi.h>

/* Swift does not import composite C macros; re-export the ones attnbench needs. */
static inline int cpapi_ver_current(void) { return PAPI_VER_CURRENT; }
static inline int cpapi_dom_user(void) { return PAPI_DOM_USER; }
static inline int cpapi_dom_kernel(void) { return PAPI_DOM_KERNEL; }
static inline int cpapi_dom_all(void) { return PAPI_DOM_ALL; }
static inline int cpapi_preset_mask(void) { return PAPI_PRESET_MASK; }
static inline int cpapi_version_major(int v) { return PAPI_VERSION_MAJOR(v); }
static inline int cpapi_version_minor(int v) { return PAPI_VERSION_MINOR(v); }
static inline int cpapi_version_revision(int v) { return PAPI_VERSION_REVISION(v); }

#endif
