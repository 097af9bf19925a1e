#include "report/vcd_writer.hpp"

#include <stdexcept>

namespace pscisim
{

namespace
{
// Identifier codes: printable ASCII '!'..'~' (base 94), shortest first.
std::string id_code(size_t n)
{
    std::string s;
    do {
        s.push_back(static_cast<char>('!' + n % 94));
        n /= 94;
    } while (n-- > 0);
    return s;
}
} // namespace

vcd_writer::vcd_writer(std::ostream &out, std::string timescale)
    : out_(out), timescale_(std::move(timescale))
{
}

void vcd_writer::push_scope(const std::string &name)
{
    if (started_) throw std::logic_error("vcd: scope declared after the first value change");
    decls_ += "$scope module " + name + " $end\n";
    ++depth_;
}

void vcd_writer::pop_scope()
{
    if (started_ || depth_ == 0) throw std::logic_error("vcd: unbalanced $upscope");
    decls_ += "$upscope $end\n";
    --depth_;
}

int vcd_writer::add_var(const std::string &name, unsigned width, uint64_t initial)
{
    if (started_) throw std::logic_error("vcd: variable declared after the first value change");
    if (width == 0 || width > 64 || (width < 64 && (initial >> width) != 0))
        throw std::logic_error("vcd: bad width or initial value for " + name);
    var v{id_code(vars_.size()), width, initial, initial, false};
    decls_ += std::string("$var ") + (width == 1 ? "wire" : "reg") + " " + std::to_string(width) +
              " " + v.id + " " + name + " $end\n";
    vars_.push_back(v);
    return static_cast<int>(vars_.size() - 1);
}

void vcd_writer::header()
{
    if (depth_ != 0) throw std::logic_error("vcd: scopes still open at the first value change");
    out_ << "$version pscisim $end\n$timescale " << timescale_ << " $end\n"
         << decls_ << "$enddefinitions $end\n";
    started_ = true;
}

void vcd_writer::emit(const var &v, uint64_t value)
{
    if (v.width == 1) {
        out_ << (value ? '1' : '0') << v.id << '\n';
        return;
    }
    std::string bits;
    for (int b = static_cast<int>(v.width) - 1; b >= 0; --b)
        if (!bits.empty() || ((value >> b) & 1) || b == 0)
            bits.push_back(((value >> b) & 1) ? '1' : '0');
    out_ << 'b' << bits << ' ' << v.id << '\n';
}

void vcd_writer::flush()
{
    if (!started_) header();
    if (!dumped_initial_) {
        // All values at the first timestamp, as $dumpvars.
        out_ << '#' << now_ << "\n$dumpvars\n";
        for (auto &v : vars_) {
            v.dumped = v.pending;
            v.dirty = false;
            emit(v, v.dumped);
        }
        out_ << "$end\n";
        dirty_list_.clear();
        dumped_initial_ = true;
        return;
    }
    bool stamped = false;
    for (int i : dirty_list_) {
        var &v = vars_[static_cast<size_t>(i)];
        v.dirty = false;
        if (v.pending == v.dumped) continue;
        if (!stamped) {
            out_ << '#' << now_ << '\n';
            stamped = true;
        }
        v.dumped = v.pending;
        emit(v, v.dumped);
    }
    dirty_list_.clear();
}

void vcd_writer::change(uint64_t time, int id, uint64_t value)
{
    if (finished_) throw std::logic_error("vcd: change after finish");
    if (id < 0 || static_cast<size_t>(id) >= vars_.size())
        throw std::logic_error("vcd: unknown variable handle");
    var &v = vars_[static_cast<size_t>(id)];
    if (v.width < 64 && (value >> v.width) != 0)
        throw std::logic_error("vcd: value does not fit the variable width");
    if (!started_) header();
    if (time < now_)
        throw std::logic_error("vcd: time went backwards (" + std::to_string(time) + " < " +
                               std::to_string(now_) + ")");
    if (time > now_ || !dumped_initial_) {
        if (time > now_) {
            flush();
            now_ = time;
        }
    }
    v.pending = value;
    if (!v.dirty) {
        v.dirty = true;
        dirty_list_.push_back(id);
    }
}

void vcd_writer::finish(uint64_t end_time)
{
    if (finished_) return;
    if (end_time < now_) throw std::logic_error("vcd: end time before the last change");
    flush();
    if (end_time > now_) out_ << '#' << end_time << '\n';
    finished_ = true;
    out_.flush();
}

} // namespace pscisim
