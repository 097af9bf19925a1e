// A small Value Change Dump writer (IEEE 1364-2005 §18). We write our own rather than use
// sc_trace because the traced values (power states, clock enables) are changed by the
// power controller from outside any traced SystemC process, at times we already know.
//
// Use: declare scopes and variables, then report changes in non-decreasing time order.
// Several changes of one variable at the same time collapse to the last; a change to the
// value already dumped is not written. No host date is written, so the output is
// deterministic.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace pscisim
{

class vcd_writer
{
  public:
    // `timescale` is written verbatim into $timescale (times passed in are in that unit).
    explicit vcd_writer(std::ostream &out, std::string timescale = "1 ns");
    vcd_writer(const vcd_writer &) = delete;
    vcd_writer &operator=(const vcd_writer &) = delete;

    void push_scope(const std::string &name);
    void pop_scope();
    // width 1 -> "wire", else "reg". Returns the handle for change().
    int add_var(const std::string &name, unsigned width, uint64_t initial);

    // std::logic_error if time goes backwards, the handle is unknown, the value does not
    // fit the width, or declarations are still open scopes at the first change.
    void change(uint64_t time, int var, uint64_t value);
    // Flushes and writes a last timestamp `end_time` (if later than the last change).
    void finish(uint64_t end_time);

  private:
    struct var {
        std::string id;
        unsigned width;
        uint64_t dumped, pending;
        bool dirty;
    };
    void header();
    void flush();
    void emit(const var &v, uint64_t value);
    std::ostream &out_;
    std::string timescale_;
    std::string decls_;
    int depth_ = 0;
    bool started_ = false, finished_ = false, dumped_initial_ = false;
    uint64_t now_ = 0;
    std::vector<var> vars_;
    std::vector<int> dirty_list_;
};

} // namespace pscisim
