// The Security attribute of a bus transaction (Arm ARM "Security state", the NS bit
// of a physical address space). Targets that have a Secure and a Non-secure view of
// their registers (the GICv3 with GICD_CTLR.DS = 0, Arm IHI 0069 4.7 / 12.1.6) ask
// is_secure(); the initiator (the CPU wrapper, from the access's translation) marks a
// Non-secure access with an ns_attribute extension.
#pragma once

#include <tlm>

namespace pscisim
{

// Attached by an initiator to a payload it sends Non-secure (ns = true). The
// initiator owns the object: set it with gp.set_extension(&attr) and remove it with
// gp.clear_extension(&attr) before the payload goes away.
class ns_attribute : public tlm::tlm_extension<ns_attribute>
{
  public:
    bool ns = false;

    tlm::tlm_extension_base *clone() const override
    {
        auto *c = new ns_attribute;
        c->ns = ns;
        return c;
    }
    void copy_from(const tlm::tlm_extension_base &other) override
    {
        ns = static_cast<const ns_attribute &>(other).ns;
    }
};

// Secure unless the payload carries an ns_attribute with ns = true: an initiator
// that says nothing (a loader, a debugger, a test, a machine with one Security
// state) gets the Secure view, as a Secure-only master would.
inline bool is_secure(const tlm::tlm_generic_payload &gp)
{
    const ns_attribute *a = gp.get_extension<ns_attribute>();
    return !a || !a->ns;
}

} // namespace pscisim
