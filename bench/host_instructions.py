#!/usr/bin/env python3
"""Host instructions the interpreter executes per guest instruction, per benchmark guest, or
the decoder per decoded instruction: a deterministic figure (valgrind's callgrind counts
instructions exactly) for a machine whose wall-clock timings are too noisy to show a 10% change.

    bench/host_instructions.py [--emu build-release/emu] [--guests DIR] [--cpu NAME] [--machine NAME]
                               [--emu-arg ARG ...] [GUEST ...]
    bench/host_instructions.py --decoder build-release/bench/decoder_count

For each guest: two runs under callgrind at N and 2N iterations; the difference in host
instructions over the difference in guest instructions (from `emu --stats`) cancels start-up.
With --decoder: decoder_count decodes decoder_bench's mix N and 2N passes, with the fast path
(decode) and with the general decoder alone, and the difference is divided the same way.
Needs valgrind (Debian package valgrind).
"""

import argparse
import os
import re
import struct
import subprocess
import sys
import tempfile

DEFAULT_GUESTS = ["bench_alu", "bench_memory", "bench_strloop", "bench_branchy"]


def patched(image, iterations, directory, name):
    data = bytearray(image)
    data[4:8] = struct.pack("<I", iterations)
    path = os.path.join(directory, f"{name}-{iterations}.bin")
    with open(path, "wb") as file:
        file.write(data)
    return path


def host_instructions(command):
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                         capture_output=True, text=True)
    match = re.search(r"Collected : (\d+)", run.stderr)
    if not match:
        sys.exit(f"host_instructions: no count from valgrind for {' '.join(command)}:\n{run.stderr[-500:]}")
    return int(match.group(1)), run.stdout


def guest_instructions(emu, image):
    run = subprocess.run([*emu, "--accel=interp", "--stats", image], capture_output=True, text=True)
    match = re.search(r"emu: stats: instructions (\d+)", run.stderr)
    if not match:
        sys.exit(f"host_instructions: no instruction count from emu for {image}:\n{run.stderr[-500:]}")
    return int(match.group(1))


def decoded(output):
    match = re.search(r"decoded (\d+)", output)
    if not match:
        sys.exit(f"host_instructions: no decode count from decoder_count:\n{output[-500:]}")
    return int(match.group(1))


def decoder_figures(decoder_count, passes):
    for path in ["fast", "general"]:
        small, small_output = host_instructions([decoder_count, str(passes), path])
        large, large_output = host_instructions([decoder_count, str(2 * passes), path])
        per_decode = (large - small) / (decoded(large_output) - decoded(small_output))
        print(f"decoder mix, {path:8s} {per_decode:6.1f} host instructions per decoded instruction")


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--emu", default=os.path.join(root, "build-release", "emu"))
    parser.add_argument("--guests", default=os.path.join(root, "build-release", "guests"))
    parser.add_argument("--iterations", type=int, default=100_000)
    parser.add_argument("--cpu", help="run the interpreter with this --cpu profile (default: emu's default)")
    parser.add_argument("--machine", help="run on this --machine (default: emu's default, bare)")
    parser.add_argument("--emu-arg", action="append", default=[], metavar="ARG",
                        help="another emu option for the measured runs (repeatable), e.g. --emu-arg=--gdb-wait=no")
    parser.add_argument("--decoder", metavar="DECODER_COUNT", help="measure the decoder with this decoder_count")
    parser.add_argument("names", nargs="*", default=DEFAULT_GUESTS)
    args = parser.parse_args()
    if args.decoder:
        decoder_figures(args.decoder, 100)
        return
    emu = [args.emu] + ([f"--cpu={args.cpu}"] if args.cpu else []) + ([f"--machine={args.machine}"] if args.machine else [])
    with tempfile.TemporaryDirectory() as directory:
        for name in args.names:
            with open(os.path.join(args.guests, name + ".bin"), "rb") as file:
                image = file.read()
            small = patched(image, args.iterations, directory, name)
            large = patched(image, 2 * args.iterations, directory, name)
            host = host_instructions([*emu, *args.emu_arg, "--accel=interp", large])[0] - \
                host_instructions([*emu, *args.emu_arg, "--accel=interp", small])[0]
            guest = guest_instructions(emu, large) - guest_instructions(emu, small)
            print(f"{name:16s} {host / guest:6.1f} host instructions per guest instruction")


if __name__ == "__main__":
    main()
