#pragma once

// What each benchmark guest (guests/bench_*.S) prints for a given iteration count, and how many
// instructions it executes doing so, computed independently in C++: a fast wrong answer fails
// the benchmark, and every engine's MIPS uses a count that does not depend on any engine.
// tests/interp/bench_guest_test.cpp holds these models to the interpreter's exact counts.
//
// Instruction counts follow the guest sources line by line; a REP string instruction counts
// once (as emu counts it), and the final OUT to the exit device counts.

#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace bench_model {

struct GuestRun {
  std::string output;
  std::uint64_t instructions = 0;
};

// Costs of the shared routines in guests/emu.inc, each including its RET but not the CALL.
inline std::uint64_t print_nibble_cost(unsigned digit) { return 6 + (digit > 9 ? 1 : 0); }
inline std::uint64_t print_hex8_cost(unsigned value) {
  return 4 + print_nibble_cost((value >> 4) & 15) + print_nibble_cost(value & 15);
}
inline std::uint64_t print_hex16_cost(unsigned value) {
  return 6 + print_hex8_cost((value >> 8) & 0xFF) + print_hex8_cost(value & 0xFF);
}
// CALL print_hex16.
inline std::uint64_t call_print_hex16(unsigned value) { return 1 + print_hex16_cost(value); }
// print_ax_and_exit: CALL print_hex16, MOV AL '\n', OUT, then bench_exit's XOR and OUT.
inline std::uint64_t print_ax_and_exit_cost(unsigned ax) { return call_print_hex16(ax) + 4; }
// bench_header's JMP over the parameter block.
inline constexpr std::uint64_t header_cost = 1;

inline GuestRun alu(std::uint32_t n) {
  std::uint16_t ax = 0, bx = 1, dx = 0x1234, si = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    ax = static_cast<std::uint16_t>(ax + bx);
    dx ^= ax;
    bx = static_cast<std::uint16_t>((bx << 3) | (bx >> 13));
    si = static_cast<std::uint16_t>(si - dx);
    bx = static_cast<std::uint16_t>(bx + si);
    ax = static_cast<std::uint16_t>(ax + 1);
  }
  // CALL print_state; PUSH, PUSH, four printed words with a POP or MOV before three, MOV, OUT, RET.
  const std::uint64_t print_state = 1 + 2 + call_print_hex16(ax) + call_print_hex16(bx) + call_print_hex16(dx) +
                                    call_print_hex16(si) + 3 + 3;
  return {fmt::format("{:04x}{:04x}{:04x}{:04x}\n", ax, bx, dx, si), header_cost + 5 + 8ull * n + print_state + 2};
}

inline GuestRun memory(std::uint32_t n) {
  std::uint16_t table[257] = {};  // word 256 lies past the table: always 0
  std::uint16_t ax = 1;
  unsigned si = 0, di = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    std::uint16_t dx = static_cast<std::uint16_t>(table[si / 2] + ax);
    table[di / 2] = dx;
    ax = static_cast<std::uint16_t>(ax + table[si / 2 + 1]);
    si = (si + 2) & 0x1FE;
    di = (di + 6) & 0x1FE;
  }
  return {fmt::format("{:04x}{:04x}\n", ax, table[0]),
          header_cost + 5 + 9ull * n + call_print_hex16(ax) + 1 + print_ax_and_exit_cost(table[0])};
}

inline GuestRun string(std::uint32_t n) {
  std::uint16_t dx = 0;
  for (std::uint32_t bp = n; bp >= 1; --bp) dx = static_cast<std::uint16_t>(dx + bp);
  return {fmt::format("{:04x}\n", dx), header_cost + 3 + 11ull * n + 1 + print_ax_and_exit_cost(dx)};
}

inline GuestRun branchy(std::uint32_t n) {
  std::uint16_t x = 0xACE1, bx = 0, si = 0;
  std::uint64_t count = header_cost + 4;
  for (std::uint32_t i = 0; i < n; ++i) {
    x ^= static_cast<std::uint16_t>(x << 7);
    x ^= static_cast<std::uint16_t>(x >> 9);
    x ^= static_cast<std::uint16_t>(x << 8);
    count += 15;
    if (x & 1) ++bx, ++count;
    if ((x & 6) == 0) ++si, ++count;
  }
  count += 2 + call_print_hex16(x) + 1 + call_print_hex16(bx) + 1 + print_ax_and_exit_cost(si);
  return {fmt::format("{:04x}{:04x}{:04x}\n", x, bx, si), count};
}

