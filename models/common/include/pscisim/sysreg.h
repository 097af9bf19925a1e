// System-register encodings: op0:op1:CRn:CRm:op2 packed exactly as A64_SYSREG()
// in models/cpu/include/a64/a64.h (bits [20:5] of an MRS/MSR instruction word),
// so the CPU wrapper can pass the ISS's `enc` straight to the timer and the GIC.
#pragma once

#include <cstdint>

namespace pscisim
{

constexpr uint32_t sysreg_enc(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2)
{
    return uint32_t((op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2);
}

} // namespace pscisim
