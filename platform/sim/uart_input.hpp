// Host-side senders for the console UART's receive line (pl011::set_input):
// --uart-input FILE (deterministic: the file's bytes, one per interval of simulated
// time) and --uart-input - (interactive stdin, polled without blocking once per
// interval: NOT deterministic, the characters arrive whenever the host has them).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace pscisim
{

// One character per this much simulated time (about 115200 baud 8N1, 86.8 us).
constexpr uint64_t uart_input_interval_ns = 100000;

// The largest --uart-input FILE (about 6,700 s of simulated typing at the interval).
constexpr uint64_t max_uart_input_file_size = 64ull << 20;

// The sender for `spec` ("-" = stdin). usage_error "FILE: problem" when the file
// cannot be read, is not a regular file or is larger than max_uart_input_file_size.
// For a terminal on stdin the returned object's lifetime keeps it in non-canonical,
// no-echo mode (the guest echoes); the settings are restored when it is destroyed
// and at exit.
struct uart_input {
    std::function<int()> next;
    std::shared_ptr<void> keep; // restores the terminal
};
uart_input make_uart_input(const std::string &spec);

} // namespace pscisim
