#include "pscisim/regs.h"

#include "pscisim/guest_log.h"

#include <cstring>

namespace pscisim
{

reg::reg(reg_bank &bank, const char *name, uint64_t offset, uint64_t reset_value, reg_access access,
         unsigned width, size_t count)
    : name_(name), offset_(offset), reset_value_(reset_value), access_(access), width_(width),
      values_(count, reset_value)
{
    if (width != 4 && width != 8)
        SC_REPORT_ERROR("pscisim/reg", (name_ + ": width must be 4 or 8 bytes").c_str());
    if (count == 0) SC_REPORT_ERROR("pscisim/reg", (name_ + ": count must be > 0").c_str());
    bank.add(this);
}

void reg::reset()
{
    for (auto &v : values_)
        v = reset_value_;
}

uint64_t reg::do_read(size_t idx, bool debug)
{
    if (access_ == reg_access::wo) return 0;
    if (on_read && !(debug && read_side_effects)) return on_read(idx);
    return values_[idx];
}

void reg::do_write(size_t idx, uint64_t value, uint64_t mask)
{
    if (access_ == reg_access::ro) return;
    if (on_write) {
        on_write(idx, value & mask, mask);
        return;
    }
    uint64_t m = mask & writable_mask;
    values_[idx] = (values_[idx] & ~m) | (value & m);
}

reg_bank::reg_bank(std::string name, bool reserved_raz_wi)
    : name_(std::move(name)), reserved_raz_wi_(reserved_raz_wi)
{
}

void reg_bank::add(reg *r)
{
    uint64_t lo = r->offset(), hi = r->offset() + uint64_t(r->width()) * r->count();
    for (reg *o : regs_) {
        uint64_t olo = o->offset(), ohi = o->offset() + uint64_t(o->width()) * o->count();
        if (lo < ohi && olo < hi)
            SC_REPORT_ERROR("pscisim/reg",
                            (name_ + ": register " + r->name() + " overlaps " + o->name()).c_str());
    }
    regs_.push_back(r);
}

void reg_bank::reset()
{
    for (reg *r : regs_)
        r->reset();
}

reg *reg_bank::find(uint64_t offset, size_t *idx) const
{
    // Registers never overlap (add() checks): the last register found answers a
    // repeated access (a status register polled in a loop) without a search.
    auto hit = [&](reg *r) {
        return offset >= r->offset() && offset < r->offset() + uint64_t(r->width()) * r->count();
    };
    reg *r = last_ && hit(last_) ? last_ : nullptr;
    for (size_t i = 0; !r && i < regs_.size(); i++)
        if (hit(regs_[i])) r = regs_[i];
    if (!r) return nullptr;
    last_ = r;
    if (idx) *idx = (offset - r->offset()) / r->width();
    return r;
}

tlm::tlm_response_status reg_bank::access(bool is_write, uint64_t offset, uint8_t *data,
                                          unsigned len, bool debug)
{
    // Guest errors are logged for bus accesses only (debug accesses come from
    // loaders and debuggers, not from the guest).
    const bool log = !debug && guest_log::enabled();
    const char *what = is_write ? "write" : "read";
    if (len != 1 && len != 2 && len != 4 && len != 8) {
        if (log)
            guest_log::report(name_.c_str(), "%u-byte %s at offset 0x%llx (not 1, 2, 4 or 8 bytes)",
                              len, what, (unsigned long long)offset);
        return tlm::TLM_GENERIC_ERROR_RESPONSE;
    }
    if (offset % len) {
        if (log)
            guest_log::report(name_.c_str(), "misaligned %u-byte %s at offset 0x%llx", len, what,
                              (unsigned long long)offset);
        return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    }
    size_t idx = 0;
    reg *r = find(offset, &idx);
    if (!r) {
        if (log)
            guest_log::report(name_.c_str(), "%u-byte %s of %s offset 0x%llx%s", len, what,
                              reserved_raz_wi_ ? "reserved" : "unmapped",
                              (unsigned long long)offset, reserved_raz_wi_ ? " (RAZ/WI)" : "");
        if (!reserved_raz_wi_) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
        if (!is_write) std::memset(data, 0, len);
        return tlm::TLM_OK_RESPONSE;
    }
    unsigned shift = unsigned(offset - r->offset()) % r->width();
    if (len > r->width() || (len < r->width() && !r->sub_word && !(len == 4 && r->width() == 8))) {
        if (log)
            guest_log::report(name_.c_str(), "%u-byte %s of %u-byte register %s", len, what,
                              r->width(), r->name().c_str());
        return tlm::TLM_GENERIC_ERROR_RESPONSE;
    }
    if (log && is_write && r->access() == reg_access::ro)
        guest_log::report(name_.c_str(), "write to read-only register %s (ignored)",
                          r->name().c_str());
    if (log && !is_write && r->access() == reg_access::wo)
        guest_log::report(name_.c_str(), "read of write-only register %s (reads as zero)",
                          r->name().c_str());
    uint64_t mask = (len == 8 ? ~0ull : ((1ull << (8 * len)) - 1)) << (8 * shift);
    if (is_write) {
        uint64_t v = 0;
        std::memcpy(&v, data, len);
        r->do_write(idx, v << (8 * shift), mask);
    } else {
        uint64_t v = (r->do_read(idx, debug) & mask) >> (8 * shift);
        std::memcpy(data, &v, len);
    }
    return tlm::TLM_OK_RESPONSE;
}

void reg_bank::transport(tlm::tlm_generic_payload &gp, bool debug)
{
    if (gp.get_byte_enable_ptr()) {
        gp.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if (gp.get_streaming_width() < gp.get_data_length()) {
        gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    bool is_write;
    switch (gp.get_command()) {
    case tlm::TLM_READ_COMMAND: is_write = false; break;
    case tlm::TLM_WRITE_COMMAND: is_write = true; break;
    default: gp.set_response_status(tlm::TLM_OK_RESPONSE); return;
    }
    gp.set_response_status(
        access(is_write, gp.get_address(), gp.get_data_ptr(), gp.get_data_length(), debug));
}

} // namespace pscisim
