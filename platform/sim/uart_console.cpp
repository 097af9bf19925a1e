#include "sim/uart_console.hpp"

#include "config/errors.hpp"

#include <cerrno>
#include <cstring>

namespace pscisim
{

uart_consoles::uart_consoles(console_if &base, const machine_desc &m,
                             const std::vector<sim_config::uart_file> &files)
    : base_(base)
{
    std::vector<std::string> given;
    for (const sim_config::uart_file &f : files)
        given.push_back(f.name);
    check_uart_files(m, given);
    std::vector<std::string> names = uart_names(m);
    // One UART: the console is its own, as on QEMU virt. Several: the FVP gives each
    // its own terminal; on one stream the prefix tells them apart.
    const bool prefix = names.size() > 1;
    for (const std::string &n : names) {
        channel c;
        c.name = n;
        for (const sim_config::uart_file &f : files)
            if (f.name == n) c.path = f.path;
        if (!c.path.empty()) {
            std::FILE *fp = std::fopen(c.path.c_str(), "wb");
            if (!fp)
                throw usage_error("--uart-file " + n + ": '" + c.path + "' cannot be written (" +
                                  std::strerror(errno) + ")");
            c.out = std::make_unique<file_console>(fp, base_);
        } else if (prefix) {
            c.out = std::make_unique<prefixed_console>(base_, n);
        }
        channels_.push_back(std::move(c));
    }
}

console_if &uart_consoles::for_device(const device_desc &d)
{
    for (channel &c : channels_)
        if (c.name == d.name) return c.out ? *c.out : static_cast<console_if &>(*this);
    return *this;
}

void uart_consoles::flush()
{
    for (channel &c : channels_)
        if (c.out) c.out->flush();
    base_.flush();
}

std::vector<std::string> uart_consoles::newly_failed_files()
{
    std::vector<std::string> out;
    for (channel &c : channels_)
        if (!c.path.empty() && !c.failure_reported && c.out->failed()) {
            c.failure_reported = true;
            out.push_back(c.path);
        }
    return out;
}

} // namespace pscisim
