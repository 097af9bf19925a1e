#include "pscisim/device.h"

#include <map>
#include <stdexcept>

namespace pscisim
{

namespace
{
std::map<std::string, device_factory> &registry()
{
    static std::map<std::string, device_factory> r;
    return r;
}
} // namespace

bool device_registry::add(const std::string &model, device_factory f)
{
    if (!registry().emplace(model, f).second)
        throw std::logic_error("device model '" + model + "' registered twice");
    return true;
}

device_factory device_registry::find(const std::string &model)
{
    auto it = registry().find(model);
    return it == registry().end() ? nullptr : it->second;
}

std::vector<std::string> device_registry::names()
{
    std::vector<std::string> out;
    for (const auto &e : registry())
        out.push_back(e.first);
    return out;
}

} // namespace pscisim
