/*
 * PSCI (Arm DEN 0022) function IDs, return codes and call wrappers. The conduit (SMC or
 * HVC) is fixed at build time: every program is linked once per conduit.
 * SMC32 results are the signed 32-bit value in W0 (SMCCC, DEN 0028 2.5).
 */
#ifndef SW_PSCI_H
#define SW_PSCI_H

#include <stdbool.h>
#include <stdint.h>

#include "sw/console.h"

#define PSCI_FN32(n) (0x84000000u + (n))
#define PSCI_FN64(n) (0xC4000000u + (n))

#define PSCI_VERSION               PSCI_FN32(0x00)
#define PSCI_CPU_SUSPEND32         PSCI_FN32(0x01)
#define PSCI_CPU_SUSPEND64         PSCI_FN64(0x01)
#define PSCI_CPU_OFF               PSCI_FN32(0x02)
#define PSCI_CPU_ON32              PSCI_FN32(0x03)
#define PSCI_CPU_ON64              PSCI_FN64(0x03)
#define PSCI_AFFINITY_INFO32       PSCI_FN32(0x04)
#define PSCI_AFFINITY_INFO64       PSCI_FN64(0x04)
#define PSCI_MIGRATE32             PSCI_FN32(0x05)
#define PSCI_MIGRATE64             PSCI_FN64(0x05)
#define PSCI_MIGRATE_INFO_TYPE     PSCI_FN32(0x06)
#define PSCI_MIGRATE_INFO_UP_CPU32 PSCI_FN32(0x07)
#define PSCI_MIGRATE_INFO_UP_CPU64 PSCI_FN64(0x07)
#define PSCI_SYSTEM_OFF            PSCI_FN32(0x08)
#define PSCI_SYSTEM_RESET          PSCI_FN32(0x09)
#define PSCI_FEATURES              PSCI_FN32(0x0A)
#define PSCI_CPU_FREEZE            PSCI_FN32(0x0B)
#define PSCI_CPU_DEFAULT_SUSPEND32 PSCI_FN32(0x0C)
#define PSCI_CPU_DEFAULT_SUSPEND64 PSCI_FN64(0x0C)
#define PSCI_NODE_HW_STATE32       PSCI_FN32(0x0D)
#define PSCI_NODE_HW_STATE64       PSCI_FN64(0x0D)
#define PSCI_SYSTEM_SUSPEND32      PSCI_FN32(0x0E)
#define PSCI_SYSTEM_SUSPEND64      PSCI_FN64(0x0E)
#define PSCI_SET_SUSPEND_MODE      PSCI_FN32(0x0F)
#define PSCI_STAT_RESIDENCY32      PSCI_FN32(0x10)
#define PSCI_STAT_RESIDENCY64      PSCI_FN64(0x10)
#define PSCI_STAT_COUNT32          PSCI_FN32(0x11)
#define PSCI_STAT_COUNT64          PSCI_FN64(0x11)
#define PSCI_SYSTEM_RESET2_32      PSCI_FN32(0x12)
#define PSCI_SYSTEM_RESET2_64      PSCI_FN64(0x12)
#define PSCI_MEM_PROTECT           PSCI_FN32(0x13)
#define PSCI_MEM_PROTECT_CHECK32   PSCI_FN32(0x14)
#define PSCI_MEM_PROTECT_CHECK64   PSCI_FN64(0x14)
#define PSCI_SYSTEM_OFF2_32        PSCI_FN32(0x15)
#define PSCI_SYSTEM_OFF2_64        PSCI_FN64(0x15)
#define SMCCC_VERSION              0x80000000u

/* Return codes (DEN 0022 5.2.2). */
#define PSCI_SUCCESS            0
#define PSCI_NOT_SUPPORTED      (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED             (-3)
#define PSCI_ALREADY_ON         (-4)
#define PSCI_ON_PENDING         (-5)
#define PSCI_INTERNAL_FAILURE   (-6)
#define PSCI_NOT_PRESENT        (-7)
#define PSCI_DISABLED           (-8)
#define PSCI_INVALID_ADDRESS    (-9)

/* AFFINITY_INFO and NODE_HW_STATE results. */
#define PSCI_AFF_ON         0
#define PSCI_AFF_OFF        1
#define PSCI_AFF_ON_PENDING 2
#define PSCI_HW_ON          0
#define PSCI_HW_OFF         1
#define PSCI_HW_STANDBY     2

