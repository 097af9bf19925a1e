// Loads and stores: every addressing mode, pairs, exclusives, acquire/release,
// LSE atomics, MMIO through the callbacks, aborts and alignment faults.
#include "test_a64_harness.h"

namespace
{

constexpr uint64_t kData = kRam + 0x8000;

class LdstTest : public A64Test
{
  public:
    LdstTest()
    {
        set_sr(SR_VBAR_EL1, kRam + 0x1000);
        load(kRam + 0x1200, {enc::stop()}); // sync, current EL, SP_ELx
    }
    // Run program at kRam; expects it to end at the stop marker right after it.
    void exec(std::initializer_list<uint32_t> prog)
    {
        std::vector<uint32_t> p(prog);
        p.push_back(enc::stop());
        load(kRam, p);
        st().pc = kRam;
        a64_stop_info i = run();
        ASSERT_EQ(i.reason, A64_STOP_SEMIHOST);
        ASSERT_EQ(st().pc, kRam + 4 * p.size())
            << "program took an exception, ESR=0x" << std::hex << sr(SR_ESR_EL1);
    }
    // Run one instruction expected to take a synchronous exception to EL1.
    uint32_t fault(uint32_t insn)
    {
        load(kRam, {insn});
        st().pc = kRam;
        st().el = 1;
        a64_stop_info i = run();
        EXPECT_EQ(i.reason, A64_STOP_SEMIHOST);
        EXPECT_EQ(st().pc, kRam + 0x1204) << "no exception";
        EXPECT_EQ(sr(SR_ELR_EL1), kRam);
        return (uint32_t)sr(SR_ESR_EL1);
    }
};

TEST_F(LdstTest, SingleRegisterAddressingModes)
{
    put64(kData, 0x1122334455667788ull);
    put64(kData + 8, 0x99aabbccddeeff00ull);
    x(1) = kData;
    exec({0xf9400020}); // ldr x0, [x1]
    EXPECT_EQ(x(0), 0x1122334455667788ull);
    exec({0xf9400420}); // ldr x0, [x1, #8]
    EXPECT_EQ(x(0), 0x99aabbccddeeff00ull);
    exec({0xb9400420}); // ldr w0, [x1, #4]
    EXPECT_EQ(x(0), 0x11223344u);
    exec({0x39401c20}); // ldrb w0, [x1, #7]
    EXPECT_EQ(x(0), 0x11u);
    exec({0x39c03c20}); // ldrsb w0, [x1, #15]
    EXPECT_EQ(x(0), 0xffffff99u);
    exec({0x39803c20}); // ldrsb x0, [x1, #15]
    EXPECT_EQ(x(0), 0xffffffffffffff99ull);
    exec({0x79c01c20}); // ldrsh w0, [x1, #14]
    EXPECT_EQ(x(0), 0xffff99aau);
    exec({0xb9800c20}); // ldrsw x0, [x1, #12]
    EXPECT_EQ(x(0), 0xffffffff99aabbccull);
    put64(kData - 8, 0xfeed);
    exec({0xf85f8020}); // ldur x0, [x1, #-8]
    EXPECT_EQ(x(0), 0xfeedu);
    // pre-index: ldr x0, [x1, #8]!
    x(1) = kData;
    exec({0xf8408c20});
    EXPECT_EQ(x(0), 0x99aabbccddeeff00ull);
    EXPECT_EQ(x(1), kData + 8);
    // post-index: ldr x0, [x1], #-8
    exec({0xf85f8420});
    EXPECT_EQ(x(0), 0x99aabbccddeeff00ull);
    EXPECT_EQ(x(1), kData);
    // register offset: ldr x0, [x1, x2, lsl #3]
    x(2) = 1;
    exec({0xf8627820});
    EXPECT_EQ(x(0), 0x99aabbccddeeff00ull);
    // register offset, sign-extended W: ldr w0, [x1, w2, sxtw #2] with w2 = -1
    x(1) = kData + 4;
    x(2) = 0xffffffff;
    exec({0xb862d820});
    EXPECT_EQ(x(0), 0x55667788u);
    // stores of every size
    x(1) = kData + 0x100;
    x(3) = 0x0102030405060708ull;
    exec({0xf9000023, 0xb9000823, 0x79001823,
          0x39002023}); // str x3,[x1]; str w3,[x1,#8]; strh w3,[x1,#12]; strb w3,[x1,#8]
    EXPECT_EQ(ram64(kData + 0x100), 0x0102030405060708ull);
    EXPECT_EQ(ram32(kData + 0x108), 0x05060708u);
    // strb at [x1, #8] wrote 0x08 over the word's low byte (same value)
    EXPECT_EQ(ram32(kData + 0x10c), 0x0708u);
    // ldr literal: ldr x0, .+8 ; the data follows the stop marker
    load(kRam + 8, {0xdeadbeef, 0xcafef00d});
    load(kRam, {0x58000040, enc::stop()});
    st().pc = kRam;
    run();
    EXPECT_EQ(x(0), 0xcafef00ddeadbeefull);
    // ldrsw literal
    load(kRam, {0x98000040, enc::stop()});
    st().pc = kRam;
    run();
    EXPECT_EQ(x(0), 0xffffffffdeadbeefull);
    // prfm pldl1keep, [x1] performs no access (x1 unmapped is fine)
    x(1) = 0x10;
    exec({0xf9800020});
}

TEST_F(LdstTest, SpBaseAndWriteback)
{
    st().sp_el[1] = kData + 0x200;
    x(5) = 0x55;
    x(6) = 0x66;
    exec({0xa9bf1be5,   // stp x5, x6, [sp, #-16]!
          0xa8c107e0}); // ldp x0, x1, [sp], #16
    EXPECT_EQ(x(0), 0x55u);
    EXPECT_EQ(x(1), 0x66u);
    EXPECT_EQ(st().sp_el[1], kData + 0x200);
    EXPECT_EQ(ram64(kData + 0x1f0), 0x55u);
    EXPECT_EQ(ram64(kData + 0x1f8), 0x66u);
    // ldpsw, 32-bit pairs, non-temporal pair
    put32(kData + 0x1f0, 0x80000000);
    put32(kData + 0x1f4, 7);
    x(1) = kData + 0x1f0;
    exec({0x69400c22}); // ldpsw x2, x3, [x1]
    EXPECT_EQ(x(2), 0xffffffff80000000ull);
    EXPECT_EQ(x(3), 7u);
    exec({0x29400c22}); // ldp w2, w3, [x1]
    EXPECT_EQ(x(2), 0x80000000u);
    exec({0xa8001023}); // stnp x3, x4, [x1]
    EXPECT_EQ(ram64(kData + 0x1f0), 7u);
}

TEST_F(LdstTest, SpAlignmentCheck)
{
    set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) | (1u << 3)); // SA
    st().sp_el[1] = kData + 8;
    uint32_t esr = fault(0xf94003e0); // ldr x0, [sp]
    EXPECT_EQ(esr, (0x26u << 26) | (1u << 25));
    set_sr(SR_SCTLR_EL1, sr(SR_SCTLR_EL1) & ~(1ull << 3));
    st().sp_el[1] = kData + 8;
    exec({0xf94003e0});
}

