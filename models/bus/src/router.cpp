#include "pscisim/router.h"

#include "pscisim/guest_log.h"

#include <sstream>

namespace pscisim
{

using namespace sc_core;

router::router(sc_module_name name) : sc_module(name), in("in"), out("out")
{
    in.register_b_transport(this, &router::b_transport);
    in.register_get_direct_mem_ptr(this, &router::get_direct_mem_ptr);
    in.register_transport_dbg(this, &router::transport_dbg);
    out.register_invalidate_direct_mem_ptr(this, &router::invalidate_direct_mem_ptr);
}

static std::string window(const router::mapping &m)
{
    std::ostringstream s;
    s << "'" << m.name << "' [0x" << std::hex << m.base << ", 0x" << m.base + m.size << ")";
    return s.str();
}

void router::map(tlm::tlm_target_socket<> &target, uint64_t base, uint64_t size,
                 const sc_time &latency, const std::string &name)
{
    mapping m{name.empty() ? std::string(target.name()) : name, base, size, latency};
    if (size == 0 || base + size - 1 < base) {
        SC_REPORT_ERROR(this->name(), ("window " + window(m) + " is empty or wraps").c_str());
        return;
    }
    for (const mapping &o : maps_) {
        if (base < o.base + o.size && o.base < base + size) {
            SC_REPORT_ERROR(this->name(),
                            ("window " + window(m) + " overlaps " + window(o)).c_str());
            return;
        }
    }
    // The i-th binding of `out` is the i-th mapping.
    out.bind(target);
    maps_.push_back(m);
}

int router::decode(uint64_t addr) const
{
    // Windows never overlap, so the last window hit is the answer whenever it
    // contains the address: polling loops hit the same device over and over.
    if (last_ < maps_.size() && addr >= maps_[last_].base &&
        addr - maps_[last_].base < maps_[last_].size)
        return int(last_);
    for (size_t i = 0; i < maps_.size(); i++)
        if (addr >= maps_[i].base && addr - maps_[i].base < maps_[i].size) {
            last_ = i;
            return int(i);
        }
    return -1;
}

int router::decode_range(const tlm::tlm_generic_payload &gp) const
{
    uint64_t addr = gp.get_address();
    int i = decode(addr);
    if (i < 0) return -1;
    uint64_t len = gp.get_data_length();
    if (gp.get_streaming_width() < len) len = gp.get_streaming_width();
    if (len > 0 && (len - 1) > maps_[i].size - 1 - (addr - maps_[i].base)) return -1;
    return i;
}

void router::b_transport(int, tlm::tlm_generic_payload &gp, sc_time &delay)
{
    transactions_++;
    uint64_t addr = gp.get_address();
    int i = decode_range(gp);
    if (i < 0) {
        decode_errors_++;
        PSCISIM_GUEST_ERROR(name(), "%u-byte %s of unmapped address 0x%llx", gp.get_data_length(),
                            gp.is_write() ? "write" : "read", (unsigned long long)addr);
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    gp.set_address(addr - maps_[i].base);
    delay += maps_[i].latency;
    out[i]->b_transport(gp, delay);
    gp.set_address(addr);
}

bool router::get_direct_mem_ptr(int, tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi)
{
    uint64_t addr = gp.get_address();
    int i = decode(addr);
    if (i < 0) {
        // Tell the initiator there is no DMI anywhere in the hole around addr.
        uint64_t lo = 0, hi = ~0ull;
        for (const mapping &m : maps_) {
            if (m.base > addr && m.base - 1 < hi) hi = m.base - 1;
            if (m.base + m.size - 1 < addr && m.base + m.size > lo) lo = m.base + m.size;
        }
        dmi.set_start_address(lo);
        dmi.set_end_address(hi);
        dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_NONE);
        return false;
    }
    const mapping &m = maps_[i];
    gp.set_address(addr - m.base);
    bool ok = out[i]->get_direct_mem_ptr(gp, dmi);
    gp.set_address(addr);
    // Translate to the global map and clip to the window (a target's answer is in
    // its own address space and may cover more than the window).
    uint64_t s = dmi.get_start_address(), e = dmi.get_end_address();
    if (e > m.size - 1) e = m.size - 1;
    if (ok && s > e) return false;
    dmi.set_start_address(m.base + s);
    dmi.set_end_address(m.base + e);
    dmi.set_read_latency(dmi.get_read_latency() + m.latency);
    dmi.set_write_latency(dmi.get_write_latency() + m.latency);
    return ok;
}

unsigned int router::transport_dbg(int, tlm::tlm_generic_payload &gp)
{
    uint64_t addr = gp.get_address();
    int i = decode_range(gp);
    if (i < 0) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return 0;
    }
    gp.set_address(addr - maps_[i].base);
    unsigned int n = out[i]->transport_dbg(gp);
    gp.set_address(addr);
    return n;
}

void router::invalidate_direct_mem_ptr(int id, sc_dt::uint64 start, sc_dt::uint64 end)
{
    const mapping &m = maps_.at(size_t(id));
    if (start > m.size - 1) return;
    if (end > m.size - 1) end = m.size - 1;
    for (unsigned k = 0; k < in.size(); k++)
        in[k]->invalidate_direct_mem_ptr(m.base + start, m.base + end);
}

} // namespace pscisim
