// The CCN-502 of the four-cluster fvp machine (models/fvp/src/ccn502.cpp): what
// Trusted Firmware-A's CCN driver (drivers/arm/ccn/ccn.c) reads and writes, done
// the way the driver does it.
#include "harness.h"

#include "pscisim/fvp/ccn502.h"

using namespace pscisim;
using namespace pscisim::test;

namespace
{

uint64_t reg_at(unsigned region, uint64_t off)
{
    return ccn502::region_base(region) + off;
}

unsigned popcount(uint64_t v)
{
    unsigned n = 0;
    for (; v; v &= v - 1)
        ++n;
    return n;
}

// ccn.c ccn_snoop_dvm_do_op: write the RN bitmap to SET/CLR of every region of a
// kind, then poll each region's STAT until it shows the change. Returns false when
// a poll does not see it (bounded, where TF-A would spin).
bool do_op(initiator &cpu, uint64_t rn_map, unsigned first_region, unsigned regions, uint64_t op)
{
    for (unsigned r = first_region; r < first_region + regions; ++r)
        EXPECT_EQ(cpu.write(reg_at(r, op), rn_map, 8), tlm::TLM_OK_RESPONSE);
    for (unsigned r = first_region; r < first_region + regions; ++r) {
        bool done = false;
        for (int i = 0; i < 16 && !done; ++i) {
            uint64_t st = cpu.read(reg_at(r, ccn502::DOMAIN_CTRL_STAT), 8) & rn_map;
            done = op == ccn502::DOMAIN_CTRL_SET ? st == rn_map : st == 0;
        }
        if (!done) return false;
    }
    return true;
}

} // namespace

// fvp_common.c fvp_interconnect_init: ccn_get_part0_id() == CCN_502_PART0_ID (0x30),
// the low byte of a 64-bit read of the MN's PERIPH_ID_0_1.
TEST(Ccn502, Part0IdIsCcn502)
{
    ccn502 ccn("ccn");
    initiator cpu("cpu");
    cpu.out.bind(ccn.socket);
    elaborate();
    uint64_t id01 = cpu.read(ccn502::PERIPH_ID_0_1, 8);
    EXPECT_EQ(id01 & 0xFF, 0x30u);
    // Part number [11:0] = ID0[7:0] | ID1[3:0] << 8 = 0x430; Arm's JEP106 code.
    EXPECT_EQ((id01 & 0xFF) | (((id01 >> 32) & 0xF) << 8), 0x430u);
    EXPECT_EQ((id01 >> 36) & 0xF, 0xBu);
    // The two 32-bit halves of a 64-bit register are readable on their own.
    EXPECT_EQ(cpu.read32(ccn502::PERIPH_ID_0_1 + 4), 0xB4u);
    EXPECT_EQ(cpu.read(ccn502::COMPONENT_ID_2_3, 8), ccn502::component_id_2_3);
    // Read-only: a write changes nothing.
    cpu.write(ccn502::PERIPH_ID_0_1, 0, 8);
    EXPECT_EQ(cpu.read(ccn502::PERIPH_ID_0_1, 8), id01);
}

