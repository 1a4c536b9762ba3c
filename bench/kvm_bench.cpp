// KVM backend costs, each beside the same work done with bare ioctls (bare_kvm.cpp), the floor.
//   BM_*CreateAndRunHello: VM creation + running guests/hello.bin to HLT + teardown.
//   BM_*PortIoExit: one OUT exit round trip; the guest does `out 0x80, al` in a LOOP.
#include <benchmark/benchmark.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "backends/kvm/kvm_backend.h"
#include "backends/kvm/kvm_system.h"
#include "backends/registry.h"
#include "bare_kvm.h"
#include "core/byte_sink.h"
#include "core/error.h"
#include "platform/machine.h"

namespace {

constexpr std::size_t ram_size = 1024 * 1024;
constexpr std::uint16_t exits_per_run = 10000;

std::vector<std::uint8_t> hello_image() {
  std::ifstream file(std::string(EMU_GUEST_DIR) + "/hello.bin", std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// mov cx, N; 1: out 0x80, al; loop 1b; hlt
std::vector<std::uint8_t> port_loop_image() {
  return {0xB9, exits_per_run & 0xFF, exits_per_run >> 8, 0xE6, 0x80, 0xE2, 0xFC, 0xF4};
}

bool skip_without_kvm(benchmark::State& state) {
  try {
    emu::kvm::KvmSystem::open("/dev/kvm");
    return false;
  } catch (const emu::Error& error) {
    state.SkipWithError(error.what());
    return true;
  }
}

void BM_BareCreateAndRunHello(benchmark::State& state) {
  if (skip_without_kvm(state)) return;
  std::vector<std::uint8_t> image = hello_image();
  for (auto _ : state) {
    bare::BareVm vm = bare::create(ram_size);
    std::memcpy(vm.ram, image.data(), image.size());
    std::string console;
    bare::run_to_hlt(vm, console);
    bare::destroy(vm);
    if (console != "Hello, world!\n") state.SkipWithError("wrong output");
  }
}
BENCHMARK(BM_BareCreateAndRunHello)->Unit(benchmark::kMicrosecond);

void BM_EmuCreateAndRunHello(benchmark::State& state) {
  if (skip_without_kvm(state)) return;
  std::vector<std::uint8_t> image = hello_image();
  for (auto _ : state) {
    emu::StringSink console;
    emu::Machine machine(emu::MachineConfig{}, console);
    machine.load_image(image);
    emu::kvm::KvmBackend backend(machine, "/dev/kvm", emu::interpreter_assistant(machine));
    emu::RunResult result = backend.run({});
    if (result.reason != emu::StopReason::hlt || console.text() != "Hello, world!\n")
      state.SkipWithError("wrong output");
  }
}
BENCHMARK(BM_EmuCreateAndRunHello)->Unit(benchmark::kMicrosecond);

void BM_BarePortIoExit(benchmark::State& state) {
  if (skip_without_kvm(state)) return;
  std::vector<std::uint8_t> image = port_loop_image();
  bare::BareVm vm = bare::create(ram_size);
  std::memcpy(vm.ram, image.data(), image.size());
  std::string console;
  for (auto _ : state) {
    bare::reset(vm);
    if (bare::run_to_hlt(vm, console) != exits_per_run + 1) state.SkipWithError("wrong exit count");
  }
  bare::destroy(vm);
  state.SetItemsProcessed(state.iterations() * exits_per_run);
}
BENCHMARK(BM_BarePortIoExit)->Unit(benchmark::kMillisecond);

void BM_EmuPortIoExit(benchmark::State& state) {
  if (skip_without_kvm(state)) return;
  emu::StringSink console;
  emu::Machine machine(emu::MachineConfig{}, console);
  machine.load_image(port_loop_image());
  emu::kvm::KvmBackend backend(machine, "/dev/kvm", emu::interpreter_assistant(machine));
  for (auto _ : state) {
    backend.set_state(machine.initial_state());
    if (backend.run({}).reason != emu::StopReason::hlt) state.SkipWithError("guest did not halt");
  }
  state.SetItemsProcessed(state.iterations() * exits_per_run);
}
BENCHMARK(BM_EmuPortIoExit)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
