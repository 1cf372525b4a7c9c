#ifndef ATTNBENCH_CPAPI_SHIM_H
#define ATTNBENCH_CPAPI_SHIM_H
#include <papi.h>
#include <pthread.h>
#include <string.h>

/* Swift does not import composite C macros; re-export the ones attnbench needs. */
static inline int cpapi_ver_current(void) { return PAPI_VER_CURRENT; }
static inline int cpapi_dom_user(void) { return PAPI_DOM_USER; }
static inline int cpapi_dom_kernel(void) { return PAPI_DOM_KERNEL; }
static inline int cpapi_dom_all(void) { return PAPI_DOM_ALL; }
static inline int cpapi_preset_mask(void) { return PAPI_PRESET_MASK; }
static inline int cpapi_native_mask(void) { return PAPI_NATIVE_MASK; }
static inline int cpapi_version_major(int v) { return PAPI_VERSION_MAJOR(v); }
static inline int cpapi_version_minor(int v) { return PAPI_VERSION_MINOR(v); }
static inline int cpapi_version_revision(int v) { return PAPI_VERSION_REVISION(v); }
static inline int cpapi_version_increment(int v) { return PAPI_VERSION_INCREMENT(v); }
/* The full version of the header Counters was compiled against (PAPI_VER_CURRENT drops the last two parts). */
static inline int cpapi_header_version(void) { return PAPI_VERSION; }

/* The version of the PAPI library actually loaded (may differ from the header in its last two parts). */
static inline int cpapi_library_version(void) { return PAPI_get_opt(PAPI_LIB_VERSION, NULL); }

/* PAPI_thread_init needs a C function returning a thread id; pthread_self is the usual one. */
static inline unsigned long cpapi_thread_id(void) { return (unsigned long)pthread_self(); }
static inline int cpapi_thread_init(void) { return PAPI_thread_init(cpapi_thread_id); }

/* Copies a C string into a caller buffer (always terminated). */
static inline void cpapi_copy(char *dst, int cap, const char *src) {
    if (cap <= 0) return;
    if (src == NULL) { dst[0] = 0; return; }
    strncpy(dst, src, (size_t)cap - 1);
    dst[cap - 1] = 0;
}

/* The few fields of PAPI_event_info_t attnbench shows, without importing the 30 KiB struct into Swift.
   `terms` is the number of native events behind a preset (0: the preset is not defined on this CPU). */
static inline int cpapi_event_describe(int code, char *symbol, int symbol_cap,
                                       char *descr, int descr_cap, unsigned *terms) {
    PAPI_event_info_t info;
    memset(&info, 0, sizeof info);
    int rc = PAPI_get_event_info(code, &info);
    if (rc != PAPI_OK) return rc;
    cpapi_copy(symbol, symbol_cap, info.symbol);
    cpapi_copy(descr, descr_cap, info.long_descr[0] ? info.long_descr : info.short_descr);
    if (terms) *terms = info.count;
    return PAPI_OK;
}

/* Name, state and counter count of one component; returns PAPI_ENOCMP for a bad index. */
static inline int cpapi_component_describe(int cidx, char *name, int name_cap, int *disabled,
                                           char *reason, int reason_cap, int *counters) {
    const PAPI_component_info_t *c = PAPI_get_component_info(cidx);
    if (c == NULL) return PAPI_ENOCMP;
    cpapi_copy(name, name_cap, c->name);
    cpapi_copy(reason, reason_cap, c->disabled ? c->disabled_reason : "");
    if (disabled) *disabled = c->disabled;
    if (counters) *counters = c->num_cntrs;
    return PAPI_OK;
}

/* Whether PAPI detected a hypervisor, and its vendor string; returns 0 when hardware info is unknown. */
static inline int cpapi_hardware_virtualized(char *vendor, int vendor_cap) {
    const PAPI_hw_info_t *hw = PAPI_get_hardware_info();
    if (hw == NULL) { cpapi_copy(vendor, vendor_cap, ""); return 0; }
    cpapi_copy(vendor, vendor_cap, hw->virtualized ? hw->virtual_vendor_string : "");
    return hw->virtualized;
}

#endif