// ccn.c ccn_validate_plat_params (ENABLE_ASSERTIONS): the MN's node-ID bitmaps,
// the RN-I/RN-D regions' types, and the platform's map (clusters 0..3 -> RN-F
// nodes 1, 5, 7, 11, fvp platform_def.h PLAT_ARM_CLUSTER_TO_CCN_ID_MAP).
TEST(Ccn502, NodeDiscoveryAsTfaDoesIt)
{
    ccn502 ccn("ccn");
    initiator cpu("cpu");
    cpu.out.bind(ccn.socket);
    elaborate();
    unsigned masters_per_node[64] = {};
    unsigned num_masters = 0;
    for (unsigned type = 0; type < 3; ++type) { // RN-F, RN-I, RN-D
        uint64_t map = cpu.read(ccn502::MN_RNF_NODEID + (type << 4), 8);
        for (unsigned id = 0; id < 64; ++id) {
            if (!((map >> id) & 1)) continue;
            unsigned n = 1;
            if (type) {
                uint64_t idr =
                    cpu.read(reg_at(ccn502::RNI_REGION_START + id, ccn502::REGION_ID), 8);
                EXPECT_EQ((idr >> 8) & 0x7F, id);
                n = (idr & 0x3) + 1; // ccn_private.h rn_type_id_to_master_cnt
            }
            masters_per_node[id] = n;
            num_masters += n;
        }
    }
    EXPECT_GT(num_masters, 4u); // assert(num_masters < num_rn_masters)
    for (unsigned id : {1u, 5u, 7u, 11u}) {
        EXPECT_EQ(masters_per_node[id], 1u) << "node " << id;
        EXPECT_TRUE((cpu.read(ccn502::MN_RNF_NODEID, 8) >> id) & 1);
    }
    // The MN's own ID (CCN_GET_MN_NODEID_MAP) and type.
    uint64_t mn = cpu.read(ccn502::REGION_ID, 8);
    EXPECT_EQ(mn & 0x1F, ccn502::TYPE_MN);
    EXPECT_EQ((mn >> 8) & 0x7F, ccn502::mn_id);
    // One HN-F region per bit of MN_HNF_NODEID, from region 32, in node-ID order.
    uint64_t hnf = cpu.read(ccn502::MN_HNF_NODEID, 8);
    ASSERT_EQ(popcount(hnf), 4u);
    for (unsigned k = 0; k < 4; ++k) {
        uint64_t idr = cpu.read(reg_at(ccn502::HNF_REGION_START + k, ccn502::REGION_ID), 8);
        EXPECT_EQ(idr & 0x1F, ccn502::TYPE_HNF);
        unsigned id = (idr >> 8) & 0x7F;
        EXPECT_TRUE((hnf >> id) & 1);
        EXPECT_EQ(id, ccn502::hnf_ids[k]);
    }
}

