#!/usr/bin/env python3
"""Mutation testing of the interpreter's semantics: applies each mutant of MUTANTS (one small
change to the source) alone, rebuilds what it must in build-mutate/, runs the fast test levels,
and reports which mutants no test kills. Not part of CI (a rebuild per mutant); bounded by
--minutes. `./dev.sh mutate` runs it; results are recorded in docs/testing.md.

    tests/mutation/mutate.py [--build build-mutate] [--minutes 90] [--only NAME ...] [--list]

Every mutant must change its file exactly once (the script checks that its text occurs once), so
that the list cannot silently go stale. It edits the tree it runs in, restoring each file after
its mutant (also on Ctrl-C): to go on working meanwhile, run it in a clone. Exit status 0 when
every mutant run was killed or is listed in EQUIVALENT with why no test can kill it, 1 when any
other survived, 2 on a usage or build error.
"""

import argparse
import os
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# (name, file, text, replacement): the area of the interpreter each guards is its name's prefix.
MUTANTS = [
    # --- flags (lazy_flags.h)
    ("flags/af-from-bit-5", "backends/interp/lazy_flags.h", "(carries_ >> (35 - shape_.msb))", "(carries_ >> (36 - shape_.msb))"),
    ("flags/of-without-carry-out", "backends/interp/lazy_flags.h",
     "((carries_ >> 31) ^ (carries_ >> 32)) & 1) << 11", "(carries_ >> 31) & 1) << 11"),
    ("flags/pf-inverted", "backends/interp/lazy_flags.h", "& 1) ? 0 : flag::pf;", "& 1) ? flag::pf : 0;"),
    ("flags/inc-loses-cf", "backends/interp/lazy_flags.h", "bits_ = (bits_ & ~flag::cf) | cf();", "bits_ = bits_ & ~flag::cf;"),
    ("flags/jl-inverted", "backends/interp/lazy_flags.h",
     "case 6: result = (sf() != 0) != (of() != 0); break;", "case 6: result = (sf() != 0) == (of() != 0); break;"),
    ("flags/jbe-and", "backends/interp/lazy_flags.h", "case 3: result = (cf() | zf()) != 0;", "case 3: result = (cf() & zf()) != 0;"),
    ("flags/shift-of-ignored", "backends/interp/lazy_flags.h", "((c ^ o) << (8 * N - 1))", "((c) << (8 * N - 1))"),
    ("flags/rotate-keeps-of", "backends/interp/lazy_flags.h",
     "(c ? flag::cf : 0) | (o ? flag::of : 0);", "(c ? flag::cf : 0) | (bits_ & flag::of);"),
    # --- arithmetic (alu.cpp)
    ("alu/neg-operands-swapped", "backends/interp/alu.cpp",
     "set_add_sub<N>(0, a, std::uint64_t{0} - a64)", "set_add_sub<N>(a, 0, std::uint64_t{0} - a64)"),
    ("alu/inc-wraps-before-the-carry", "backends/interp/alu.cpp",
     "target.write(cpu.flags.set_inc_dec<N>(a, a64 + 1));", "target.write(cpu.flags.set_inc_dec<N>(a, a + 1));"),
    ("alu/imul-overflow-from-high", "backends/interp/alu.cpp",
     "bool overflow = product != to_signed<N>(low);", "bool overflow = high != 0;"),
    ("alu/div-overflow-off-by-one", "backends/interp/alu.cpp",
     "if (quotient > size_mask<N>()) throw", "if (quotient >= size_mask<N>()) throw"),
    ("alu/idiv-lowest-quotient-faults", "backends/interp/alu.cpp",
     "if (quotient > max || quotient < -max - 1)", "if (quotient > max || quotient < -max)"),
    ("alu/mul-flags-inverted", "backends/interp/alu.cpp",
     "const std::uint32_t cf_of = overflow ? flag::cf | flag::of : 0;", "const std::uint32_t cf_of = overflow ? 0 : flag::cf | flag::of;"),
    # --- shifts and rotates (alu.cpp)
    ("shift/cl-count-6-bits", "backends/interp/alu.cpp",
     "if constexpr (C == CountFrom::cl) return cpu.reg<1>(1) & 0x1F;", "if constexpr (C == CountFrom::cl) return cpu.reg<1>(1) & 0x3F;"),
    ("shift/shr-cf-one-too-far", "backends/interp/alu.cpp",
     "(value >> (count - 1)) & 1;", "(value >> count) & 1;"),
    ("shift/sar-cf-one-too-far", "backends/interp/alu.cpp",
     "cf = (signed_value >> (count - 1)) & 1;", "cf = (signed_value >> count) & 1;"),
    ("shift/rcl-modulo-width", "backends/interp/alu.cpp",
     "unsigned n = N == 4 ? count : count % (width + 1);", "unsigned n = N == 4 ? count : count % width;"),
    ("shift/last-step-left-inverted", "backends/interp/alu.cpp",
     "return left ? msb != carry :", "return left ? msb == carry :"),
    ("shift/rol-cf-wrong-bit", "backends/interp/alu.cpp", "      cf = r & 1;\n", "      cf = (r >> 1) & 1;\n"),
    ("shift/sar-sets-of", "backends/interp/alu.cpp", "    of = false;\n  }\n", "    of = true;\n  }\n"),
    # --- decimal adjusts (bcd.cpp)
    ("bcd/daa-0x99-inclusive", "backends/interp/bcd.cpp", "  if (old_al > 0x99 || old_cf) {\n    al = (al + 0x60)",
     "  if (old_al >= 0x99 || old_cf) {\n    al = (al + 0x60)"),
    ("bcd/das-forgets-old-cf", "backends/interp/bcd.cpp", "cf = old_cf || al < 6;", "cf = al < 6;"),
    ("bcd/das-borrow-at-6", "backends/interp/bcd.cpp", "cf = old_cf || al < 6;", "cf = old_cf || al <= 6;"),
    ("bcd/aaa-no-carry-into-ah", "backends/interp/bcd.cpp", "before + 0x106", "before + 0x006"),
    ("bcd/aam-quotient-remainder-swapped", "backends/interp/bcd.cpp",
     "((al / base) << 8) | (al % base)", "((al % base) << 8) | (al / base)"),
    ("bcd/aad-adds-base", "backends/interp/bcd.cpp", "(cpu.reg<1>(4) * base) & 0xFF", "(cpu.reg<1>(4) + base) & 0xFF"),
    # --- string instructions and REP (string.cpp)
    ("string/rep-counts-by-two", "backends/interp/string.cpp",
     "count = (count - 1) & regs.mask();", "count = (count - 2) & regs.mask();"),
    ("string/repe-inverted", "backends/interp/string.cpp",
     "if ((cpu.flags.zf() != 0) != repeat_while_equal) return;", "if ((cpu.flags.zf() != 0) == repeat_while_equal) return;"),
    ("string/rep-ignores-df", "backends/interp/string.cpp",
     "  StringRegisters regs{cpu, insn.address32()};\n  std::uint32_t step = cpu.flags.df() ? (0u - N) : N;",
     "  StringRegisters regs{cpu, insn.address32()};\n  std::uint32_t step = N;"),
    ("string/bulk-copies-overlap", "backends/interp/string.cpp",
     "if (destination > source && destination < source + bytes) return 0;", "if (false) return 0;"),
    ("string/scas-compares-bx", "backends/interp/string.cpp", "std::uint32_t a = cpu.reg<N>(0);", "std::uint32_t a = cpu.reg<N>(3);"),
    ("string/rep-with-cx-0-runs", "backends/interp/string.cpp",
     "  if (count == 0) return;\n  // With TF set", "  // With TF set"),
    ("string/286-cmps-reads-si-first", "backends/interp/string.cpp",
     "std::uint32_t b = Early ? cpu.read<N>(es_index, offset(di)) : 0;", "std::uint32_t b = 0;"),
    # --- segment limits and addressing (cpu.h)
    ("segment/limit-ignores-width", "backends/interp/cpu.h",
     "    if (std::uint64_t{offset} + (N - 1) > segment.limit) [[unlikely]] {",
     "    if (std::uint64_t{offset} > segment.limit) [[unlikely]] {"),
    ("segment/fast-read-ignores-width", "backends/interp/cpu.h",
     "    if (std::uint64_t{offset} + (N - 1) > segment.limit) [[unlikely]] return false;\n    const std::uint32_t linear = segment.base + offset;\n    if (linear > ram_size - N) [[unlikely]] return false;\n    value",
     "    if (std::uint64_t{offset} > segment.limit) [[unlikely]] return false;\n    const std::uint32_t linear = segment.base + offset;\n    if (linear > ram_size - N) [[unlikely]] return false;\n    value"),
    ("segment/address-not-wrapped", "backends/interp/cpu.h",
     "return (base + gpr[insn.index]) & 0xFFFF;", "return (base + gpr[insn.index]);"),
    ("segment/sp-not-wrapped", "backends/interp/cpu.h",
     "std::uint32_t sp = (reg<2>(4) - N) & 0xFFFF;", "std::uint32_t sp = (reg<2>(4) - N);"),
    ("segment/ss-overrun-is-gp", "backends/interp/profile_choices.h",
     "  static constexpr std::uint8_t stack_limit_fault = vector::stack_fault;",
     "  static constexpr std::uint8_t stack_limit_fault = vector::general_protection;"),
    # --- exception delivery (interrupts.cpp, interpreter.cpp)
    ("exception/if-not-cleared", "backends/interp/interrupts.cpp",
     "cpu.flags.set_control(flag::if_ | flag::tf | (1u << 18) /* AC */, false);",
     "cpu.flags.set_control(flag::tf | (1u << 18) /* AC */, false);"),
    ("exception/cs-ip-pushed-swapped", "backends/interp/interrupts.cpp",
     "    cpu.push<2>(cpu.seg[cs_index].selector);\n    cpu.push<2>(return_eip & 0xFFFF);",
     "    cpu.push<2>(return_eip & 0xFFFF);\n    cpu.push<2>(cpu.seg[cs_index].selector);"),
    ("exception/ivt-limit-per-byte", "backends/interp/interrupts.cpp", "if (entry + 3 > cpu.idtr.limit)", "if (entry > cpu.idtr.limit)"),
    ("exception/gp-not-contributory", "backends/interp/interpreter.cpp",
     "return vector == 0 || (vector >= 10 && vector <= 13);", "return vector == 0 || (vector >= 10 && vector <= 12);"),
    ("exception/fault-pushes-next-ip", "backends/interp/interpreter.cpp",
     "  cpu_.eip = cpu_.instruction_eip;\n  cpu_.events &= Cpu::stop_requested;\n  ++cpu_.instructions;",
     "  cpu_.events &= Cpu::stop_requested;\n  ++cpu_.instructions;"),
    ("exception/popf-cannot-set-tf", "backends/interp/profile_choices.h",
     "  static constexpr std::uint32_t loadable_flags16 = 0x7FD5;", "  static constexpr std::uint32_t loadable_flags16 = 0x7ED5;"),
    ("exception/leave-changes-sp-first", "backends/interp/move.cpp",
     "  const std::uint32_t value = cpu.read<N>(ss_index, bp);\n  cpu.set_reg<2>(4, bp + N);",
     "  cpu.set_reg<2>(4, bp);\n  const std::uint32_t value = cpu.read<N>(ss_index, bp);\n  cpu.set_reg<2>(4, bp + N);"),
    # --- blocks: building, chaining, dead flags (interpreter.cpp, handlers.cpp, flag_liveness.cpp)
    ("block/stores-report-no-events", "backends/interp/handlers.cpp", "      return writes_register;\n", "      return true;\n"),
    ("block/rdtsc-inside-blocks", "backends/interp/handlers.cpp",
     "if (insn.op == x86::Op::rdtsc || insn.op == x86::Op::hlt) return false;", "if (insn.op == x86::Op::hlt) return false;"),
    ("block/fallthrough-not-wrapped", "backends/interp/interpreter.cpp",
     "block.fallthrough = next_ip & 0xFFFF;", "block.fallthrough = next_ip;"),
    ("block/shift-by-cl-certainly-writes", "backends/interp/flag_liveness.cpp",
     "      if (count.kind != OperandKind::imm) return 0;\n", "      if (count.kind != OperandKind::imm) return written;\n"),
    ("block/memory-destination-drops-flags", "backends/interp/flag_liveness.cpp",
     "(info.written & live) == 0 && !writes_memory(insn)", "(info.written & live) == 0"),
]

