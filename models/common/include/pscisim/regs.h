// Register declarations for memory-mapped peripherals, in the style of MachineWare
// VCML: a register is a member with a name, an offset, a reset value and access
// rules; behaviour is attached in the owner's constructor through on_read/on_write.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>

namespace pscisim
{

enum class reg_access {
    rw, // read/write
    ro, // read-only: writes are ignored (WI)
    wo, // write-only: reads return zero (RAZ)
};

class reg_bank;

// One register, or an array of `count` equal registers at consecutive offsets
// (GICD_ISENABLER<n>, GICD_IPRIORITYR<n>, ...). Values are kept as uint64_t;
// `width` is 4 or 8 bytes.
class reg
{
  public:
    // Called for a read of element idx; returns the whole element's value.
    using read_fn = std::function<uint64_t(size_t idx)>;
    // Called for a write of element idx: `value` holds the written bytes in their
    // lanes, `mask` has 0xFF in every byte lane the access wrote.
    using write_fn = std::function<void(size_t idx, uint64_t value, uint64_t mask)>;

    reg(reg_bank &bank, const char *name, uint64_t offset, uint64_t reset_value = 0,
        reg_access access = reg_access::rw, unsigned width = 4, size_t count = 1);
    reg(const reg &) = delete;
    reg &operator=(const reg &) = delete;

    const std::string &name() const { return name_; }
    uint64_t offset() const { return offset_; }
    unsigned width() const { return width_; }
    size_t count() const { return values_.size(); }
    reg_access access() const { return access_; }
    uint64_t reset_value() const { return reset_value_; }

    // Stored value (what a read returns when there is no on_read callback).
    uint64_t get(size_t idx = 0) const { return values_.at(idx); }
    void set(uint64_t v) { values_.at(0) = v; }
    void set(size_t idx, uint64_t v) { values_.at(idx) = v; }
    operator uint64_t() const { return values_.at(0); }

    void reset();

    read_fn on_read;
    write_fn on_write;
    // Bits software may change when there is no on_write callback; others keep
    // their value (read-only bitfields inside a read/write register).
    uint64_t writable_mask = ~0ull;
    // Byte and halfword accesses allowed (GICD_IPRIORITYR, PL011 registers). A
    // 32-bit access to half of a 64-bit register is always allowed (GICv3 12.1.3).
    bool sub_word = false;
    // on_read changes state (acknowledge, FIFO pop): debug reads return the stored
    // value instead of calling it.
    bool read_side_effects = false;

    // Front-door access used by reg_bank. `shift` is the byte offset inside the
    // element; `len` its length. Returns the bytes read, in their lanes.
    uint64_t do_read(size_t idx, bool debug);
    void do_write(size_t idx, uint64_t value, uint64_t mask);

  private:
    std::string name_;
    uint64_t offset_;
    uint64_t reset_value_;
    reg_access access_;
    unsigned width_;
    std::vector<uint64_t> values_;
};

// A set of registers decoded by offset: one device frame. Bus-side decoding
// rules, in one place for every model:
//  - an access must be 1, 2, 4 or 8 bytes, naturally aligned, within one register
//    element; narrower than the element only if the register allows it;
//  - offsets no register covers give TLM_ADDRESS_ERROR_RESPONSE, unless the bank
//    was declared `reserved_raz_wi` (GICv3: reserved locations are RES0, Arm IHI
//    0069 12.1.1), in which case they read as zero and ignore writes.
class reg_bank
{
  public:
    explicit reg_bank(std::string name, bool reserved_raz_wi = false);
    reg_bank(const reg_bank &) = delete;
    reg_bank &operator=(const reg_bank &) = delete;

    const std::string &name() const { return name_; }
    void add(reg *r);
    void reset();
    reg *find(uint64_t offset, size_t *idx = nullptr) const;

    // Performs one access; little-endian data. `debug` = transport_dbg.
    tlm::tlm_response_status access(bool is_write, uint64_t offset, uint8_t *data, unsigned len,
                                    bool debug);
    // Convenience for a whole generic payload whose address is bank-relative.
    // Byte enables are not supported (TLM_BYTE_ENABLE_ERROR_RESPONSE).
    void transport(tlm::tlm_generic_payload &gp, bool debug);

  private:
    std::string name_;
    bool reserved_raz_wi_;
    std::vector<reg *> regs_;
    mutable reg *last_ = nullptr; // the register find() found last
};

} // namespace pscisim
