// The console: where guest output meant for a person goes (the PL011's transmit
// line, semihosting SYS_WRITEC/SYS_WRITE0/SYS_WRITE). Models write to a console_if;
// the platform decides where it ends up (the process's stdout/stderr, a test's
// buffer), so no model writes to the host's streams itself.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

namespace pscisim
{

enum class console_stream {
    out, // the guest's console (stdout)
    err, // the guest's error stream (semihosting handle 3)
};

class console_if
{
  public:
    virtual ~console_if() = default;
    virtual void write(console_stream s, const char *data, size_t len) = 0;
    void put(console_stream s, char c) { write(s, &c, 1); }
    // Everything written so far is delivered (before the process exits or reports).
    virtual void flush() = 0;
    // True once output to the `out` stream could not be delivered (a closed pipe, a
    // full disk): later output to it is dropped and the platform reports the loss.
    virtual bool failed() const { return false; }
};

// The host process's stdout and stderr.
class stdio_console : public console_if
{
  public:
    void write(console_stream s, const char *data, size_t len) override
    {
        if (s == console_stream::err) {
            std::fwrite(data, 1, len, stderr);
            return;
        }
        if (failed()) return;
        std::fwrite(data, 1, len, stdout);
        if (std::ferror(stdout)) out_failed_ = true;
    }
    void flush() override
    {
        if (std::fflush(stdout) != 0 || std::ferror(stdout)) out_failed_ = true;
        std::fflush(stderr);
    }
    bool failed() const override { return out_failed_ || std::ferror(stdout); }
    // One instance for the whole process (the default of every model).
    static stdio_console &instance()
    {
        static stdio_console c;
        return c;
    }

  private:
    bool out_failed_ = false;
};

// One UART's line among several on a shared console: every line of `out` is
// delivered whole, preceded by "<name>: ", so the lines of different UARTs
// interleave only at line boundaries, in the (simulated) order they end. A flush
// delivers a partial line (the rest follows without a second prefix); `err` passes
// through unchanged.
class prefixed_console : public console_if
{
  public:
    prefixed_console(console_if &base, std::string name) : base_(base), prefix_(name + ": ") {}
    void write(console_stream s, const char *data, size_t len) override
    {
        if (s == console_stream::err) {
            base_.write(s, data, len);
            return;
        }
        for (size_t i = 0; i < len; ++i) {
            line_ += data[i];
            if (data[i] == '\n') deliver();
        }
    }
    void flush() override
    {
        deliver();
        base_.flush();
    }
    bool failed() const override { return base_.failed(); }

  private:
    void deliver()
    {
        if (line_.empty()) return;
        std::string out = mid_line_ ? std::string() : prefix_;
        out += line_;
        mid_line_ = line_.back() != '\n';
        line_.clear();
        base_.write(console_stream::out, out.data(), out.size());
    }
    console_if &base_;
    std::string prefix_, line_;
    bool mid_line_ = false; // a flush delivered the start of the current line
};

// A console that writes `out` to a host file of its own (a UART sent to a file);
// `err` goes to `errs`. The file is opened by the owner and closed here.
class file_console : public console_if
{
  public:
    file_console(std::FILE *f, console_if &errs) : f_(f), errs_(errs) {}
    ~file_console() override
    {
        if (f_) std::fclose(f_);
    }
    file_console(const file_console &) = delete;
    file_console &operator=(const file_console &) = delete;
    void write(console_stream s, const char *data, size_t len) override
    {
        if (s == console_stream::err) {
            errs_.write(s, data, len);
            return;
        }
        if (failed_) return;
        if (std::fwrite(data, 1, len, f_) != len || std::ferror(f_)) failed_ = true;
    }
    void flush() override
    {
        if (!failed_ && (std::fflush(f_) != 0 || std::ferror(f_))) failed_ = true;
    }
    bool failed() const override { return failed_; }

  private:
    std::FILE *f_;
    console_if &errs_;
    bool failed_ = false;
};

} // namespace pscisim