# Mutants no test can kill, and why: they change nothing the program can observe.
EQUIVALENT = {
    "alu/neg-operands-swapped": "Flags::set_add_sub reads its operands only as a ^ b ^ result, symmetric in a and b",
    "bcd/das-forgets-old-cf": "with CF set the second adjustment sets CF anyway (old_cf also takes that branch)",
    "block/rdtsc-inside-blocks": "build_block already ends a block before any RDTSC that is not its first entry, "
                                 "where the count is exact; the block after one only grows longer",
}

# The fast test levels: the binaries, with a filter where only part of one is fast.
TESTS = [
    ("decoder_tests", None),
    ("interp_tests", None),
    ("conformance_tests", None),
    ("cpu_tests", None),
    ("differential_tests", "RandomPrograms.BlocksAgreeWithSingleSteps:IsaCorpus.*:DifferentialRegressions.*"),
    ("e2e_tests", "Guests.InstructionSetChecksumsArePinned:CpuProfile.*"),
]
TARGETS = ["emu"] + [binary for binary, _ in TESTS]


def run(command, timeout=None, **kwargs):
    return subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=timeout, **kwargs)


def build(build_dir):
    result = run(["cmake", "--build", build_dir, "-j", str(os.cpu_count() or 2), "--target", *TARGETS])
    return result.returncode == 0, result.stdout


