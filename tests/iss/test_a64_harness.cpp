#include "test_a64_harness.h"

static int cb_read(void *ctx, a64_core *c, uint64_t pa, unsigned size, uint64_t *value,
                   uint64_t *cycles)
{
    auto *t = static_cast<A64Test *>(ctx);
    if (pa < 0x09000000 || pa >= 0x09001000) return 1;
    t->mmio.push_back({pa, t->mmio_read_value, size, false, a64_access_ns(c)});
    *value = t->mmio_read_value;
    *cycles += t->mmio_latency;
    return 0;
}

static int cb_write(void *ctx, a64_core *c, uint64_t pa, unsigned size, uint64_t value,
                    uint64_t *cycles)
{
    auto *t = static_cast<A64Test *>(ctx);
    if (pa < 0x09000000 || pa >= 0x09001000) return 1;
    t->mmio.push_back({pa, value, size, true, a64_access_ns(c)});
    *cycles += t->mmio_latency;
    return 0;
}

static int cb_sysreg_read(void *ctx, a64_core *, uint32_t enc, uint64_t *value)
{
    auto *t = static_cast<A64Test *>(ctx);
    t->sysreg_reads.push_back(enc);
    *value = t->sysreg_read_value;
    return 0;
}

static int cb_sysreg_write(void *ctx, a64_core *, uint32_t enc, uint64_t value)
{
    auto *t = static_cast<A64Test *>(ctx);
    t->sysreg_writes.push_back({enc, value});
    return 0;
}

static void cb_event(void *ctx, a64_core *target)
{
    static_cast<A64Test *>(ctx)->events.push_back(target);
}

A64Test::A64Test() : ram(kRamSize, 0)
{
    sys = a64_system_create();
    EXPECT_EQ(0, a64_system_map_ram(sys, kRam, kRamSize, ram.data()));
    cb.ctx = this;
    cb.read = cb_read;
    cb.write = cb_write;
    cb.sysreg_read = cb_sysreg_read;
    cb.sysreg_write = cb_sysreg_write;
    cb.event = cb_event;
    core = add_core(default_cfg());
}

A64Test::~A64Test()
{
    a64_system_destroy(sys);
}

a64_core_config A64Test::default_cfg() const
{
    a64_core_config cfg{};
    cfg.mpidr = 0x80000000u | (uint32_t)cores.size();
    cfg.rvbar = kRam;
    cfg.reset_el = 1;
    cfg.cntfrq = 62500000;
    return cfg;
}

a64_core *A64Test::add_core(a64_core_config cfg)
{
    a64_core *c = a64_core_create(sys, &cfg, &cb);
    EXPECT_NE(c, nullptr);
    cores.push_back(c);
    return c;
}

void A64Test::load(uint64_t pa, std::initializer_list<uint32_t> words)
{
    load(pa, std::vector<uint32_t>(words));
}

void A64Test::load(uint64_t pa, const std::vector<uint32_t> &words)
{
    std::memcpy(&ram[pa - kRam], words.data(), words.size() * 4);
    a64_system_code_written(sys, pa, words.size() * 4);
}

a64_stop_info A64Test::run(uint64_t budget, a64_core *c)
{
    a64_stop_info info;
    a64_run(c ? c : core, budget, &info);
    return info;
}

uint64_t A64Test::sr(uint32_t enc, a64_core *c)
{
    uint64_t v = 0;
    EXPECT_EQ(0, a64_sysreg_get(c ? c : core, enc, &v)) << "sysreg " << std::hex << enc;
    return v;
}

void A64Test::set_sr(uint32_t enc, uint64_t v, a64_core *c)
{
    EXPECT_EQ(0, a64_sysreg_set(c ? c : core, enc, v)) << "sysreg " << std::hex << enc;
}

uint64_t A64Test::ram64(uint64_t pa) const
{
    uint64_t v;
    std::memcpy(&v, &ram[pa - kRam], 8);
    return v;
}

uint32_t A64Test::ram32(uint64_t pa) const
{
    uint32_t v;
    std::memcpy(&v, &ram[pa - kRam], 4);
    return v;
}

void A64Test::put64(uint64_t pa, uint64_t v)
{
    std::memcpy(&ram[pa - kRam], &v, 8);
}
void A64Test::put32(uint64_t pa, uint32_t v)
{
    std::memcpy(&ram[pa - kRam], &v, 4);
}
