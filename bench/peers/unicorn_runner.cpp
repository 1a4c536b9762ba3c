// unicorn_run IMAGE: runs a flat real-mode guest on Unicorn (QEMU's TCG as a library) the way
// `emu` runs it, for the performance comparison: 1 MiB of RAM, the image at 0000:0000, every
// register zero; ports 0xF1 and 0xE9 write to stdout, writing v to port 0xF4 ends the run with
// status (v << 1) | 1, other ports read 0xFF. Anything else that ends the run (a fault, an
// invalid instruction, HLT) prints one line on stderr and exits 12.
#include <unicorn/unicorn.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace {

constexpr std::uint64_t ram_size = 1024 * 1024;
constexpr int failure_status = 12;

struct EngineCloser {
  void operator()(uc_engine* engine) const { uc_close(engine); }
};
using Engine = std::unique_ptr<uc_engine, EngineCloser>;

struct Ports {
  std::string console;
  std::optional<std::uint32_t> exit_value;
};

void on_out(uc_engine* engine, std::uint32_t port, int, std::uint32_t value, void* user) {
  auto& ports = *static_cast<Ports*>(user);
  if (port == 0xF1 || port == 0xE9) ports.console.push_back(static_cast<char>(value & 0xFF));
  if (port == 0xF4) {
    ports.exit_value = value & 0xFF;
    uc_emu_stop(engine);
  }
}

std::uint32_t on_in(uc_engine*, std::uint32_t port, int size, void*) {
  if (port == 0xE9) return 0xE9;
  return size == 1 ? 0xFF : size == 2 ? 0xFFFF : 0xFFFFFFFF;
}

[[noreturn]] void fail(const std::string& message) {
  fmt::print(stderr, "unicorn_run: {}\n", message);
  std::exit(failure_status);
}

void check(uc_err error, const char* what) {
  if (error != UC_ERR_OK) fail(fmt::format("{}: {}", what, uc_strerror(error)));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) fail("usage: unicorn_run IMAGE");
  std::ifstream file(argv[1], std::ios::binary);
  if (!file) fail(fmt::format("cannot open {}", argv[1]));
  std::vector<char> image{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  if (image.empty() || image.size() > ram_size) fail(fmt::format("{}: image must be 1 byte to 1 MiB", argv[1]));

  uc_engine* raw = nullptr;
  check(uc_open(UC_ARCH_X86, UC_MODE_16, &raw), "uc_open");
  Engine engine(raw);
  check(uc_mem_map(engine.get(), 0, ram_size, UC_PROT_ALL), "uc_mem_map");
  check(uc_mem_write(engine.get(), 0, image.data(), image.size()), "uc_mem_write");
  const int zero_registers[] = {UC_X86_REG_EAX, UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_ESI,
                                UC_X86_REG_EDI, UC_X86_REG_EBP, UC_X86_REG_ESP, UC_X86_REG_CS,  UC_X86_REG_DS,
                                UC_X86_REG_ES,  UC_X86_REG_SS,  UC_X86_REG_FS,  UC_X86_REG_GS};
  const std::uint32_t zero = 0;
  for (int reg : zero_registers) check(uc_reg_write(engine.get(), reg, &zero), "uc_reg_write");

  Ports ports;
  uc_hook out_hook, in_hook;
  check(uc_hook_add(engine.get(), &out_hook, UC_HOOK_INSN, reinterpret_cast<void*>(on_out), &ports, 1, 0,
                    UC_X86_INS_OUT),
        "uc_hook_add(OUT)");
  check(uc_hook_add(engine.get(), &in_hook, UC_HOOK_INSN, reinterpret_cast<void*>(on_in), &ports, 1, 0,
                    UC_X86_INS_IN),
        "uc_hook_add(IN)");

  // No end address: the run ends at the exit port (uc_emu_stop) or on an error.
  uc_err error = uc_emu_start(engine.get(), 0, ram_size, 0, 0);
  std::fwrite(ports.console.data(), 1, ports.console.size(), stdout);
  std::fflush(stdout);
  if (ports.exit_value) return static_cast<int>(((*ports.exit_value << 1) | 1) & 0xFF);
  std::uint32_t ip = 0;
  uc_reg_read(engine.get(), UC_X86_REG_IP, &ip);
  fail(fmt::format("guest stopped at IP {:04x} without writing the exit port: {}", ip,
                   error == UC_ERR_OK ? "HLT or end address" : uc_strerror(error)));
}