inline GuestRun strloop(std::uint32_t n) {
  std::uint16_t source[512] = {};  // 0x2000..0x23FF, never written
  std::uint16_t destination[512] = {};
  std::uint16_t dx = 0;
  unsigned si = 0, di = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    std::uint16_t ax = static_cast<std::uint16_t>(source[si] + dx);
    destination[di] = ax;
    dx = static_cast<std::uint16_t>(ax + 1);
    si = (si + 1) & 511;
    di = (di + 1) & 511;
  }
  return {fmt::format("{:04x}{:04x}\n", dx, destination[0]),
          header_cost + 5 + 8ull * n + 1 + call_print_hex16(dx) + 1 + print_ax_and_exit_cost(destination[0])};
}

inline GuestRun sieve(std::uint32_t n) {
  // Every pass starts from a fresh flag array, so every pass costs the same.
  std::vector<bool> flag(1024, true);
  std::uint64_t pass = 6;  // MOV DI, MOV CX, MOV AX, REP STOSW, MOV BX, XOR DX
  unsigned primes = 0;
  for (unsigned bx = 2; bx < 1024; ++bx) {
    pass += 4;  // CMP, JAE, CMPB, JE
    if (flag[bx]) {
      ++primes;
      pass += 3;  // INC DX, MOV SI, ADD SI
      for (unsigned si = 2 * bx;; si += bx) {
        pass += 2;  // CMP, JAE
        if (si >= 1024) break;
        flag[si] = false;
        pass += 3;  // MOVB, ADD, JMP
      }
    }
    pass += 2;  // INC BX, JMP
  }
  pass += 2 + 2;  // CMP, JAE at BX = 1024; DEC EBP, JNZ
  return {fmt::format("{:04x}\n", primes), header_cost + 2 + pass * n + 1 + print_ax_and_exit_cost(primes)};
}

inline GuestRun crc32(std::uint32_t n) {
  std::uint32_t crc = 0xFFFFFFFF;
  std::uint64_t count = header_cost + 3;
  for (std::uint32_t pass = 0; pass < n; ++pass) {
    count += 2 + 2;  // MOV SI, MOV CX; DEC EBP, JNZ
    for (unsigned byte = 0; byte < 256; ++byte) {
      crc ^= byte;
      count += 3 + 1;  // LODSB, XOR, MOV BL; LOOP
      for (int bit = 0; bit < 8; ++bit) {
        count += 4;  // SHR, JNC, DEC, JNZ
        if (crc & 1) {
          crc = (crc >> 1) ^ 0xEDB88320u;
          ++count;  // XOR
        } else {
          crc >>= 1;
        }
      }
    }
  }
  crc = ~crc;
  count += 3 + call_print_hex16(crc >> 16) + 1 + print_ax_and_exit_cost(crc & 0xFFFF);
  return {fmt::format("{:08x}\n", crc), count};
}

inline GuestRun muldiv(std::uint32_t n) {
  std::uint32_t si = 0x1234, di = 3;
  for (std::uint32_t i = 0; i < n; ++i) {
    std::uint32_t product = si * di;
    si = (product / 0xFFF1 + product % 0xFFF1) & 0xFFFF;
    di = (di + 2) & 0x7FFF;
  }
  return {fmt::format("{:04x}{:04x}\n", si, di),
          header_cost + 4 + 8ull * n + 1 + call_print_hex16(si) + 1 + print_ax_and_exit_cost(di)};
}

// fib(k) as the guest computes it: CMP, JB, RET for k < 2; otherwise CMP, JB, PUSH, DEC, CALL,
// POP, PUSH, MOV, SUB, CALL, POP, ADD, RET around the two calls.
inline std::uint64_t fib_cost(unsigned k) { return k < 2 ? 3 : 13 + fib_cost(k - 1) + fib_cost(k - 2); }

inline GuestRun recursion(std::uint32_t n) {
  const unsigned sum = (n * 610u) & 0xFFFF;  // fib(15) = 610 per iteration
  return {fmt::format("{:04x}\n", sum), header_cost + 2 + (5 + fib_cost(15)) * n + 1 + print_ax_and_exit_cost(sum)};
}

// Port 80h has no device on any engine: each IN returns FFh.
inline GuestRun portio(std::uint32_t n) {
  const unsigned sum = (n * 0xFFu) & 0xFFFF;
  return {fmt::format("{:04x}\n", sum), header_cost + 3 + 4ull * n + 1 + print_ax_and_exit_cost(sum)};
}

struct BenchGuest {
  const char* name;  // guests/NAME.S
  GuestRun (*reference)(std::uint32_t iterations);
};

inline const std::vector<BenchGuest>& bench_guests() {
  static const std::vector<BenchGuest> guests = {
      {"bench_alu", alu},         {"bench_memory", memory},       {"bench_string", string},
      {"bench_strloop", strloop}, {"bench_branchy", branchy},     {"bench_sieve", sieve},
      {"bench_crc32", crc32},     {"bench_muldiv", muldiv},       {"bench_recursion", recursion},
      {"bench_portio", portio},
  };
  return guests;
}

}  // namespace bench_model