TEST_F(LdstTest, MmioThroughCallbacks)
{
    x(1) = 0x09000000;
    x(2) = 0xabcd;
    uint64_t c0 = a64_core_cycles(core);
    exec({0xb9000022,   // str w2, [x1]
          0x79400420}); // ldrh w0, [x1, #2]
    ASSERT_EQ(mmio.size(), 2u);
    EXPECT_TRUE(mmio[0].write);
    EXPECT_EQ(mmio[0].pa, 0x09000000u);
    EXPECT_EQ(mmio[0].size, 4u);
    EXPECT_EQ(mmio[0].value, 0xabcdu);
    EXPECT_FALSE(mmio[1].write);
    EXPECT_EQ(mmio[1].size, 2u);
    EXPECT_EQ(x(0), 0x7788u); // masked to the access size
    // store (1) + load (3) + hlt (1) + 2 * MMIO latency (7)
    EXPECT_EQ(a64_core_cycles(core) - c0, 1u + 3u + 1u + 14u);
}

TEST_F(LdstTest, DataAbortOnUnmappedAddress)
{
    x(1) = 0x20000000;                // neither RAM nor MMIO
    uint32_t esr = fault(0xf9400020); // ldr x0, [x1]
    EXPECT_EQ(esr, (0x25u << 26) | (1u << 25) | 0x10);
    EXPECT_EQ(sr(SR_FAR_EL1), 0x20000000u);
    esr = fault(0xf9000020); // str x0, [x1]: WnR
    EXPECT_EQ(esr, (0x25u << 26) | (1u << 25) | (1u << 6) | 0x10);
}