#define PSCI_VERSION_MAKE(maj, min) (((uint32_t)(maj) << 16) | (min))

/* PSCI_FEATURES(CPU_SUSPEND) flags (DEN 0022 5.15.2). */
#define PSCI_FEAT_OSI        (1u << 0)
#define PSCI_FEAT_EXT_PSTATE (1u << 1)

uint64_t sw_psci_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
uint64_t sw_psci_call_resumable(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
extern char sw_cpu_entry[];
extern char sw_resume_entry[];

static inline int32_t sw_psci_ret32(uint64_t x0)
{
    return (int32_t)(uint32_t)x0;
}
static inline int32_t psci_call32(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
    return sw_psci_ret32(sw_psci_call(fid, a1, a2, a3));
}

static inline int32_t psci_version(void)
{
    return psci_call32(PSCI_VERSION, 0, 0, 0);
}
static inline int32_t psci_features(uint32_t fid)
{
    return psci_call32(PSCI_FEATURES, fid, 0, 0);
}
static inline int32_t psci_cpu_on(uint64_t mpidr, uintptr_t entry, uint64_t ctx)
{
    return psci_call32(PSCI_CPU_ON64, mpidr, entry, ctx);
}
static inline int32_t psci_cpu_off(void)
{
    return psci_call32(PSCI_CPU_OFF, 0, 0, 0);
}
static inline int32_t psci_affinity_info(uint64_t mpidr, uint32_t level)
{
    return psci_call32(PSCI_AFFINITY_INFO64, mpidr, level, 0);
}
static inline int32_t psci_system_off(void)
{
    sw_console_flush(); /* the machine stops or restarts: send what is queued */
    return psci_call32(PSCI_SYSTEM_OFF, 0, 0, 0);
}
static inline int32_t psci_system_reset(void)
{
    sw_console_flush(); /* the machine stops or restarts: send what is queued */
    return psci_call32(PSCI_SYSTEM_RESET, 0, 0, 0);
}
static inline int32_t psci_system_reset2(uint32_t type, uint64_t cookie)
{
    sw_console_flush(); /* the machine stops or restarts: send what is queued */
    return psci_call32(PSCI_SYSTEM_RESET2_64, type, cookie, 0);
}
static inline int32_t psci_node_hw_state(uint64_t mpidr, uint32_t level)
{
    return psci_call32(PSCI_NODE_HW_STATE64, mpidr, level, 0);
}
static inline int32_t psci_set_suspend_mode(uint32_t mode)
{
    return psci_call32(PSCI_SET_SUSPEND_MODE, mode, 0, 0);
}
static inline uint64_t psci_stat_count(uint64_t mpidr, uint32_t power_state)
{
    return sw_psci_call(PSCI_STAT_COUNT64, mpidr, power_state, 0);
}
static inline uint64_t psci_stat_residency(uint64_t mpidr, uint32_t power_state)
{
    return sw_psci_call(PSCI_STAT_RESIDENCY64, mpidr, power_state, 0);
}
static inline int32_t psci_mem_protect(uint32_t enable)
{
    return psci_call32(PSCI_MEM_PROTECT, enable, 0, 0);
}
static inline int32_t psci_mem_protect_check_range(uint64_t base, uint64_t length)
{
    return psci_call32(PSCI_MEM_PROTECT_CHECK64, base, length, 0);
}
static inline int32_t psci_migrate_info_type(void)
{
    return psci_call32(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0);
}
static inline int32_t psci_cpu_freeze(void)
{
    return psci_call32(PSCI_CPU_FREEZE, 0, 0, 0);
}

/*
 * Suspend calls that may lose context. *resumed is set when the core came back through
 * sw_resume_entry (the return value is then the context_id it received in x0); otherwise
 * the call returned at the call site and the result is the PSCI return code. After a
 * resume the GIC CPU interface is re-initialised. Callers run with IRQs masked.
 */
int64_t sw_psci_cpu_suspend(uint32_t power_state, uint64_t ctx, bool *resumed);
int64_t sw_psci_cpu_suspend_entry(uint32_t power_state, uintptr_t entry, uint64_t ctx,
                                  bool *resumed);
int64_t sw_psci_cpu_default_suspend(uintptr_t entry, uint64_t ctx, bool *resumed);
int64_t sw_psci_system_suspend(uintptr_t entry, uint64_t ctx, bool *resumed);

const char *psci_ret_name(int64_t ret);
const char *psci_fn_name(uint32_t fid);

#endif
