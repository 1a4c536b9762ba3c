#!/usr/bin/env python3
"""Runs the commands of docs/learn.md and checks their output against the document.

The document marks what is checked with HTML comments, invisible when it is rendered:

  <!-- check -->                 the ```console block after it: each "$ command" is run (bash, in a
                                 directory where ./emu is the built emu and guests/ its guests) and
                                 its output, stdout and stderr together, must be the lines under it
  <!-- check: kvm -->            the same where /dev/kvm is usable (skipped, and said so, elsewhere);
                                 on a host whose KVM is not the one the document was recorded on
                                 (kvm_pvm), only the KVM_RUN lines are compared: what happens before
                                 the first entry differs between KVM implementations
  <!-- check: source PATH -->    the code block after it is the file PATH of the repository
  <!-- check: lines DIR N -->    every file in DIR has at most N lines

In expected output, "…" stands for any text (a host address, a time stamp counter).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

RECORDED_ON = "kvm_pvm"


def blocks(doc):
    """(marker, code block lines, line number) for each marked block."""
    lines = doc.split("\n")
    i = 0
    while i < len(lines):
        marker = re.fullmatch(r"<!-- check(?:: (.*))? -->", lines[i].strip())
        if not marker:
            i += 1
            continue
        start = i + 1
        while start < len(lines) and not lines[start].startswith("```"):
            start += 1
        end = start + 1
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        yield (marker.group(1) or ""), lines[start + 1:end], i + 1
        i = end + 1


def commands(block):
    """(command, expected lines) pairs of a console block."""
    result = []
    for line in block:
        if line.startswith("$ "):
            result.append((line[2:], []))
        elif result:
            result[-1][1].append(line)
        else:
            raise ValueError(f"output before any command: {line!r}")
    return result


def matches(expected, actual, loose_handlers):
    expected, actual = expected.rstrip(), actual.rstrip()  # an editor may strip trailing spaces from the document
    if loose_handlers and expected.startswith("    handler: ") and actual.startswith("    handler: "):
        return expected[expected.rfind(" ("):] == actual[actual.rfind(" ("):]
    pattern = ".*".join(re.escape(part) for part in expected.split("…"))
    return re.fullmatch(pattern, actual) is not None


def kvm_host(emu):
    """The KVM module emu finds usable here, or None."""
    version = subprocess.run([emu, "--version"], capture_output=True, text=True, timeout=60).stdout
    found = re.search(r"^kvm: \S+ usable, module (\S+)", version, re.M)
    return found.group(1) if found else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--emu", required=True)
    parser.add_argument("--guests", required=True)
    parser.add_argument("--source", required=True, help="the repository (for check: source and lines)")
    parser.add_argument("--doc", required=True)
    parser.add_argument("--loose-handlers", action="store_true",
                        help="compare handler lines by their file only (a compiler that names no template arguments)")
    args = parser.parse_args()
    with open(args.doc, encoding="utf-8") as stream:
        doc = stream.read()
    module = kvm_host(args.emu)
    failures = 0
    checked = 0
    with tempfile.TemporaryDirectory() as work:
        os.symlink(os.path.abspath(args.emu), os.path.join(work, "emu"))
        os.symlink(os.path.abspath(args.guests), os.path.join(work, "guests"))
        for marker, block, line_number in blocks(doc):
            where = f"{args.doc}:{line_number}"
            if marker.startswith("source "):
                path = os.path.join(args.source, marker.split(" ", 1)[1])
                with open(path, encoding="utf-8") as stream:
                    if stream.read().rstrip("\n").split("\n") != block:
                        print(f"{where}: the code shown is not {path} as it is")
                        failures += 1
                checked += 1
                continue
            if marker.startswith("lines "):
                _, directory, limit = marker.split(" ")
                for name in sorted(os.listdir(os.path.join(args.source, directory))):
                    with open(os.path.join(args.source, directory, name), encoding="utf-8") as stream:
                        count = len(stream.read().split("\n")) - 1
                    if count > int(limit):
                        print(f"{where}: {directory}/{name} has {count} lines; the document promises at most {limit}")
                        failures += 1
                checked += 1
                continue
            if marker not in ("", "kvm"):
                print(f"{where}: unknown marker {marker!r}")
                failures += 1
                continue
            if marker == "kvm" and module is None:
                print(f"{where}: skipped: KVM is not usable here")
                continue
            only_runs = marker == "kvm" and module != RECORDED_ON
            for command, expected in commands(block):
                run = subprocess.run(["bash", "-c", command], cwd=work, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, timeout=120)
                actual = run.stdout.split("\n")
                if actual and actual[-1] == "":
                    actual.pop()
                if only_runs:
                    expected = [line for line in expected if line.startswith("KVM_RUN")]
                    actual = [line for line in actual if line.startswith("KVM_RUN")]
                checked += 1
                if len(expected) == len(actual) and all(
                        matches(e, a, args.loose_handlers) for e, a in zip(expected, actual)):
                    continue
                failures += 1
                print(f"{where}: $ {command}")
                for index in range(max(len(expected), len(actual))):
                    e = expected[index] if index < len(expected) else "<nothing>"
                    a = actual[index] if index < len(actual) else "<nothing>"
                    if index >= len(expected) or index >= len(actual) or not matches(e, a, args.loose_handlers):
                        print(f"  line {index + 1}: the document has\n    {e}\n  emu printed\n    {a}")
                        break
    print(f"{checked} checks of {args.doc}, {failures} failed" +
          ("" if module == RECORDED_ON else f" (KVM here: {module or 'none'}; recorded on {RECORDED_ON})"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
