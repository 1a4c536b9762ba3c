#!/usr/bin/env python3
"""Every guest of guests/ on the interpreter of a cross build (under qemu-user) and of the native
x86-64 build, compared byte for byte: exit status, stdout, stderr, the final state
(--dump-state), the RAM (--dump-mem) and, on the pc machine, the screen (--screenshot). Each
guest runs as tests/cross/guest_runs.txt says, once per CPU profile. Then what the cross build
says of its host: --version names the architecture and that KVM is not available, --accel=auto
takes the interpreter without a word, --accel=kvm (with any --cpu) and --compare end with status 6
and the hint.

  compare_guests.py --arch aarch64 --native build/emu --cross build-cross-aarch64/emu --guests build/guests
"""

import argparse
import concurrent.futures
import os
import pathlib
import subprocess
import sys
import tempfile
import time

PROFILES = ["intel", "amd", "amd-zen5"]  # and "286" for the guests whose line says also-286
# A bound on every run (the guests take at most 3.5 million instructions; endless_loop and
# animation have lower bounds of their own) and on its host time under qemu-user.
MAX_INSNS = "5000000"
HOST_SECONDS = 120
MANIFEST = pathlib.Path(__file__).with_name("guest_runs.txt")
GUEST_PATTERNS = ["*.bin", "pc/*.bin", "bios/*.img", "dos/*.com"]