TEST_F(LdstTest, UnalignedAccessIsAlignmentFaultWithMmuOff)
{
    // Stage 1 disabled: all data accesses are Device-nGnRnE (Arm ARM D8.2.x).
    x(1) = kData + 1;
    uint32_t esr = fault(0xb9400020); // ldr w0, [x1]
    EXPECT_EQ(esr, (0x25u << 26) | (1u << 25) | 0x21);
    EXPECT_EQ(sr(SR_FAR_EL1), kData + 1);
    // DC ZVA on Device memory is an alignment fault too
    x(1) = kData;
    esr = fault(0xd50b7421); // dc zva, x1
    EXPECT_EQ(esr, (0x25u << 26) | (1u << 25) | (1u << 6) | 0x21);
}

TEST_F(LdstTest, ExclusivesPassAndFail)
{
    put64(kData, 5);
    x(1) = kData;
    exec({0xc85f7c20,   // ldxr x0, [x1]
          0x91000400,   // add x0, x0, #1
          0xc8027c20}); // stxr w2, x0, [x1]
    EXPECT_EQ(x(2), 0u);
    EXPECT_EQ(ram64(kData), 6u);
    // stxr without a reservation fails and does not write
    exec({0xc8027c20});
    EXPECT_EQ(x(2), 1u);
    EXPECT_EQ(ram64(kData), 6u);
    // clrex drops the reservation
    exec({0xc85f7c20, 0xd5033f5f, 0xc8027c20});
    EXPECT_EQ(x(2), 1u);
    // a different address fails
    exec({0xc85f7c20, 0x91002021, 0xc8027c20}); // ldxr; add x1, x1, #8; stxr
    EXPECT_EQ(x(2), 1u);
    // pairs: ldaxp/stlxp
    x(1) = kData + 0x10;
    put64(kData + 0x10, 1);
    put64(kData + 0x18, 2);
    x(5) = 10;
    x(6) = 20;
    exec({0xc87f8c20,   // ldaxp x0, x3, [x1]
          0xc8241825}); // stlxp w4, x5, x6, [x1]
    EXPECT_EQ(x(0), 1u);
    EXPECT_EQ(x(3), 2u);
    EXPECT_EQ(x(4), 0u);
    EXPECT_EQ(ram64(kData + 0x10), 10u);
    EXPECT_EQ(ram64(kData + 0x18), 20u);
    // byte exclusive
    exec({0x085f7c20, 0x08027c20}); // ldxrb w0, [x1]; stxrb w2, w0, [x1]
    EXPECT_EQ(x(2), 0u);
}

TEST_F(LdstTest, ExclusiveMisalignedFaults)
{
    x(1) = kData + 4;
    uint32_t esr = fault(0xc85f7c20); // ldxr x0, [x1]
    EXPECT_EQ(esr & 0x3f, 0x21u);
    x(1) = kData + 8;
    esr = fault(0xc87f0c20); // ldxp x0, x3, [x1]: 16-byte alignment
    EXPECT_EQ(esr & 0x3f, 0x21u);
    x(1) = kData + 2;
    esr = fault(0xc8dffc20); // ldar x0, [x1]
    EXPECT_EQ(esr & 0x3f, 0x21u);
    esr = fault(0xf8200020 | (2 << 16)); // ldadd x2, x0, [x1]
    EXPECT_EQ(esr, (0x25u << 26) | (1u << 25) | (1u << 6) | 0x21);
}

TEST_F(LdstTest, AnotherCoresStoreClearsMonitorAndSignalsEvent)
{
    a64_core *c1 = add_core(default_cfg());
    put64(kData, 1);
    x(1) = kData;
    exec({0xc85f7c20}); // core 0: ldxr x0, [x1]
    // core 1 stores to the same 64-byte granule (different word)
    a64_core_state(c1)->x[1] = kData + 0x20;
    a64_core_state(c1)->x[2] = 9;
    load(kRam + 0x2000, {0xf9000022, enc::stop()}); // str x2, [x1]
    a64_core_state(c1)->pc = kRam + 0x2000;
    a64_core_state(c1)->event = false;
    st().event = false;
    run(1000, c1);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0], core);
    EXPECT_TRUE(st().event);
    exec({0xc8027c20}); // core 0: stxr fails
    EXPECT_EQ(x(2), 1u);
    // a store to another granule leaves the reservation alone
    exec({0xc85f7c20});
    a64_core_state(c1)->x[1] = kData + 0x40;
    a64_core_state(c1)->pc = kRam + 0x2000;
    run(1000, c1);
    EXPECT_EQ(events.size(), 1u);
    exec({0xc8027c20});
    EXPECT_EQ(x(2), 0u);
}

