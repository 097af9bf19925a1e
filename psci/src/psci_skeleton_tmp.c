/* TEMPORARY intermediate skeleton: every handler below answers NOT_SUPPORTED until its
 * per-operation file lands. Removed before the library is complete. */
#include "psci_private.h"
#define NS PSCI_RET_NOT_SUPPORTED
uint32_t psci_make_power_state(enum psci_pstate_format f, const psci_local_state_t s[3], unsigned l)
{ (void)f; (void)s; (void)l; return 0; }
int64_t psci_cpu_on(struct psci *p, unsigned c, bool a, uint64_t t, uint64_t e, uint64_t x)
{ (void)p; (void)c; (void)a; (void)t; (void)e; (void)x; return NS; }
int64_t psci_cpu_off(struct psci *p, unsigned c, struct psci_result *o) { (void)p; (void)c; (void)o; return NS; }
int64_t psci_cpu_suspend(struct psci *p, unsigned c, bool a, uint32_t s, uint64_t e, uint64_t x, struct psci_result *o)
{ (void)p; (void)c; (void)a; (void)s; (void)e; (void)x; (void)o; return NS; }
int64_t psci_cpu_default_suspend(struct psci *p, unsigned c, bool a, uint64_t e, uint64_t x, struct psci_result *o)
{ (void)p; (void)c; (void)a; (void)e; (void)x; (void)o; return NS; }
int64_t psci_system_suspend(struct psci *p, unsigned c, bool a, uint64_t e, uint64_t x, struct psci_result *o)
{ (void)p; (void)c; (void)a; (void)e; (void)x; (void)o; return NS; }
int64_t psci_cpu_freeze(struct psci *p, unsigned c, struct psci_result *o) { (void)p; (void)c; (void)o; return NS; }
int64_t psci_affinity_info(struct psci *p, uint64_t t, uint64_t l) { (void)p; (void)t; (void)l; return NS; }
int64_t psci_node_hw_state(struct psci *p, uint64_t t, uint64_t l) { (void)p; (void)t; (void)l; return NS; }
int64_t psci_set_suspend_mode(struct psci *p, unsigned c, uint64_t m) { (void)p; (void)c; (void)m; return NS; }
int64_t psci_migrate(struct psci *p, unsigned c, uint64_t t) { (void)p; (void)c; (void)t; return NS; }
int64_t psci_migrate_info_type(struct psci *p) { return p->cfg.tos; }
int64_t psci_migrate_info_up_cpu(struct psci *p) { (void)p; return NS; }
int64_t psci_system_off(struct psci *p, struct psci_result *o) { (void)p; (void)o; return NS; }
int64_t psci_system_off2(struct psci *p, uint64_t t, uint64_t k, struct psci_result *o) { (void)p; (void)t; (void)k; (void)o; return NS; }
int64_t psci_system_reset(struct psci *p, struct psci_result *o) { (void)p; (void)o; return NS; }
int64_t psci_system_reset2(struct psci *p, uint64_t t, uint64_t k, struct psci_result *o) { (void)p; (void)t; (void)k; (void)o; return NS; }
int64_t psci_mem_protect(struct psci *p, uint64_t e) { (void)p; (void)e; return NS; }
int64_t psci_mem_protect_check_range(struct psci *p, uint64_t b, uint64_t l, bool s) { (void)p; (void)b; (void)l; (void)s; return NS; }
int64_t psci_stat_call(struct psci *p, unsigned f, uint64_t t, uint32_t s) { (void)p; (void)f; (void)t; (void)s; return 0; }
int psci_event_power_up_done(struct psci *p, unsigned c, struct psci_resume *o) { (void)p; (void)c; (void)o; return PSCI_ERR_STATE; }
int psci_event_wakeup(struct psci *p, unsigned c, struct psci_resume *o) { (void)p; (void)c; (void)o; return PSCI_ERR_STATE; }
int psci_event_suspend_abandoned(struct psci *p, unsigned c, struct psci_resume *o) { (void)p; (void)c; (void)o; return PSCI_ERR_STATE; }
int psci_event_power_down_done(struct psci *p, unsigned c) { (void)p; (void)c; return PSCI_ERR_STATE; }
int psci_event_system_reset(struct psci *p) { psci_cold_boot(p); return PSCI_OK; }
bool psci_get_node_stats(const struct psci *p, unsigned c, unsigned l, psci_local_state_t s, bool i, struct psci_node_stats *o)
{ (void)p; (void)c; (void)l; (void)s; (void)i; (void)o; return false; }
