// The console: where guest output meant for a person goes (the PL011's transmit
// line, semihosting SYS_WRITEC/SYS_WRITE0/SYS_WRITE). Models write to a console_if;
// the platform decides where it ends up (the process's stdout/stderr, a test's
// buffer), so no model writes to the host's streams itself.
#ifndef PSCISIM_CONSOLE_H
#define PSCISIM_CONSOLE_H

#include <cstddef>
#include <cstdio>

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

} // namespace pscisim

#endif
