// CCN-502 cache coherent network: the register interface Trusted Firmware-A's CCN
// driver uses on the four-cluster FVP (drivers/arm/ccn/ccn.c, ccn_private.h,
// plat/arm/common/arm_ccn.c; FVP_CLUSTER_COUNT > 2 selects it, plat/arm/board/fvp/
// platform.mk). The CCN is a set of 64 KiB regions (region n at n << 16): the
// miscellaneous node (MN) in region 0, the HN-F (L3/snoop filter) partitions from
// region 32, the RN-I bridges from region 128 + their node ID. Every register is
// 64 bits wide; a region's ID register at 0xFF00 gives its node ID and type.
//
// Modelled: the MN's node-ID bitmaps (which nodes of each type exist), its DVM
// domain control (DDC_STAT/SET/CLR), its peripheral and component ID registers
// (PART0 = 0x30 is what fvp_common.c checks), the HN-Fs' snoop domain control
// (SDC_STAT/SET/CLR) and every modelled region's ID register. Coherency itself is
// not modelled (the ISS has no caches): a SET/CLR takes effect at once, so the
// status registers TF-A polls already read back the requested membership.
// Not modelled (TF-A's FVP port never touches them): HN-F SAM/P-state/AUX control,
// XP and debug regions, HN-I/SBSX regions, the MN's secure access register; an
// access there gets an error response.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "pscisim/fvp/bank_device.h"

namespace pscisim
{

class ccn502 : public bank_device
{
  public:
    static constexpr uint64_t size = 0x1000000; // 256 regions of 64 KiB
    static constexpr unsigned region_shift = 16;
    enum : unsigned {
        MN_REGION = 0,
        HNF_REGION_START = 32,
        RNI_REGION_START = 128,
    };
    enum : uint64_t {
        // MN registers (ccn_private.h MN_*_OFFSET).
        MN_RNF_NODEID = 0x180,
        MN_RNI_NODEID = 0x190,
        MN_RND_NODEID = 0x1A0,
        MN_HNF_NODEID = 0x1B0,
        MN_HNI_NODEID = 0x1C0,
        MN_SN_NODEID = 0x1D0,
        PERIPH_ID_4_5 = 0xFD0,
        PERIPH_ID_6_7 = 0xFD8,
        PERIPH_ID_0_1 = 0xFE0,
        PERIPH_ID_2_3 = 0xFE8,
        COMPONENT_ID_0_1 = 0xFF0,
        COMPONENT_ID_2_3 = 0xFF8,
        // Domain control, at the same offsets in the MN (DVM) and the HN-Fs (snoop).
        DOMAIN_CTRL_STAT = 0x200,
        DOMAIN_CTRL_SET = 0x210,
        DOMAIN_CTRL_CLR = 0x220,
        // Every region: node ID [14:8], node type [4:0] (ccn_private.h REGION_NODE_*).
        REGION_ID = 0xFF00,
    };
    // Node types in the region ID register (CCN TRMs; the RN-I/RN-D types' low two
    // bits are the number of master interfaces minus one, ccn_private.h
    // rn_type_id_to_master_cnt).
    enum : uint32_t {
        TYPE_MN = 0x01,
        TYPE_HNI = 0x04,
        TYPE_HNF = 0x05,
        TYPE_SBSX = 0x0C,
        TYPE_RNI_3P = 0x16,
        TYPE_RND_3P = 0x1A,
    };

    // The topology (node IDs). The RN-F IDs are TF-A's PLAT_ARM_CLUSTER_TO_CCN_ID_MAP
    // for FVP (plat/arm/board/fvp/include/platform_def.h: clusters 0..3 -> 1, 5, 7,
    // 11); the rest is ours (docs/firmware-mode.md), chosen so that TF-A's
    // ENABLE_ASSERTIONS checks hold: more RN masters than clusters, every cluster's
    // node an RN-F.
    static constexpr unsigned rnf_ids[4] = {1, 5, 7, 11};
    static constexpr unsigned hnf_ids[4] = {0, 2, 8, 10};
    static constexpr unsigned rni_ids[1] = {3};
    static constexpr unsigned rnd_ids[1] = {9};
    static constexpr unsigned hni_ids[1] = {4};
    static constexpr unsigned sn_ids[1] = {6};
    static constexpr unsigned mn_id = 12;

    // PERIPH_ID_0_1: ID0 in [31:0], ID1 in [63:32]; part number 0x430 (ID0 = 0x30,
    // include/drivers/arm/ccn.h CCN_502_PART0_ID; ID1[3:0] = 4), JEP106 Arm designer
    // code in ID1[7:4]/ID2[2:0]/ID4[3:0], revision 0.
    static constexpr uint64_t periph_id_0_1 = 0x30 | (uint64_t(0xB4) << 32);
    static constexpr uint64_t periph_id_2_3 = 0x0B;
    static constexpr uint64_t periph_id_4_5 = 0x04;
    static constexpr uint64_t periph_id_6_7 = 0;
    static constexpr uint64_t component_id_0_1 = 0x0D | (uint64_t(0xF0) << 32);
    static constexpr uint64_t component_id_2_3 = 0x05 | (uint64_t(0xB1) << 32);

    explicit ccn502(sc_core::sc_module_name name);

    static constexpr uint64_t region_base(unsigned region) { return uint64_t(region) << 16; }
    // Bitmap of the node IDs in a list.
    template <size_t N> static constexpr uint64_t id_map(const unsigned (&ids)[N])
    {
        uint64_t m = 0;
        for (unsigned id : ids)
            m |= 1ull << id;
        return m;
    }

    // Membership, by node ID: the snoop domain of HN-F `hnf` (0..3), the DVM domain.
    bool in_snoop_domain(unsigned hnf, unsigned node) const
    {
        return (sdc_stat_[hnf]->get() >> node) & 1;
    }
    bool in_dvm_domain(unsigned node) const { return (ddc_stat_->get() >> node) & 1; }

  private:
    // The nodes whose membership a domain's SET/CLR can change: RN-Fs are snooped;
    // RN-Fs and RN-Ds (DVM-capable I/O bridges) take DVM messages. Other bits are
    // ignored (our choice; TF-A only writes RN-F bits).
    static uint64_t snoop_members() { return id_map(rnf_ids); }
    static uint64_t dvm_members() { return id_map(rnf_ids) | id_map(rnd_ids); }

    void add_domain(unsigned region, const char *prefix, uint64_t members,
                    std::unique_ptr<reg> &stat);
    void add_id(unsigned region, const char *name, unsigned node, uint32_t type);

    std::vector<std::unique_ptr<reg>> regs_;
    std::unique_ptr<reg> ddc_stat_;
    std::unique_ptr<reg> sdc_stat_[4];
};

} // namespace pscisim