def first_killer(build_dir):
    """The first test binary (and test) that fails, or None when all pass."""
    for binary, gtest_filter in TESTS:
        command = [os.path.join(build_dir, "tests", binary), "--gtest_brief=1"]
        if gtest_filter:
            command.append(f"--gtest_filter={gtest_filter}")
        try:
            result = run(command, timeout=180)  # unmutated, the slowest takes seconds
        except subprocess.TimeoutExpired:
            return f"{binary} (timed out)"
        if result.returncode != 0:
            for line in result.stdout.splitlines():
                words = line.split()
                if line.startswith("[  FAILED  ]") and len(words) > 3 and not words[3].isdigit():
                    return f"{binary} {words[3].rstrip(',')}"
            return f"{binary} (exit status {result.returncode})"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build-mutate")
    parser.add_argument("--minutes", type=float, default=90)
    parser.add_argument("--only", nargs="*", default=None, help="names (or prefixes) of mutants to run")
    parser.add_argument("--list", action="store_true", help="list the mutants and check that each applies")
    args = parser.parse_args()

    problems = []
    for name, path, text, replacement in MUTANTS:
        count = open(os.path.join(ROOT, path)).read().count(text)
        if count != 1:
            problems.append(f"{name}: its text occurs {count} times in {path}")
    if problems:
        print("stale mutants:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 2
    if args.list:
        for name, path, _, _ in MUTANTS:
            print(f"{name:45} {path}")
        print(f"{len(MUTANTS)} mutants, each applies once")
        return 0

    build_dir = os.path.join(ROOT, args.build)
    if not os.path.exists(os.path.join(build_dir, "build.ninja")):
        configure = run(["cmake", "-S", ".", "-B", build_dir, "-G", "Ninja", "-DEMU_BUILD_BENCH=OFF"])
        if configure.returncode != 0:
            print(configure.stdout, file=sys.stderr)
            return 2
    ok, log = build(build_dir)
    if not ok or first_killer(build_dir) is not None:
        print("the unmutated tree does not build or pass the fast tests:\n" + log[-3000:], file=sys.stderr)
        return 2

    selected = [m for m in MUTANTS if args.only is None or any(m[0].startswith(o) for o in args.only)]
    deadline = time.monotonic() + args.minutes * 60
    survivors, results = [], []
    for name, path, text, replacement in selected:
        if time.monotonic() > deadline:
            print(f"time limit reached: {len(selected) - len(results)} mutants not run")
            break
        full = os.path.join(ROOT, path)
        original = open(full).read()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # restore before any Ctrl-C lands
        try:
            open(full, "w").write(original.replace(text, replacement))
            signal.signal(signal.SIGINT, previous)
            started = time.monotonic()
            ok, log = build(build_dir)
            killer = "the build (does not compile)" if not ok else first_killer(build_dir)
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            open(full, "w").write(original)
            signal.signal(signal.SIGINT, previous)
        seconds = time.monotonic() - started
        results.append((name, killer))
        if killer is None and name in EQUIVALENT:
            verdict = f"survived, equivalent: {EQUIVALENT[name]}"
        elif killer is None:
            survivors.append(name)
            verdict = "SURVIVED"
        else:
            verdict = f"killed by {killer}"
        print(f"{name:45} {verdict}  ({seconds:.0f} s)", flush=True)
    build(build_dir)  # leave the build matching the tree
    killed = sum(1 for _, killer in results if killer is not None)
    print(f"{len(results)} mutants run, {killed} killed, {len(results) - killed - len(survivors)} equivalent, "
          f"{len(survivors)} survived"
          + (": " + ", ".join(survivors) if survivors else ""))
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
