#!/usr/bin/env bash
# One entry point for building and checking emu. Every command first installs whatever
# Debian packages are missing (setup.sh), then configures and builds as needed.
#   ./dev.sh hello      build emu and the guests only, then run guests/hello.S with the default accelerator
#   ./dev.sh test       build, then run the whole test suite (ctest)
#   ./dev.sh package    Release build in build-package/ and its Debian package (cpack -G DEB)
#   ./dev.sh package-check  the package installed with dpkg in a clean Debian 12 tree (debootstrap) and run there
#   ./dev.sh sanitize   build with -fsanitize=address,undefined in build-asan/, run the tests
#   ./dev.sh bench      Release build in build-release/, run the benchmarks
#   ./dev.sh fuzz [S]   clang + ASan/UBSan + libFuzzer build in build-fuzz/, fuzz each target S seconds (60)
#   ./dev.sh fuzz-coverage [S]  each fuzz target S seconds (60) in a coverage build (build-coverage/),
#                       from the corpus build-fuzz/ has grown; prints line and region coverage per target
#   ./dev.sh mutate [M] apply each mutant of tests/mutation/mutate.py alone in build-mutate/ and run the
#                       fast tests, for at most M minutes (90); reports the mutants no test kills
#   ./dev.sh cross ARCH cross build for aarch64 or s390x (big-endian) in build-cross-ARCH/, run under
#                       qemu-user: the interpreter's, decoder's and devices' tests, the 80286 conformance
#                       suite, the CPU-profile data checks, and every guest compared byte for byte
#                       with the native x86-64 build's run (docs/testing.md)
#   ./dev.sh compare    install QEMU and Unicorn, Release build, run the performance comparison and
#                       rewrite docs/performance.md's comparison section and chart (~10 minutes of runs)
set -euo pipefail
cd "$(dirname "$0")"

jobs=$(nproc)
# The libFuzzer targets (./dev.sh fuzz, fuzz-coverage); KVM's exit handling only where the KVM
# backend is built (x86-64 hosts).
fuzz_targets=(decoder_fuzz interp_fuzz cli_fuzz state_dump_fuzz bios_fuzz gdb_fuzz)
if [[ $(uname -m) == x86_64 ]]; then fuzz_targets+=(kvm_exit_fuzz); fi

