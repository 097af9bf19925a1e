#include "pscisim/guest_log.h"

#include <cstdarg>
#include <cstdio>
#include <iterator>
#include <ostream>

namespace pscisim
{

std::ostream *guest_log::s_out = nullptr;
std::vector<guest_log::context> guest_log::s_ctx;

namespace
{
const void *current_process()
{
    return sc_core::sc_get_current_process_handle().get_process_object();
}
} // namespace

bool guest_log::enter(unsigned core, bool has_pc, uint64_t pc, const sc_core::sc_time &time)
{
    s_ctx.push_back({current_process(), core, has_pc, pc, time});
    return true;
}

void guest_log::leave()
{
    const void *p = current_process();
    for (auto it = s_ctx.rbegin(); it != s_ctx.rend(); ++it)
        if (it->process == p) {
            s_ctx.erase(std::next(it).base());
            return;
        }
}

void guest_log::report(const char *device, const char *fmt, ...)
{
    if (!s_out) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const context *ctx = nullptr;
    const void *p = current_process();
    for (auto it = s_ctx.rbegin(); it != s_ctx.rend() && !ctx; ++it)
        if (it->process == p) ctx = &*it;
    sc_core::sc_time t = ctx ? ctx->time : sc_core::sc_time_stamp();
    // Simulated time in ns: deterministic, no host time.
    unsigned long long ns = t.value() / sc_core::sc_time(1, sc_core::SC_NS).value();
    char head[128];
    if (ctx && ctx->has_pc)
        std::snprintf(head, sizeof head, "guest-error: %llu ns: core %u PC 0x%llx: ", ns, ctx->core,
                      static_cast<unsigned long long>(ctx->pc));
    else if (ctx)
        std::snprintf(head, sizeof head, "guest-error: %llu ns: core %u: ", ns, ctx->core);
    else
        std::snprintf(head, sizeof head, "guest-error: %llu ns: ", ns);
    *s_out << head << device << ": " << msg << '\n';
    s_out->flush();
}

} // namespace pscisim
