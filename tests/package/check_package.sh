#!/usr/bin/env bash
# Makes the Debian package from the build tree (cpack) and checks it as a user would meet it:
# its declared dependencies are the C library alone, and the emu it unpacks runs the hello guest
# it ships and has a manual page that lists the options of --help.
#   check_package.sh BUILD_DIR
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$build" && cpack -G DEB -B "$work/out" >/dev/null)
deb=$(ls "$work"/out/emu_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
[[ $depends =~ ^libc6\ \(\>=\ [0-9.]+\)$ ]] || { echo "unexpected Depends: $depends"; exit 1; }
dpkg-deb -x "$deb" "$work/root"
output=$("$work/root/usr/bin/emu" --accel=interp "$work/root/usr/share/emu/guests/hello.bin")
[[ $output == "Hello, world!" ]] || { echo "hello printed: $output"; exit 1; }
page=$(ls "$work"/root/usr/share/man/man1/emu.1*)
manual=$(if [[ $page == *.gz ]]; then zcat "$page"; else cat "$page"; fi)
for option in $("$work/root/usr/bin/emu" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
  grep -q -- "${option//-/\\\\-}" <<<"$manual" || { echo "the manual page lacks $option"; exit 1; }
done
[[ -f $work/root/usr/share/doc/emu/examples/hello.S ]] || { echo "no example sources"; exit 1; }
echo "package ok: $(basename "$deb"), Depends: $depends"
