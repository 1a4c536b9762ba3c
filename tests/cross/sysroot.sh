#!/usr/bin/env bash
# Unpacks the target's -dev packages emu builds against into a sysroot of its own:
#   tests/cross/sysroot.sh ARCH DIR     (aarch64, s390x: the GNU name; dpkg gives Debian's)
# Downloaded with apt (the architecture added to dpkg, as multiarch does) and unpacked with
# dpkg-deb, not installed: Debian 12's security archive no longer carries s390x (LTS), so its
# Multi-Arch: same libraries could not be installed beside the host's updated ones; unpacked,
# nothing of the host changes. The C library and the C++ runtime are the cross compiler's own
# (libc6-dev-ARCH-cross, libstdc++-12-dev-ARCH-cross).
set -euo pipefail
arch=$(dpkg-architecture -t "$1-linux-gnu" -qDEB_HOST_ARCH)
dir=$2
packages=(libboost1.74-dev libboost-program-options1.74-dev libfmt-dev libfmt9 libgtest-dev libgmock-dev
          libpng-dev zlib1g-dev libsdl2-dev)
if [[ -f "$dir/.complete" ]]; then exit 0; fi
rm -rf "$dir"
mkdir -p "$dir/debs"
# Owned by apt's own user, which downloads without root (else apt warns that it cannot).
if id _apt >/dev/null 2>&1; then chown _apt "$dir/debs"; fi
(cd "$dir/debs" && apt-get download -qq "${packages[@]/%/:$arch}")
for deb in "$dir"/debs/*.deb; do dpkg-deb -x "$deb" "$dir"; done
rm -rf "$dir/debs"
touch "$dir/.complete"