TEST_F(LdstTest, AcquireRelease)
{
    x(1) = kData;
    x(2) = 0x77;
    exec({0xc89ffc22,   // stlr x2, [x1]
          0xc8dffc20}); // ldar x0, [x1]
    EXPECT_EQ(x(0), 0x77u);
    exec({0x089ffc22, 0x48dffc23}); // stlrb w2, [x1]; ldarh w3, [x1]
    EXPECT_EQ(x(3), 0x77u);
}

TEST_F(LdstTest, CasAndCasp)
{
    put64(kData, 5);
    x(1) = kData;
    x(2) = 5;           // compare
    x(3) = 9;           // new
    exec({0xc8e2fc23}); // casal x2, x3, [x1]
    EXPECT_EQ(ram64(kData), 9u);
    EXPECT_EQ(x(2), 5u);
    x(2) = 5;
    exec({0xc8a27c23}); // cas x2, x3, [x1]: mismatch (memory is 9)
    EXPECT_EQ(ram64(kData), 9u);
    EXPECT_EQ(x(2), 9u);
    // casb w2, w3, [x1]: compares only the low byte
    x(2) = 0x109;
    x(3) = 0xaa;
    exec({0x08a27c23});
    EXPECT_EQ(ram64(kData), 0xaau);
    EXPECT_EQ(x(2), 0x9u);
    // casp x4, x5, x6, x7, [x1]
    put64(kData, 1);
    put64(kData + 8, 2);
    x(4) = 1;
    x(5) = 2;
    x(6) = 3;
    x(7) = 4;
    exec({0x48247c26});
    EXPECT_EQ(ram64(kData), 3u);
    EXPECT_EQ(ram64(kData + 8), 4u);
    EXPECT_EQ(x(4), 1u);
    EXPECT_EQ(x(5), 2u);
}

TEST_F(LdstTest, LseLoadOps)
{
    struct Case {
        uint32_t insn;
        uint64_t mem, rs, expect_mem;
    };
    // ld<op>al x2, x0, [x1]: opc in bits 15:12; A=1, R=1
    const Case cases[] = {
        {0xf8e20020, 5, 3, 8},                       // ldaddal
        {0xf8e21020, 0xff, 0x0f, 0xf0},              // ldclral
        {0xf8e22020, 0xff, 0x0f, 0xf0},              // ldeoral
        {0xf8e23020, 0xf0, 0x0f, 0xff},              // ldsetal
        {0xf8e24020, (uint64_t)-5, 3, 3},            // ldsmaxal
        {0xf8e25020, (uint64_t)-5, 3, (uint64_t)-5}, // ldsminal
        {0xf8e26020, (uint64_t)-5, 3, (uint64_t)-5}, // ldumaxal
        {0xf8e27020, (uint64_t)-5, 3, 3},            // lduminal
        {0xf8e28020, 5, 3, 3},                       // swpal
    };
    x(1) = kData;
    for (const Case &k : cases) {
        put64(kData, k.mem);
        x(2) = k.rs;
        exec({k.insn});
        EXPECT_EQ(ram64(kData), k.expect_mem) << std::hex << k.insn;
        EXPECT_EQ(x(0), k.mem) << std::hex << k.insn;
    }
    // byte-sized signed max: ldsmaxb w2, w0, [x1] with mem 0x80 (-128), rs 1
    put64(kData, 0x1180);
    x(2) = 1;
    exec({0x38224020});
    EXPECT_EQ(ram64(kData), 0x1101u);
    EXPECT_EQ(x(0), 0x80u);
    // stadd (Rt = xzr) does not write a register
    put64(kData, 1);
    x(2) = 1;
    exec({0xf822003f});
    EXPECT_EQ(ram64(kData), 2u);
}

TEST_F(LdstTest, StoreToCodeInvalidatesPredecode)
{
    // The program patches its own next instruction: str w2, [x1] then executes it.
    x(1) = kRam + 4;
    x(2) = enc::movz(0, 42);
    load(kRam, {0xb9000022, enc::nop(), enc::stop()});
    st().pc = kRam;
    run(); // first pass decodes the nop, then the store replaces it
    // run again from the start: the predecoded nop must be gone
    x(0) = 0;
    st().pc = kRam;
    run();
    EXPECT_EQ(x(0), 42u);
    // a64_system_code_written for host-side writes
    put32(kRam + 4, enc::movz(0, 7));
    a64_system_code_written(sys, kRam + 4, 4);
    st().pc = kRam + 4;
    run();
    EXPECT_EQ(x(0), 7u);
}

