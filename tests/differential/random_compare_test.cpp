// Random programs run on KVM and the interpreter in lockstep: no divergence allowed. A bounded
// run with a fixed seed; tests/differential/random_compare_main.cpp runs longer ones.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compare/lockstep.h"
#include "backends/kvm/kvm_system.h"
#include "core/log.h"
#include "decoder/decode.h"
#include "decoder/instruction.h"
#include "differential/program_generator.h"
#include "support/kvm_available.h"

namespace emu::test {
namespace {

compare::LockstepResult compare_program(const RandomProgram& program) {
  compare::LockstepOptions options;
  options.machine = MachineConfig{.mem_size = program_memory};
  options.kvm_device = kvm::default_device_path();
  options.initial_state = program.initial_state;
  options.max_steps = 100000;
  Log quiet(stderr, false);
  return compare::run_lockstep(program.image, options, quiet);
}

TEST(RandomPrograms, GeneratedCodeDecodesAsIntended) {
  std::mt19937 random(7);
  for (int i = 0; i < 50; ++i) {
    RandomProgram program = generate_program(random, 100);
    EXPECT_GE(program.instructions, 100u);
    std::size_t decoded = 0;
    std::span<const std::uint8_t> code(program.image);
    for (std::size_t at = program_start; at < code.size();) {
      x86::Instruction insn = x86::decode(code.subspan(at));
      ASSERT_TRUE(insn.valid()) << "at " << at;
      at += insn.length;
      ++decoded;
    }
    EXPECT_EQ(decoded, program.instructions + 1);  // + the final HLT
  }
}

TEST(RandomPrograms, NoDivergenceOnFixedSeed) {
  EMU_REQUIRE_KVM();
  constexpr int programs = 2000;
  constexpr std::size_t length = 200;
  std::mt19937 random(20261122);
  std::uint64_t steps = 0;
  int agreed = 0;
  for (int i = 0; i < programs; ++i) {
    RandomProgram program = generate_program(random, length);
    compare::LockstepResult result = compare_program(program);
    steps += result.steps;
    if (result.verdict == compare::Verdict::agree) {
      ++agreed;
      continue;
    }
    ADD_FAILURE() << fmt::format("program {} (seed 20261122): {}\ncode: {:02x}", i, result.report,
                                 fmt::join(std::span(program.image).subspan(program_start), " "));
  }
  EXPECT_EQ(agreed, programs);
  std::cout << fmt::format("{} programs, {} steps compared\n", programs, steps);
}

}  // namespace
}  // namespace emu::test

namespace emu::test {
namespace {

// Which operations the random programs exercise under --compare: every one listed here must
// appear in 500 programs, and the test prints the operations the generator never produces.
TEST(RandomPrograms, CoverTheInstructionSet) {
  std::mt19937 random(1);
  std::vector<bool> seen(x86::op_count, false);
  for (int i = 0; i < 500; ++i) {
    RandomProgram program = generate_program(random, 200);
    std::span<const std::uint8_t> code(program.image);
    seen[static_cast<unsigned>(x86::decode(code.subspan(0x501)).op)] = true;  // the IRET handler
    for (std::size_t at = program_start; at < code.size();) {
      x86::Instruction insn = x86::decode(code.subspan(at));
      if (!insn.valid()) break;
      seen[static_cast<unsigned>(insn.op)] = true;
      at += insn.length;
    }
  }
  using x86::Op;
  const Op expected[] = {
      Op::add, Op::or_, Op::adc, Op::sbb, Op::and_, Op::sub, Op::xor_, Op::cmp, Op::test, Op::not_, Op::neg, Op::mul,
      Op::imul, Op::div, Op::inc, Op::dec, Op::rol, Op::ror, Op::rcl, Op::rcr, Op::shl, Op::shr, Op::sal, Op::sar,
      Op::shld, Op::shrd, Op::mov, Op::movzx, Op::movsx, Op::cmovcc, Op::setcc, Op::lea, Op::lds, Op::xchg, Op::xadd,
      Op::cmpxchg, Op::bswap, Op::push, Op::pop, Op::pusha, Op::popa, Op::pushf, Op::popf, Op::cbw, Op::cwd, Op::lahf,
      Op::sahf, Op::xlat, Op::bt, Op::bts, Op::btr, Op::btc, Op::bsf, Op::bsr, Op::daa, Op::das, Op::aaa, Op::aas,
      Op::aam, Op::aad, Op::salc, Op::jmp, Op::call, Op::call_far, Op::ret, Op::retf, Op::jcc, Op::loop, Op::enter,
      Op::leave, Op::int3, Op::int_, Op::iret, Op::movs, Op::cmps, Op::stos, Op::lods, Op::scas, Op::in, Op::out,
      Op::cmc, Op::clc, Op::stc, Op::cld, Op::wait, Op::nop, Op::idiv, Op::les, Op::lfs, Op::lgs, Op::loope,
      Op::loopne, Op::jcxz, Op::into, Op::ins, Op::outs, Op::cli, Op::sti, Op::std, Op::tzcnt, Op::lzcnt,
      Op::jmp_far, Op::int1, Op::bound, Op::pause, Op::smsw, Op::sidt, Op::sgdt, Op::clts, Op::wbinvd};
  for (Op op : expected) EXPECT_TRUE(seen[static_cast<unsigned>(op)]) << x86::mnemonic(op);
  std::string missing;
  for (unsigned op = 0; op < x86::op_count; ++op) {
    if (!seen[op] && static_cast<Op>(op) != Op::invalid && static_cast<Op>(op) != Op::too_long &&
        static_cast<Op>(op) != Op::truncated) {
      missing += fmt::format("{}({}) ", x86::mnemonic(static_cast<Op>(op)), op);
    }
  }
  std::cout << "operations the random programs do not produce: " << missing << "\n";
}

}  // namespace
}  // namespace emu::test
