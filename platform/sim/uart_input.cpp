#include "sim/uart_input.hpp"

#include "config/config.hpp"
#include "config/errors.hpp"
#include "pscisim/pl011.h"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <poll.h>
#include <termios.h>
#include <unistd.h>
#include <vector>

namespace pscisim
{
namespace
{

struct termios saved_tio;
bool tio_saved = false;

void restore_terminal()
{
    if (tio_saved) tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
    tio_saved = false;
}

} // namespace

uart_input make_uart_input(const std::string &spec)
{
    uart_input in;
    if (spec != "-") {
        // A regular file (a FIFO or /dev/zero would block or never end; '-' is the
        // way to feed a stream). Read whole: the guest takes it at 100 us a character.
        const std::string text =
            read_input_file(spec, "--uart-input file", max_uart_input_file_size);
        auto data = std::make_shared<std::vector<uint8_t>>(text.begin(), text.end());
        auto pos = std::make_shared<size_t>(0);
        in.next = [data, pos]() -> int {
            if (*pos >= data->size()) return pl011::input_eof;
            return (*data)[(*pos)++];
        };
        return in;
    }
    if (isatty(STDIN_FILENO) && !tio_saved && tcgetattr(STDIN_FILENO, &saved_tio) == 0) {
        // Characters go to the guest as typed; the guest's shell echoes them. ISIG
        // stays so Ctrl-C still stops pscisim.
        struct termios raw = saved_tio;
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO);
        raw.c_iflag &= ~tcflag_t(ICRNL);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        tio_saved = true;
        tcsetattr(STDIN_FILENO, TCSANOW, &raw);
        std::atexit(restore_terminal);
        in.keep = std::shared_ptr<void>(nullptr, [](void *) { restore_terminal(); });
    }
    in.next = []() -> int {
        struct pollfd p = {STDIN_FILENO, POLLIN, 0};
        if (poll(&p, 1, 0) <= 0) return pl011::input_none;
        unsigned char c;
        ssize_t n = read(STDIN_FILENO, &c, 1);
        if (n == 1) return c;
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) return pl011::input_none;
        return pl011::input_eof; // end of a pipe or file, or the terminal closed
    };
    return in;
}

} // namespace pscisim
