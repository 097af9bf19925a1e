// Error type for everything the user can get wrong: command line, configuration file,
// guest ELF. main() prints "pscisim: error: <what()>" and exits with status 2.
#pragma once

#include <stdexcept>
#include <string>

namespace pscisim {

struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace pscisim
