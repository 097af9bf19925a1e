#include "pscisim/fvp/ccn502.h"

#include <string>

#include "pscisim/device.h"

namespace pscisim
{

void ccn502::add_id(unsigned region, const char *name, unsigned node, uint32_t type)
{
    regs_.push_back(std::make_unique<reg>(bank_, name, region_base(region) + REGION_ID,
                                          (uint64_t(node) << 8) | type, reg_access::ro, 8));
}

// A domain's status holds its members; SET and CLR are write-only and change the
// status at once (ccn_private.h WAIT_FOR_DOMAIN_CTRL_OP_COMPLETION polls for it).
void ccn502::add_domain(unsigned region, const char *prefix, uint64_t members,
                        std::unique_ptr<reg> &stat)
{
    std::string p(prefix);
    uint64_t base = region_base(region);
    stat = std::make_unique<reg>(bank_, (p + "STAT").c_str(), base + DOMAIN_CTRL_STAT, 0,
                                 reg_access::ro, 8);
    reg *s = stat.get();
    auto set = std::make_unique<reg>(bank_, (p + "SET").c_str(), base + DOMAIN_CTRL_SET, 0,
                                     reg_access::wo, 8);
    set->on_write = [s, members](size_t, uint64_t v, uint64_t mask) {
        s->set(s->get() | (v & mask & members));
    };
    auto clr = std::make_unique<reg>(bank_, (p + "CLR").c_str(), base + DOMAIN_CTRL_CLR, 0,
                                     reg_access::wo, 8);
    clr->on_write = [s, members](size_t, uint64_t v, uint64_t mask) {
        s->set(s->get() & ~(v & mask & members));
    };
    regs_.push_back(std::move(set));
    regs_.push_back(std::move(clr));
}

ccn502::ccn502(sc_core::sc_module_name name) : bank_device(name, false)
{
    auto ro = [this](const char *n, uint64_t off, uint64_t v) {
        regs_.push_back(std::make_unique<reg>(bank_, n, off, v, reg_access::ro, 8));
    };
    // The MN: which nodes exist (ccn_private.h MN_*_NODEID_OFFSET, read by
    // ccn_get_rn_master_info and CCN_GET_HN_NODEID_MAP), DVM domain, IDs.
    ro("MN_RNF_NODEID", MN_RNF_NODEID, id_map(rnf_ids));
    ro("MN_RNI_NODEID", MN_RNI_NODEID, id_map(rni_ids));
    ro("MN_RND_NODEID", MN_RND_NODEID, id_map(rnd_ids));
    ro("MN_HNF_NODEID", MN_HNF_NODEID, id_map(hnf_ids));
    ro("MN_HNI_NODEID", MN_HNI_NODEID, id_map(hni_ids));
    ro("MN_SN_NODEID", MN_SN_NODEID, id_map(sn_ids));
    ro("PERIPH_ID_4_5", PERIPH_ID_4_5, periph_id_4_5);
    ro("PERIPH_ID_6_7", PERIPH_ID_6_7, periph_id_6_7);
    ro("PERIPH_ID_0_1", PERIPH_ID_0_1, periph_id_0_1);
    ro("PERIPH_ID_2_3", PERIPH_ID_2_3, periph_id_2_3);
    ro("COMPONENT_ID_0_1", COMPONENT_ID_0_1, component_id_0_1);
    ro("COMPONENT_ID_2_3", COMPONENT_ID_2_3, component_id_2_3);
    add_domain(MN_REGION, "MN_DDC_", dvm_members(), ddc_stat_);
    add_id(MN_REGION, "MN_ID", mn_id, TYPE_MN);
    // The HN-Fs, regions 32.. in node-ID order (ccn_snoop_dvm_do_op walks as many
    // regions as MN_HNF_NODEID has bits).
    for (unsigned h = 0; h < 4; ++h) {
        std::string n = "HNF" + std::to_string(h) + "_";
        add_domain(HNF_REGION_START + h, (n + "SDC_").c_str(), snoop_members(), sdc_stat_[h]);
        add_id(HNF_REGION_START + h, (n + "ID").c_str(), hnf_ids[h], TYPE_HNF);
    }
    // The RN-I and RN-D bridges, region 128 + node ID (ccn_get_rni_mcount).
    add_id(RNI_REGION_START + rni_ids[0], "RNI_ID", rni_ids[0], TYPE_RNI_3P);
    add_id(RNI_REGION_START + rnd_ids[0], "RND_ID", rnd_ids[0], TYPE_RND_3P);
}

PSCISIM_DEVICE_MODEL(ccn502, "ccn502")
{
    device_instance i;
    auto d = std::make_unique<ccn502>(p.name.c_str());
    ccn502 *self = d.get();
    i.windows = {&d->socket};
    i.reset = [self] { self->reset(); };
    i.module = std::move(d);
    return i;
}

} // namespace pscisim
