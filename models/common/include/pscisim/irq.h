// A level-sensitive interrupt (or any boolean) wire between models: the driver
// calls set(), the bound sink sees every change at once, in the same delta cycle.
// Plain C++ rather than sc_signal so that no delta cycle or process is needed
// and a wire with no listener costs nothing.
#pragma once

#include <functional>
#include <utility>

namespace pscisim
{

class irq_line
{
  public:
    using sink_fn = std::function<void(bool level)>;

    // One sink per line; binding again replaces it. The sink is called with the
    // current level at once so a late binding cannot miss an asserted line.
    void bind(sink_fn sink)
    {
        sink_ = std::move(sink);
        if (sink_) sink_(level_);
    }
    void set(bool level)
    {
        if (level == level_) return;
        level_ = level;
        if (sink_) sink_(level_);
    }
    bool read() const { return level_; }
    // For sc_trace: the address of the level.
    const bool &level_ref() const { return level_; }

  private:
    bool level_ = false;
    sink_fn sink_;
};

} // namespace pscisim