def read_manifest():
    runs = {}
    for number, line in enumerate(MANIFEST.read_text().splitlines(), 1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        guest, args, stdin, profiles = words[0], [], b"", list(PROFILES)
        for word in words[1:]:
            if word == "also-286":
                profiles.append("286")
            elif word.startswith("stdin="):
                stdin = word[len("stdin="):].replace("\\n", "\n").encode()
            else:
                args.append(word)
        if guest in runs:
            sys.exit(f"{MANIFEST}:{number}: {guest} has a line already")
        runs[guest] = (args, stdin, profiles)
    return runs


def uses_pc_machine(args):
    return "--boot" in args or "--machine=pc" in args or any(a.endswith(".com") for a in args)


def run(command, guest_path, args, stdin, profile, directory):
    """One run; what it produced, as a dict of byte strings."""
    pc = uses_pc_machine(args + [guest_path])
    files = {"state": os.path.join(directory, "state.json"), "ram": os.path.join(directory, "ram.bin")}
    options = ["--accel=interp", f"--cpu={profile}", f"--dump-state={files['state']}", f"--dump-mem={files['ram']}"]
    if not any(a.startswith("--max-insns") for a in args):
        options.append(f"--max-insns={MAX_INSNS}")
    if pc:
        files["screen"] = os.path.join(directory, "screen.png")
        options += ["--clock=virtual", f"--screenshot={files['screen']}", "--display=none"]
    # A .COM program's words after `--` are its command tail: the image comes before them.
    if "--" in args:
        split = args.index("--")
        argv = command + options + args[:split] + [guest_path] + args[split:]
    elif args and args[0] == "--boot":
        argv = command + options + args[1:] + ["--boot", guest_path]
    else:
        argv = command + options + args + [guest_path]
    try:
        result = subprocess.run(argv, input=stdin, capture_output=True, timeout=HOST_SECONDS)
        produced = {"status": str(result.returncode).encode(), "stdout": result.stdout, "stderr": result.stderr}
    except subprocess.TimeoutExpired as expired:
        produced = {"status": f"still running after {HOST_SECONDS} s".encode(), "stdout": expired.stdout or b"",
                    "stderr": expired.stderr or b""}
    for name, path in files.items():
        produced[name] = pathlib.Path(path).read_bytes() if os.path.exists(path) else b"(not written)"
    return argv, produced


def compare_one(native, cross, guest_path, args, stdin, profile, cross_profile=None):
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        native_argv, native_out = run(native, guest_path, args, stdin, profile, a)
        cross_argv, cross_out = run(cross, guest_path, args, stdin, cross_profile or profile, b)
    differences = []
    for name in native_out:
        if native_out[name] != cross_out[name]:
            shown = lambda data: data[:400].decode("utf-8", "backslashreplace") if name != "ram" and name != "screen" \
                else f"{len(data)} bytes"
            differences.append(f"  {name}: native {shown(native_out[name])!r}\n  {' ' * len(name)}  cross  "
                               f"{shown(cross_out[name])!r}")
            if name in ("ram", "screen") and len(native_out[name]) == len(cross_out[name]):
                first = next(i for i, (x, y) in enumerate(zip(native_out[name], cross_out[name])) if x != y)
                differences.append(f"  {name}: first difference at byte {first:#x}")
    return " ".join(cross_argv), differences


def check_host(cross, arch, hello):
    """What the cross build says of a host that is not x86-64."""
    failures = []
    checks = 0

    def emu(*words):
        return subprocess.run(cross + list(words), capture_output=True, text=True, timeout=HOST_SECONDS)

    def expect(condition, what, result):
        nonlocal checks
        checks += 1
        if not condition:
            failures.append(f"{what}\n  status {result.returncode}\n  stdout {result.stdout!r}\n  stderr {result.stderr!r}")

    version = emu("--version")
    expect(version.returncode == 0 and f"\nhost: {arch}\n" in version.stdout and
           f"kvm: KVM is not available on this host: it is {arch}" in version.stdout,
           "--version names the host's architecture and says KVM is not available", version)
    auto = emu("--accel=auto", hello)
    expect(auto.returncode == 0 and auto.stdout == "Hello, world!\n" and auto.stderr == "",
           "--accel=auto runs the interpreter without a word", auto)
    kvm = emu("--accel=kvm", hello)
    expect(kvm.returncode == 6 and kvm.stdout == "" and kvm.stderr ==
           f"emu: KVM is not available on this host: it is {arch}, and KVM runs x86 guests on x86-64 hosts only; "
           "try --accel=interp\n", "--accel=kvm is status 6 with the hint, in one line", kvm)
    other_profile = emu("--accel=kvm", "--cpu=amd", hello)
    expect(other_profile.returncode == 6 and other_profile.stderr == kvm.stderr,
           "--accel=kvm with a profile says first that there is no KVM here", other_profile)
    compare = emu("--compare", hello)
    expect(compare.returncode == 6 and compare.stderr.startswith("emu: --compare needs KVM: KVM is not available on "
                                                                   f"this host: it is {arch}")
           and compare.stderr.count("\n") == 1, "--compare is status 6 naming why, in one line", compare)
    return checks, failures


parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--arch", required=True, help="the cross build's architecture (aarch64, s390x)")
parser.add_argument("--native", required=True, help="the native build's emu")
parser.add_argument("--cross", required=True, help="the cross build's emu (run under qemu-ARCH)")
parser.add_argument("--guests", required=True, help="the built guests/ directory")
parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
args = parser.parse_args()

started = time.monotonic()
native = [os.path.abspath(args.native)]
cross = [f"qemu-{args.arch}", os.path.abspath(args.cross)]
runs = read_manifest()
guests_dir = pathlib.Path(args.guests)
built = sorted(str(p.relative_to(guests_dir)) for pattern in GUEST_PATTERNS for p in guests_dir.glob(pattern))
missing = [g for g in built if g not in runs]
if missing:
    sys.exit(f"compare_guests: no line in {MANIFEST.name} for {', '.join(missing)}")
unbuilt = [g for g in runs if g not in built]
if unbuilt:
    sys.exit(f"compare_guests: {MANIFEST.name} names guests that were not built: {', '.join(unbuilt)}")

# The comparison itself must see a difference where there is one: the same build on two
# profiles whose CPUID vendors differ.
_, control = compare_one(native, native, str(guests_dir / "cpuid_vendor.bin"), [], b"", "intel", "amd")
if not any(line.startswith("  stdout:") for line in control):
    sys.exit("compare_guests: the comparison found no difference between --cpu=intel and --cpu=amd's CPUID vendor")

failed = []
with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
    futures = [pool.submit(compare_one, native, cross, str(guests_dir / guest), runs[guest][0], runs[guest][1], profile)
               for guest in built for profile in runs[guest][2]]
    for future in futures:
        command, differences = future.result()
        if differences:
            failed.append(f"{command}\n" + "\n".join(differences))

host_checks, host_failures = check_host(cross, args.arch, str(guests_dir / "hello.bin"))
for failure in failed + host_failures:
    print(f"compare_guests ({args.arch}): DIFFERENT: {failure}", file=sys.stderr)
print(f"compare_guests ({args.arch}): {len(futures) - len(failed)} of {len(futures)} runs "
      f"({len(built)} guests, each on {len(PROFILES)} or 4 CPU profiles) identical to the native x86-64 build's; "
      f"host checks: {host_checks - len(host_failures)} of {host_checks} passed ({time.monotonic() - started:.0f} s)", file=sys.stderr)
sys.exit(1 if failed or host_failures else 0)