configure_and_build() {
  local dir=$1
  shift
  ./setup.sh ${SETUP_OPTIONS:-}
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

case "${1:-}" in
  hello)
    # Only what it runs: emu and the guests (the tests and benchmarks are built by `test`).
    ./setup.sh ${SETUP_OPTIONS:-}
    cmake -S . -B build -G Ninja >/dev/null
    cmake --build build -j "$jobs" --target emu guests
    ./build/emu build/guests/hello.bin
    ;;
  package)
    # A Release build of what the package holds, then the Debian package in build-package/.
    ./setup.sh ${SETUP_OPTIONS:-}
    cmake -S . -B build-package -G Ninja -DCMAKE_BUILD_TYPE=Release -DEMU_BUILD_TESTS=OFF -DEMU_BUILD_BENCH=OFF >/dev/null
    cmake --build build-package -j "$jobs"
    (cd build-package && cpack -G DEB)
    ;;
  package-check)
    # The package on a clean Debian 12: a minimal bookworm tree (debootstrap, ~35 s with a
    # mirror at hand; needs root), the package installed there with dpkg, its emu run on the
    # guests it ships. Not part of CI (it downloads the base system).
    "$0" package
    command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
    root=$(mktemp -d)
    trap 'rm -rf "$root"' EXIT
    debootstrap --variant=minbase bookworm "$root" >/dev/null
    cp build-package/emu_*.deb "$root/emu.deb"
    chroot "$root" dpkg -i /emu.deb >/dev/null
    [[ $(chroot "$root" emu /usr/share/emu/guests/hello.bin) == "Hello, world!" ]]
    status=0
    chroot "$root" emu /usr/share/emu/guests/exit_code.bin >/dev/null || status=$?
    [[ $status -eq 85 ]]
    echo "package-check: installed on a clean Debian 12 and ran hello and exit_code there" >&2
    ;;
  test)
    configure_and_build build
    ctest --test-dir build -j "$jobs" --output-on-failure
    ;;
  cross)
    arch=${2:-}
    # setup.sh refuses an architecture it has no cross build for, before anything is built.
    ./setup.sh --cross "$arch"
    # The native build: its emu's runs are what the cross build's must equal.
    configure_and_build build
    dir=build-cross-$arch
    tests/cross/sysroot.sh "$arch" "$dir/sysroot"
    # -O2 as the native build has it: GCC 12's -O3 inlines libstdc++ into warnings that are false
    # (-Wrestrict, -Wstringop-overread).
    cmake -S . -B "$dir" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$PWD/tests/cross/toolchain.cmake" -DEMU_CROSS_ARCH="$arch" \
      -DEMU_CROSS_SYSROOT="$PWD/$dir/sysroot" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" \
      -DEMU_BUILD_BENCH=OFF >/dev/null
    cross_tests=(unit_tests interp_tests decoder_tests device_tests conformance_tests cpu_tests)
    cmake --build "$dir" -j "$jobs" --target emu guests "${cross_tests[@]}"
    for name in "${cross_tests[@]}"; do
      echo "cross $arch: $name" >&2
      "qemu-$arch" "$dir/tests/$name" --gtest_brief=1
    done
    python3 tests/cross/compare_guests.py --arch "$arch" --native build/emu --cross "$dir/emu" --guests build/guests
    ;;
  sanitize)
    configure_and_build build-asan -DEMU_SANITIZE=ON -DEMU_BUILD_BENCH=OFF
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --test-dir build-asan -j "$jobs" --output-on-failure
    ;;
  fuzz-coverage)
    seconds=${2:-60}
    targets=("${fuzz_targets[@]}")
    ./setup.sh --coverage
    CXX=clang++ cmake -S . -B build-coverage -G Ninja -DEMU_FUZZ=ON -DEMU_COVERAGE=ON -DEMU_BUILD_BENCH=OFF >/dev/null
    cmake --build build-coverage -j "$jobs" --target "${targets[@]}"
    for name in "${targets[@]}"; do
      mkdir -p "build-coverage/corpus/$name"
      directories=("build-coverage/corpus/$name")
      if [[ -d build-fuzz/corpus/$name ]]; then directories+=("build-fuzz/corpus/$name"); fi
      if [[ -d build-fuzz/seeds/$name ]]; then directories+=("build-fuzz/seeds/$name"); fi
      LLVM_PROFILE_FILE="build-coverage/$name.profraw" "build-coverage/tests/$name" -max_total_time="$seconds" -seed=1 \
        "${directories[@]}" >/dev/null 2>&1
      llvm-profdata-14 merge -sparse "build-coverage/$name.profraw" -o "build-coverage/$name.profdata"
    done
    # The code each target is about, and all the code it links (the tests' own sources and the
    # system's headers left out): regions, functions, lines and branches covered.
    declare -A about=(
      [decoder_fuzz]="decoder"
      [interp_fuzz]="backends/interp decoder"
      [kvm_exit_fuzz]="backends/kvm/vcpu_exit.cpp backends/kvm/exit_handler.cpp"
      [cli_fuzz]="src/app/cli/options.cpp src/app/cli/value_parsers.cpp src/core/register_setting.cpp src/core/quoted.cpp"
      [state_dump_fuzz]="src/app/cli/state_dump.cpp tests/differential/reduce.cpp"
      [bios_fuzz]="src/firmware"
      [gdb_fuzz]="src/app/gdb"
    )
    for name in "${targets[@]}"; do
      report=(llvm-cov-14 report "build-coverage/tests/$name" -instr-profile="build-coverage/$name.profdata")
      read -ra sources <<< "${about[$name]}"
      own=$("${report[@]}" "${sources[@]}" | tail -n 1 | awk '{print "regions " $4 ", functions " $7 ", lines " $10 ", branches " $13}')
      linked=$("${report[@]}" -ignore-filename-regex='(/tests/|^/usr/)' | tail -n 1 | awk '{print "lines " $10}')
      echo "$name: ${about[$name]}: $own (all linked code: $linked)"
    done
    ;;
  mutate)
    ./setup.sh ${SETUP_OPTIONS:-}
    python3 tests/mutation/mutate.py --minutes "${2:-90}"
    ;;
  bench)
    configure_and_build build-release -DCMAKE_BUILD_TYPE=Release -DEMU_BUILD_TESTS=OFF
    # KVM's suite where the KVM backend is built (x86-64), else the interpreter's.
    suite=./build-release/bench/kvm_bench
    [[ -x $suite ]] || suite=./build-release/bench/interp_bench
    "$suite" --benchmark_repetitions=10 --benchmark_enable_random_interleaving=true \
      --benchmark_report_aggregates_only=true
    ;;
  compare)
    SETUP_OPTIONS=--peers configure_and_build build-release -DCMAKE_BUILD_TYPE=Release -DEMU_BUILD_TESTS=OFF
    python3 bench/perf_report.py --bench build-release/bench/compare_bench --repetitions "${2:-5}"
    ;;
  fuzz)
    seconds=${2:-60}
    targets=("${fuzz_targets[@]}")
    ./setup.sh
    CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DEMU_FUZZ=ON -DEMU_BUILD_BENCH=OFF >/dev/null
    cmake --build build-fuzz -j "$jobs" --target "${targets[@]}" guests decoder_corpus
    mkdir -p build-fuzz/corpus build-fuzz/seeds/decoder_fuzz build-fuzz/seeds/interp_fuzz
    # Seeds: the decoder corpus in 32-byte pieces and the committed guests (for interp_fuzz after
    # the byte that picks RAM size and profile).
    split -b 32 -d -a 5 build-fuzz/tests/data/decoder_corpus.bin build-fuzz/seeds/decoder_fuzz/corpus-
    cp build-fuzz/guests/*.bin build-fuzz/seeds/decoder_fuzz/
    for guest in build-fuzz/guests/*.bin; do
      { printf '\000'; cat "$guest"; } > "build-fuzz/seeds/interp_fuzz/$(basename "$guest")"
    done
    # gdb_fuzz: a session as gdb 13 starts one, and one that sets points and resumes.
    mkdir -p build-fuzz/seeds/gdb_fuzz
    printf '\000qSupported:swbreak+\nvMustReplyEmpty\nQStartNoAckMode\nqXfer:features:read:target.xml:0,ffb\n?\ng\nm7c00,10\nqRcmd,736567\nk' \
      > build-fuzz/seeds/gdb_fuzz/start
    printf '\000Z0,7c04,1\nZ2,100,2\nZ3,100,1\nZ4,7c00,4\nvCont;c\ns\nP8=067c0000\nM100,2:ffff\nz0,7c04,1\nc\nD' \
      > build-fuzz/seeds/gdb_fuzz/points
    for name in "${targets[@]}"; do
      target=build-fuzz/tests/$name
      mkdir -p "build-fuzz/corpus/$name"
      options=(-max_total_time="$seconds" -timeout=10 -seed=1 -print_final_stats=1)
      if [[ $name == decoder_fuzz || $name == interp_fuzz ]]; then options+=(-dict=tests/fuzz/x86.dict); fi
      directories=("build-fuzz/corpus/$name")  # libFuzzer adds new inputs to the first
      if [[ -d build-fuzz/seeds/$name ]]; then directories+=("build-fuzz/seeds/$name"); fi
      echo "fuzzing $name for ${seconds}s" >&2
      "$target" "${options[@]}" "${directories[@]}" 2>&1 | tail -n 12
      [[ ${PIPESTATUS[0]} -eq 0 ]] || exit 1
    done
    ;;
  *)
    echo "usage: ./dev.sh hello|test|package|package-check|sanitize|bench|compare [REPETITIONS]|fuzz [SECONDS]|fuzz-coverage [SECONDS]|mutate [MINUTES]" >&2
    exit 2
    ;;
esac