TEST_F(LdstTest, IcInvalidateDropsPredecode)
{
    load(kRam + 0x3000, {enc::movz(0, 1), enc::stop()});
    st().pc = kRam + 0x3000;
    run();
    EXPECT_EQ(x(0), 1u);
    // host writes behind the core's back without telling it ...
    put32(kRam + 0x3000, enc::movz(0, 2));
    // ... then the guest does IC IALLU
    load(kRam, {0xd508751f, enc::stop()}); // ic iallu
    st().pc = kRam;
    run();
    st().pc = kRam + 0x3000;
    run();
    EXPECT_EQ(x(0), 2u);
    // IC IVAU by address
    put32(kRam + 0x3000, enc::movz(0, 3));
    x(1) = kRam + 0x3000;
    load(kRam, {0xd50b7521, enc::stop()}); // ic ivau, x1
    st().pc = kRam;
    run();
    st().pc = kRam + 0x3000;
    run();
    EXPECT_EQ(x(0), 3u);
}

// IC IALLU skips pages not decoded since their last whole reset: a page decoded
// again after one IC IALLU must be reset by the next (and the page holding the IC
// IALLU itself, which is being run, too).
TEST_F(LdstTest, IcIalluAfterRedecodeDropsPredecodeAgain)
{
    load(kRam + 0x3000, {enc::movz(0, 1), enc::stop()});
    load(kRam, {0xd508751f, enc::stop()}); // ic iallu
    for (unsigned v = 2; v <= 4; v++) {
        st().pc = kRam + 0x3000;
        run();
        EXPECT_EQ(x(0), v - 1);
        put32(kRam + 0x3000, enc::movz(0, v)); // behind the core's back
        st().pc = kRam;
        run();
    }
    st().pc = kRam + 0x3000;
    run();
    EXPECT_EQ(x(0), 4u);
    // The page of the IC IALLU was reset while it ran and decodes again.
    put32(kRam + 4, enc::movz(0, 9));
    load(kRam + 8, {enc::stop()});
    put32(kRam, 0xd508751f);
    st().pc = kRam;
    run();
    st().pc = kRam + 4;
    run();
    EXPECT_EQ(x(0), 9u);
}

TEST_F(LdstTest, ReservedEncodingsAreUndefined)
{
    EXPECT_EQ(fault(0xb8c00020), esr::kUndef); // ldrsw with opc=11 (size 10): unallocated
    EXPECT_EQ(fault(0xf8c00c20), esr::kUndef); // size 11 opc 11 pre-index: unallocated
    EXPECT_EQ(fault(0xf8600820),
              esr::kUndef); // register offset with option 000 (UXTB): unallocated
    EXPECT_EQ(fault(0xe9400020), esr::kUndef); // ldp with opc=11: unallocated
    EXPECT_EQ(fault(0x69000020), esr::kUndef); // stgp (FEAT_MTE): not implemented
    EXPECT_EQ(fault(0x48217c22), esr::kUndef); // casp with odd Rs
    EXPECT_EQ(fault(0xf9c00020), esr::kUndef); // ldr (uimm) size 11 opc 11: unallocated
    EXPECT_EQ(fault(0xfd400020),
              esr::kFpTrap);                   // ldr d0, [x1]: FP/SIMD trapped (CPACR_EL1.FPEN = 0)
    EXPECT_EQ(fault(0xfdc00020), esr::kUndef); // ldr (SIMD&FP) size 11 opc 11: unallocated
}

} // namespace

namespace
{

TEST_F(LdstTest, EretClearsTheMonitorExceptionEntryDoesNot)
{
    put64(kData, 1);
    x(1) = kData;
    // ldxr; svc (handler at VBAR+0x200 is the stop marker) ... the monitor survives entry
    load(kRam + 0x1200, {0xc8027c20, enc::stop()}); // handler: stxr w2, x0, [x1]
    load(kRam, {0xc85f7c20, enc::svc(0)});
    st().pc = kRam;
    run();
    EXPECT_EQ(x(2), 0u) << "exception entry cleared the reservation";
    // ldxr, then eret: the reservation is gone
    set_sr(SR_ELR_EL1, kRam + 0x100);
    set_sr(SR_SPSR_EL1, 0x5);
    load(kRam + 0x100, {0xc8027c20, enc::stop()});
    load(kRam, {0xc85f7c20, enc::eret()});
    st().pc = kRam;
    run();
    EXPECT_EQ(x(2), 1u);
}

} // namespace
