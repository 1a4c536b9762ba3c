#!/usr/bin/env bash
# Installs the Debian packages emu needs to build and test (libpng for screenshots, the console
# fonts of console-setup-linux from which the build makes the VGA's 8x16 font) (gdb for the debugger tests) (with --peers also QEMU and Unicorn
# for the performance comparison), only when one is missing,
# so a second run costs a few dpkg queries and no network.
set -euo pipefail

packages=(
  cmake ninja-build g++ binutils
  libboost-program-options-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev python3
  dpkg-dev
  libpng-dev console-setup-linux tmux libsdl2-dev
  gdb
)
# ./setup.sh --peers adds the engines of the performance comparison (./dev.sh compare);
# --coverage the LLVM tools that turn a profile into a report (./dev.sh fuzz-coverage);
# --cross ARCH what ./dev.sh cross ARCH needs.
if [[ "${1:-}" == "--peers" ]]; then
  packages+=(qemu-system-x86 libunicorn-dev)
fi
if [[ "${1:-}" == "--coverage" ]]; then
  packages+=(llvm-14)
fi
# --cross ARCH (aarch64, s390x): Debian's cross compiler for ARCH and qemu-user to run what it
# builds; the target's -dev packages are unpacked into the build tree (tests/cross/sysroot.sh),
# for which dpkg must know the architecture.
if [[ "${1:-}" == "--cross" ]]; then
  case "${2:-}" in
    aarch64) debian_arch=arm64 ;;
    s390x) debian_arch=s390x ;;
    *) echo "setup: --cross takes aarch64 or s390x" >&2; exit 2 ;;
  esac
  packages+=("g++-$2-linux-gnu" qemu-user)
  if ! dpkg --print-foreign-architectures | grep -qx "$debian_arch"; then
    SUDO=""
    [[ $(id -u) -eq 0 ]] || SUDO="sudo"
    echo "setup: adding the Debian architecture $debian_arch" >&2
    $SUDO dpkg --add-architecture "$debian_arch"
    $SUDO apt-get update -qq
  fi
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
