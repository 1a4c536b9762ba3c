#pragma once

// The instruction mix the decoder benchmarks decode, and their loop (decoder_bench.cpp, and
// decoder_count.cpp for exact host instruction counts under callgrind).

#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "decoder/instruction.h"

namespace emu::bench {

// Encodings weighted roughly as compiled and hand-written 16-bit code uses them: register and
// memory moves, ALU with immediates, compares and conditional branches, stack traffic, calls,
// string ops, a few 32-bit (0x66/0x67) and 0F-map forms.
struct Weighted {
  std::vector<std::uint8_t> bytes;
  int weight;
};

inline const std::vector<Weighted> mix = {
    {{0x89, 0xC3}, 10},                          // mov bx, ax
    {{0x8B, 0x46, 0xFC}, 10},                    // mov ax, [bp-4]
    {{0x89, 0x46, 0xFE}, 8},                     // mov [bp-2], ax
    {{0x8B, 0x07}, 6},                           // mov ax, [bx]
    {{0xB8, 0x34, 0x12}, 6},                     // mov ax, 0x1234
    {{0xB1, 0x04}, 3},                           // mov cl, 4
    {{0xA1, 0x00, 0x10}, 3},                     // mov ax, [0x1000]
    {{0x01, 0xD8}, 5},                           // add ax, bx
    {{0x83, 0xC6, 0x02}, 6},                     // add si, 2
    {{0x05, 0x00, 0x01}, 2},                     // add ax, 0x100
    {{0x31, 0xC0}, 3},                           // xor ax, ax
    {{0x39, 0xC8}, 5},                           // cmp ax, cx
    {{0x80, 0x3C, 0x00}, 3},                     // cmp byte [si], 0
    {{0x75, 0xF0}, 6},                           // jne
    {{0x74, 0x08}, 4},                           // je
    {{0xEB, 0x10}, 3},                           // jmp short
    {{0xE2, 0xFA}, 2},                           // loop
    {{0x50}, 4},                                 // push ax
    {{0x5B}, 4},                                 // pop bx
    {{0xE8, 0x20, 0x00}, 3},                     // call
    {{0xC3}, 3},                                 // ret
    {{0x40}, 3},                                 // inc ax
    {{0x4E}, 2},                                 // dec si
    {{0xD1, 0xE0}, 2},                           // shl ax, 1
    {{0xF7, 0xE3}, 1},                           // mul bx
    {{0xAC}, 2},                                 // lodsb
    {{0xF3, 0xA4}, 1},                           // rep movsb
    {{0xE6, 0xF1}, 1},                           // out 0xf1, al
    {{0x26, 0x8A, 0x05}, 2},                     // mov al, es:[di]
    {{0x66, 0x01, 0xD8}, 1},                     // add eax, ebx
    {{0x66, 0x8B, 0x44, 0x04}, 1},               // mov eax, [si+4]
    {{0x67, 0x8B, 0x04, 0x8B}, 1},               // mov ax, [ebx+ecx*4]
    {{0x0F, 0xB6, 0x07}, 1},                     // movzx ax, byte [bx]
    {{0x0F, 0x84, 0x00, 0x01}, 1},               // je near
    {{0xC7, 0x46, 0xFE, 0x00, 0x00}, 2},         // mov word [bp-2], 0
};

// `instructions` encodings from the mix, drawn at random with a fixed seed, back to back.
inline std::vector<std::uint8_t> decoder_mix(std::size_t instructions) {
  std::vector<int> weights;
  for (const Weighted& entry : mix) weights.push_back(entry.weight);
  std::discrete_distribution<std::size_t> pick(weights.begin(), weights.end());
  std::mt19937 random(42);
  std::vector<std::uint8_t> code;
  for (std::size_t i = 0; i < instructions; ++i) {
    const auto& bytes = mix[pick(random)].bytes;
    code.insert(code.end(), bytes.begin(), bytes.end());
  }
  return code;
}

// Decodes `code` from start to end with Decode, storing each result as a cache would; returns
// the number of instructions decoded.
template <x86::Instruction (*Decode)(std::span<const std::uint8_t>)>
[[gnu::always_inline]] inline std::size_t decode_through(std::span<const std::uint8_t> code) {
  std::size_t decoded = 0;
  while (!code.empty()) {
    x86::Instruction insn = Decode(code);
    benchmark::DoNotOptimize(insn);
    code = code.subspan(insn.length);
    ++decoded;
  }
  return decoded;
}

}  // namespace emu::bench
