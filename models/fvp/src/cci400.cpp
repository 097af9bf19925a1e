#include "pscisim/fvp/cci400.h"

#include <string>

#include "pscisim/device.h"

namespace pscisim
{

uint32_t cci400::support(unsigned slave)
{
    if (slave >= 3) return SUPPORT_SNOOPS | SUPPORT_DVM;
    if (slave == 2) return SUPPORT_DVM;
    return 0;
}

cci400::cci400(sc_core::sc_module_name name)
    : bank_device(name, false), ctrl_(bank_, "CTRL_OVERRIDE", CTRL_OVERRIDE),
      spec_(bank_, "SPEC_CTRL", SPEC_CTRL), secure_(bank_, "SECURE_ACCESS", SECURE_ACCESS),
      status_(bank_, "STATUS", STATUS, 0, reg_access::ro),
      imprecise_(bank_, "IMPRECISE_ERR", IMPRECISE_ERR),
      perfmon_(bank_, "PERFMON_CTRL", PERFMON_CTRL),
      pid_lo_(bank_, "PERIPHERAL_ID4_7", PERIPHERAL_ID4, 0, reg_access::ro, 4, 4),
      pid_hi_(bank_, "PERIPHERAL_ID0_3", PERIPHERAL_ID0, 0, reg_access::ro, 4, 4),
      cid_(bank_, "COMPONENT_ID", COMPONENT_ID0, 0, reg_access::ro, 4, 4)
{
    pid_lo_.on_read = [](size_t k) -> uint64_t { return pid[4 + k]; };
    pid_hi_.on_read = [](size_t k) -> uint64_t { return pid[k]; };
    cid_.on_read = [](size_t k) -> uint64_t { return cid[k]; };
    secure_.writable_mask = 0x1;
    for (unsigned s = 0; s < num_slaves; ++s) {
        uint64_t base = SLAVE_BASE + s * SLAVE_STRIDE;
        std::string n = "S" + std::to_string(s) + "_";
        // The support bits are read-only; an enable the interface does not
        // support stays 0 (CCI-400 TRM, Snoop Control Registers).
        snoop_[s] =
            std::make_unique<reg>(bank_, (n + "SNOOP_CTRL").c_str(), base + SNOOP_CTRL, support(s));
        uint32_t sup = support(s);
        snoop_[s]->writable_mask =
            ((sup & SUPPORT_SNOOPS) ? SNOOP_EN : 0u) | ((sup & SUPPORT_DVM) ? DVM_EN : 0u);
        share_[s] = std::make_unique<reg>(bank_, (n + "SHAREABLE_OVERRIDE").c_str(),
                                          base + SHAREABLE_OVERRIDE);
        share_[s]->writable_mask = 0x3;
        rqos_[s] = std::make_unique<reg>(bank_, (n + "READ_QOS_OVERRIDE").c_str(),
                                         base + READ_QOS_OVERRIDE);
        rqos_[s]->writable_mask = 0xF;
        wqos_[s] = std::make_unique<reg>(bank_, (n + "WRITE_QOS_OVERRIDE").c_str(),
                                         base + WRITE_QOS_OVERRIDE);
        wqos_[s]->writable_mask = 0xF;
    }
}

PSCISIM_DEVICE_MODEL(cci400, "cci400")
{
    device_instance i;
    auto d = std::make_unique<cci400>(p.name.c_str());
    cci400 *self = d.get();
    i.windows = {&d->socket};
    i.reset = [self] { self->reset(); };
    i.module = std::move(d);
    return i;
}

} // namespace pscisim
