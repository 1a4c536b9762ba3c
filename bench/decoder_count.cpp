// Decodes the benchmark mix (decoder_mix.h) a given number of passes, with decoder_bench's loop
// (decode_through), for exact host instruction counts under callgrind:
// bench/host_instructions.py --decoder runs it at N and 2N passes and divides the difference by
// the decodes it prints, which cancels start-up.
//
//     decoder_count PASSES [fast|general]
#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <string_view>

#include "decoder/decode.h"
#include "decoder_mix.h"

namespace {

// Hot and apart from main, which GCC optimises as code run once (decode() would not be inlined).
template <emu::x86::Instruction (*Decode)(std::span<const std::uint8_t>)>
[[gnu::noinline, gnu::hot]] std::size_t decode_passes(const std::vector<std::uint8_t>& code, unsigned passes) {
  std::size_t decoded = 0;
  for (unsigned pass = 0; pass < passes; ++pass) decoded += emu::bench::decode_through<Decode>(code);
  return decoded;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned passes = 0;
  const std::string_view count = argc > 1 ? argv[1] : "";
  const std::string_view path = argc > 2 ? argv[2] : "fast";
  const auto [end, error] = std::from_chars(count.data(), count.data() + count.size(), passes);
  if (error != std::errc{} || end != count.data() + count.size() || (path != "fast" && path != "general")) {
    fmt::print(stderr, "usage: decoder_count PASSES [fast|general]\n");
    return 2;
  }
  const std::vector<std::uint8_t> code = emu::bench::decoder_mix(4096);
  const std::size_t decoded = path == "fast" ? decode_passes<emu::x86::decode>(code, passes)
                                             : decode_passes<emu::x86::decode_general>(code, passes);
  fmt::print("decoded {}\n", decoded);
  return 0;
}
