#!/usr/bin/env python3
"""The interpreter's MIPS on the benchmark guests: the native x86-64 build, and the cross builds
under qemu-user (emulated: an order of magnitude, not a claim about ARM or s390x hardware).

  bench/cross_mips.py --native build/emu --cross aarch64=build-cross-aarch64/emu \
                      --cross s390x=build-cross-s390x/emu --guests build/guests [--repetitions 3]

Each guest's iteration count (the 32-bit word at offset 4, emu.inc's bench_header) is scaled so
that a run takes about 20 million instructions; every engine runs every guest in turn, the order
rotated each repetition, and the median of the repetitions is printed (MIPS from --stats: the
instructions over the run's own time, start-up left out).
"""

import argparse
import os
import re
import statistics
import struct
import subprocess
import tempfile

from host_instructions import patched  # the benchmark guest with another iteration count

GUESTS = ["bench_alu", "bench_branchy", "bench_crc32", "bench_memory", "bench_muldiv", "bench_recursion",
          "bench_sieve", "bench_strloop"]
TARGET_INSTRUCTIONS = 20_000_000
STATS = re.compile(r"stats: (\d+) instructions, ([\d.]+) MIPS")


def run(command, image):
    result = subprocess.run(command + ["--accel=interp", "--cpu=intel", "--stats", image], capture_output=True,
                            text=True, timeout=600)
    match = STATS.search(result.stderr)
    if result.returncode != 1 or not match:
        raise SystemExit(f"{' '.join(command)} {image}: status {result.returncode}\n{result.stderr}")
    return int(match.group(1)), float(match.group(2))


def scaled(native, guests, name, directory):
    image = open(os.path.join(guests, name + ".bin"), "rb").read()
    default = struct.unpack_from("<I", image, 4)[0]
    count, _ = run(native, os.path.join(guests, name + ".bin"))
    return patched(image, max(1, default * TARGET_INSTRUCTIONS // count), directory, name)


parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--native", required=True)
parser.add_argument("--cross", action="append", default=[], help="ARCH=PATH of a cross build's emu")
parser.add_argument("--guests", required=True)
parser.add_argument("--repetitions", type=int, default=3)
args = parser.parse_args()

engines = [("x86-64 (native)", [os.path.abspath(args.native)])]
for item in args.cross:
    arch, path = item.split("=", 1)
    engines.append((f"{arch} (qemu-{arch})", [f"qemu-{arch}", os.path.abspath(path)]))

with tempfile.TemporaryDirectory() as directory:
    images = {name: scaled(engines[0][1], args.guests, name, directory) for name in GUESTS}
    mips = {(engine, name): [] for engine, _ in engines for name in GUESTS}
    counts = {}
    for repetition in range(args.repetitions):
        order = engines[repetition % len(engines):] + engines[:repetition % len(engines)]
        for name in GUESTS:
            for engine, command in order:
                count, rate = run(command, images[name])
                if counts.setdefault(name, count) != count:
                    raise SystemExit(f"{engine} ran {count} instructions of {name}, another engine {counts[name]}")
                mips[(engine, name)].append(rate)

header = "| guest | instructions | " + " | ".join(engine for engine, _ in engines) + " |"
print(header)
print("|---" * (2 + len(engines)) + "|")
for name in GUESTS:
    cells = [f"{statistics.median(mips[(engine, name)]):.0f}" for engine, _ in engines]
    print(f"| {name} | {counts[name]:,} | " + " | ".join(cells) + " |")
