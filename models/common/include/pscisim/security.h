// The physical address space of a bus transaction: Secure or Non-secure (Arm ARM
// D8, "Security state and the physical address space"; on AXI the AxPROT[1] bit).
// An initiator that knows the space of an access (the CPU wrapper, from the ISS's
// translation) marks a Non-secure one with an ns_attribute extension; targets and
// filters that treat the two spaces differently (Secure-only memory, the TZC-400,
// a GICv3 with two Security states) ask is_secure().
#pragma once

#include <tlm>

namespace pscisim
{

// Carried by a Non-secure payload (ns = true). The initiator owns the object: it
// attaches it with gp.set_extension(&attr) and detaches it with
// gp.clear_extension(&attr) before the payload is destroyed.
class ns_attribute : public tlm::tlm_extension<ns_attribute>
{
  public:
    bool ns = false;

    tlm::tlm_extension_base *clone() const override
    {
        auto *copy = new ns_attribute;
        copy->ns = ns;
        return copy;
    }
    void copy_from(const tlm::tlm_extension_base &from) override
    {
        ns = static_cast<const ns_attribute &>(from).ns;
    }
};

// A payload without the attribute is Secure: loaders, debuggers, tests and the
// cores of a machine with one Security state reach everything, as a Secure-only
// bus master would.
inline bool is_secure(const tlm::tlm_generic_payload &gp)
{
    const ns_attribute *attr = gp.get_extension<ns_attribute>();
    return attr == nullptr || !attr->ns;
}

} // namespace pscisim