// plat_arm_interconnect_enter/exit_coherency -> ccn_enter/exit_snoop_dvm_domain:
// SDC_SET/CLR on every HN-F, DDC_SET/CLR on the MN, STAT polled.
TEST(Ccn502, SnoopAndDvmDomainPerCluster)
{
    ccn502 ccn("ccn");
    initiator cpu("cpu");
    cpu.out.bind(ccn.socket);
    elaborate();
    const unsigned hnfs = popcount(cpu.read(ccn502::MN_HNF_NODEID, 8));
    const uint64_t mn_map = 1ull << ((cpu.read(ccn502::REGION_ID, 8) >> 8) & 0x7F);
    ASSERT_EQ(popcount(mn_map), 1u);
    // At reset no master is in either domain.
    for (unsigned h = 0; h < hnfs; ++h)
        EXPECT_EQ(cpu.read(reg_at(ccn502::HNF_REGION_START + h, ccn502::DOMAIN_CTRL_STAT), 8), 0u);
    EXPECT_EQ(cpu.read(ccn502::DOMAIN_CTRL_STAT, 8), 0u);

    // Cluster 2 (node 7) enters, then cluster 0 (node 1).
    for (unsigned node : {7u, 1u}) {
        uint64_t rn = 1ull << node;
        EXPECT_TRUE(do_op(cpu, rn, ccn502::HNF_REGION_START, hnfs, ccn502::DOMAIN_CTRL_SET));
        EXPECT_TRUE(do_op(cpu, rn, ccn502::MN_REGION, 1, ccn502::DOMAIN_CTRL_SET));
    }
    for (unsigned h = 0; h < hnfs; ++h) {
        EXPECT_TRUE(ccn.in_snoop_domain(h, 7) && ccn.in_snoop_domain(h, 1));
        EXPECT_FALSE(ccn.in_snoop_domain(h, 5) || ccn.in_snoop_domain(h, 11));
        EXPECT_EQ(cpu.read(reg_at(ccn502::HNF_REGION_START + h, ccn502::DOMAIN_CTRL_STAT), 8),
                  (1ull << 7) | (1ull << 1));
    }
    EXPECT_TRUE(ccn.in_dvm_domain(7) && ccn.in_dvm_domain(1));
    EXPECT_FALSE(ccn.in_dvm_domain(5));
    // Membership holds until changed (no coherency traffic moves it on its own).
    run_until(us(10));
    EXPECT_TRUE(ccn.in_snoop_domain(0, 7) && ccn.in_dvm_domain(7));
    // SET and CLR are write-only: they read as zero.
    EXPECT_EQ(cpu.read(reg_at(ccn502::HNF_REGION_START, ccn502::DOMAIN_CTRL_SET), 8), 0u);
    // STAT is read-only.
    cpu.write(ccn502::DOMAIN_CTRL_STAT, ~0ull, 8);
    EXPECT_EQ(cpu.read(ccn502::DOMAIN_CTRL_STAT, 8), (1ull << 7) | (1ull << 1));

    // Cluster 2 leaves; cluster 0 stays.
    EXPECT_TRUE(do_op(cpu, 1ull << 7, ccn502::HNF_REGION_START, hnfs, ccn502::DOMAIN_CTRL_CLR));
    EXPECT_TRUE(do_op(cpu, 1ull << 7, ccn502::MN_REGION, 1, ccn502::DOMAIN_CTRL_CLR));
    for (unsigned h = 0; h < hnfs; ++h) {
        EXPECT_FALSE(ccn.in_snoop_domain(h, 7));
        EXPECT_TRUE(ccn.in_snoop_domain(h, 1));
    }
    EXPECT_FALSE(ccn.in_dvm_domain(7));
    EXPECT_TRUE(ccn.in_dvm_domain(1));

    // Only RN-Fs are snooped; RN-Fs and the RN-D take DVM messages; other bits
    // are ignored.
    uint64_t rnd = 1ull << ccn502::rnd_ids[0], rni = 1ull << ccn502::rni_ids[0];
    cpu.write(reg_at(ccn502::HNF_REGION_START, ccn502::DOMAIN_CTRL_SET), rnd | rni, 8);
    EXPECT_EQ(cpu.read(reg_at(ccn502::HNF_REGION_START, ccn502::DOMAIN_CTRL_STAT), 8), 1ull << 1);
    cpu.write(ccn502::DOMAIN_CTRL_SET, rnd | rni, 8);
    EXPECT_EQ(cpu.read(ccn502::DOMAIN_CTRL_STAT, 8), (1ull << 1) | rnd);

    // A system reset empties both domains.
    ccn.reset();
    EXPECT_FALSE(ccn.in_snoop_domain(0, 1));
    EXPECT_FALSE(ccn.in_dvm_domain(1));
}

// Regions and offsets TF-A's FVP port does not use are not modelled: an error
// response, not silent RAZ/WI (an XP region, an unmodelled HN-F register, the HN-F
// past the fourth).
TEST(Ccn502, UnmodelledRegistersAreErrors)
{
    ccn502 ccn("ccn");
    initiator cpu("cpu");
    cpu.out.bind(ccn.socket);
    elaborate();
    tlm::tlm_response_status st;
    cpu.read(reg_at(64, ccn502::REGION_ID), 8, &st);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    cpu.read(reg_at(ccn502::HNF_REGION_START, 0x18), 8, &st); // HNF_PSTATE_STAT
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
    cpu.read(reg_at(ccn502::HNF_REGION_START + 4, ccn502::DOMAIN_CTRL_STAT), 8, &st);
    EXPECT_EQ(st, tlm::TLM_ADDRESS_ERROR_RESPONSE);
}
