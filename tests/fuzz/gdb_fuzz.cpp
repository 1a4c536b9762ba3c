// libFuzzer target: the gdb stub's session with anything gdb's side of the connection can send,
// then the connection closed. The first byte chooses how the rest is read: even, as packet
// payloads one per line, each framed with a good checksum (so that the packets themselves are
// explored: registers, memory, breakpoints, resumes, monitor commands, with any arguments);
// odd, as raw bytes (framing, escapes, checksums, acks, interrupts). The guest runs at most a
// few thousand instructions; nothing may crash or hang, and the session must end.
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>

#include "backends/interp/interpreter.h"
#include "core/byte_sink.h"
#include "gdb/packet.h"
#include "gdb/session.h"
#include "platform/machine.h"

namespace {

// At 07C0:0000: inc word [0x100]; xchg bx,bx; out 0xE9,al; jmp back to the start.
constexpr std::uint8_t guest[] = {0xFF, 0x06, 0x00, 0x01, 0x87, 0xDB, 0xE6, 0xE9, 0xEB, 0xF6};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string input;
  if (data[0] % 2 == 0) {
    std::string payload;
    for (std::size_t i = 1; i <= size; ++i) {
      if (i == size || data[i] == '\n') {
        input += emu::gdb::frame(payload);
        payload.clear();
      } else {
        payload += static_cast<char>(data[i]);
      }
    }
  } else {
    input.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  }
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) std::abort();
  // gdb's side: everything sent, then its end closed for writing; its replies read and dropped.
  std::thread gdb([fd = fds[1], &input] {
    std::size_t sent = 0;
    while (sent < input.size()) {
      const ssize_t n = ::send(fd, input.data() + sent, input.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    ::shutdown(fd, SHUT_WR);
  });
  std::thread drain([fd = fds[1]] {
    char buffer[4096];
    while (::read(fd, buffer, sizeof buffer) > 0) {
    }
  });
  {
    emu::StringSink console;
    emu::Machine machine(emu::MachineConfig{.mem_size = 0x10000, .load_address = 0x7C00, .entry_segment = 0x07C0,
                                            .entry_offset = 0},
                         console);
    machine.load_image({guest, sizeof guest});
    emu::interp::Interpreter backend(machine);
    emu::gdb::Connection connection{emu::UniqueFd(fds[0])};
    emu::StopRequest stop;
    std::FILE* null = std::fopen("/dev/null", "w");
    emu::Log log(null, false);
    emu::gdb::Session session(connection, backend, machine, stop, {.max_insns = 5000, .alarm = nullptr, .magic_break = true},
                              log);
    session.serve({emu::DebugStop::Kind::step, {}, 0});
    std::fclose(null);
  }  // the connection closed: the drain ends
  gdb.join();
  drain.join();
  ::close(fds[1]);
  return 0;
}
