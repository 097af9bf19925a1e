#include "pscisim/fvp/tzc400.h"

#include <string>

#include "pscisim/device.h"

namespace pscisim
{

tzc400::tzc400(sc_core::sc_module_name name)
    : bank_device(name, false),
      build_(bank_, "BUILD_CONFIG", BUILD_CONFIG, build_config_value, reg_access::ro),
      action_(bank_, "ACTION", ACTION), gate_(bank_, "GATE_KEEPER", GATE_KEEPER),
      spec_(bank_, "SPECULATION_CTRL", SPECULATION_CTRL),
      int_status_(bank_, "INT_STATUS", INT_STATUS, 0, reg_access::ro),
      int_clear_(bank_, "INT_CLEAR", INT_CLEAR, 0, reg_access::wo),
      fail_(bank_, "FAIL", FAIL_BASE, 0, reg_access::ro, 4, 4 * num_filters),
      pid_lo_(bank_, "PID4_7", PID4, 0, reg_access::ro, 4, 4),
      pid_hi_(bank_, "PID0_3", PID0, 0, reg_access::ro, 4, 4),
      cid_(bank_, "CID", CID0, 0, reg_access::ro, 4, 4)
{
    pid_lo_.on_read = [](size_t k) -> uint64_t { return pid[4 + k]; };
    pid_hi_.on_read = [](size_t k) -> uint64_t { return pid[k]; };
    cid_.on_read = [](size_t k) -> uint64_t { return cid[k]; };
    action_.writable_mask = 0x3;
    spec_.writable_mask = 0x3;
    // Gate keeper: software requests filters open in [3:0]; no transaction is ever
    // outstanding here, so the status [19:16] follows the request at once (TF-A
    // polls it, tzc400.c _tzc400_set_gate_keeper()).
    gate_.on_write = [this](size_t, uint64_t v, uint64_t m) {
        uint64_t req = ((gate_ & ~m) | (v & m)) & 0xF;
        gate_.set(req | (req << 16));
        changed();
    };
    // INT_CLEAR: writing 1 to bit f clears that filter's status, overrun and
    // overlap flags (tzc400.h INT_CLEAR, tzc400_clear_it()).
    int_clear_.on_write = [this](size_t, uint64_t v, uint64_t m) {
        uint64_t f = v & m & 0xF;
        int_status_.set(int_status_ & ~(f | (f << 8) | (f << 16)));
    };
    const uint64_t top_all = (addr_width >= 64) ? ~0ull : ((1ull << addr_width) - 1);
    for (unsigned n = 0; n < num_regions; ++n) {
        uint64_t b = REGION_BASE + n * REGION_STRIDE;
        std::string r = "REGION" + std::to_string(n) + "_";
        // Region 0 covers the whole space: base and top are read-only, and so
        // are its filter enables (all filters) (TZC-400 TRM, region 0).
        reg_access ra = n == 0 ? reg_access::ro : reg_access::rw;
        base_lo_[n] = std::make_unique<reg>(bank_, (r + "BASE_LOW").c_str(), b + R_BASE_LOW, 0, ra);
        base_hi_[n] =
            std::make_unique<reg>(bank_, (r + "BASE_HIGH").c_str(), b + R_BASE_HIGH, 0, ra);
        top_lo_[n] = std::make_unique<reg>(bank_, (r + "TOP_LOW").c_str(), b + R_TOP_LOW,
                                           n == 0 ? uint32_t(top_all) : 0xFFFu, ra);
        top_hi_[n] = std::make_unique<reg>(bank_, (r + "TOP_HIGH").c_str(), b + R_TOP_HIGH,
                                           n == 0 ? (top_all >> 32) : 0, ra);
        attr_[n] = std::make_unique<reg>(bank_, (r + "ATTRIBUTES").c_str(), b + R_ATTRIBUTES,
                                         n == 0 ? ((1u << num_filters) - 1) : 0);
        id_[n] = std::make_unique<reg>(bank_, (r + "ID_ACCESS").c_str(), b + R_ID_ACCESS);
        // 4 KiB granularity: base [11:0] reads 0, top [11:0] reads as ones;
        // address bits above the configured width are RES0.
        base_lo_[n]->writable_mask = 0xFFFFF000u;
        top_lo_[n]->on_write = [this, n](size_t, uint64_t v, uint64_t m) {
            top_lo_[n]->set(((top_lo_[n]->get() & ~m) | (v & m)) | 0xFFFu);
        };
        base_hi_[n]->writable_mask = top_all >> 32;
        top_hi_[n]->writable_mask = top_all >> 32;
        // sec_attr [31:30], filter enables [num_filters-1:0].
        attr_[n]->writable_mask = n == 0 ? 0xC0000000u : (0xC0000000u | ((1u << num_filters) - 1));
    }
    // Every register that decides what check() answers tells on_change.
    for (unsigned n = 0; n < num_regions; ++n)
        for (reg *r : {base_lo_[n].get(), base_hi_[n].get(), top_lo_[n].get(), top_hi_[n].get(),
                       attr_[n].get(), id_[n].get(), &action_}) {
            reg::write_fn inner = r->on_write;
            r->on_write = [this, r, inner](size_t k, uint64_t v, uint64_t m) {
                if (inner)
                    inner(k, v, m);
                else
                    r->set(k, (r->get(k) & ~(m & r->writable_mask)) | (v & m & r->writable_mask));
                changed();
            };
        }
}

filter_verdict tzc400::check(unsigned filter, uint64_t addr, bool ns, bool write, unsigned nsaid,
                             bool probe)
{
    if (filter >= num_filters || !((open_filters() >> filter) & 1)) return filter_verdict::allow;
    unsigned hit = 0, matches = 0;
    for (unsigned n = 1; n < num_regions; ++n) {
        region r = get_region(n);
        if (((r.attributes >> filter) & 1) && addr >= r.base && addr <= r.top) {
            hit = n;
            ++matches;
        }
    }
    bool ok = false;
    if (matches <= 1) {
        region r = get_region(hit);
        if (!ns)
            ok = (r.attributes >> (write ? 31 : 30)) & 1;
        else
            ok = nsaid < 16 && ((r.id_access >> (nsaid + (write ? 16 : 0))) & 1);
    }
    if (ok) return filter_verdict::allow;
    if (!probe) record_failure(filter, addr, ns, write, matches > 1);
    // ACTION reaction_value [1:0]: bit 0 selects the error response (tzc_common.h
    // TZC_ACTION_ERR), bit 1 the interrupt.
    return (action_ & 1) ? filter_verdict::error : filter_verdict::raz_wi;
}

void tzc400::record_failure(unsigned filter, uint64_t addr, bool ns, bool write, bool overlap)
{
    uint64_t st = int_status_;
    if (overlap) st |= 1u << (16 + filter);
    if (st & (1u << filter)) {
        st |= 1u << (8 + filter); // a second failure before the first was cleared
    } else {
        st |= 1u << filter;
        // FAIL_ADDRESS_LOW/HIGH and FAIL_CONTROL of this filter; FAIL_ID (the
        // master's AXI ID) stays 0: the bus carries no master IDs.
        fail_.set(4 * filter + 0, uint32_t(addr));
        fail_.set(4 * filter + 1, addr >> 32);
        fail_.set(4 * filter + 2, (write ? FAIL_CONTROL_WRITE : 0u) | (ns ? FAIL_CONTROL_NS : 0u));
    }
    int_status_.set(st);
}

tzc400::region tzc400::get_region(unsigned n) const
{
    return {(base_hi_[n]->get() << 32) | base_lo_[n]->get(),
            (top_hi_[n]->get() << 32) | top_lo_[n]->get(), uint32_t(attr_[n]->get()),
            uint32_t(id_[n]->get())};
}

PSCISIM_DEVICE_MODEL(tzc400, "tzc400")
{
    device_instance i;
    auto d = std::make_unique<tzc400>(p.name.c_str());
    tzc400 *self = d.get();
    i.windows = {&d->socket};
    i.reset = [self] { self->reset(); };
    // The FVP's DRAM is behind filter unit 0 (PLAT_ARM_TZC_FILTERS), and the
    // application processors' Non-secure accesses carry NSAID 9 (fvp_def.h
    // FVP_NSAID_AP), the ID TF-A enables in the Non-secure DRAM regions.
    i.filter.check = [self](uint64_t addr, bool ns, bool write, bool probe) {
        return self->check(0, addr, ns, write, tzc400::fvp_ap_nsaid, probe);
    };
    i.filter.on_change = [self](std::function<void()> f) { self->on_change = std::move(f); };
    i.module = std::move(d);
    return i;
}

} // namespace pscisim
