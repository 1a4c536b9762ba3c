#!/usr/bin/env python3
"""bench/perf_report.py on a made-up compare_bench result: the table holds the medians and the
ratios computed from them, the generated section replaces the previous one and nothing else, the
chart is well-formed SVG with one bar per measured figure, and failed runs are listed."""

import json
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "perf_report.py")
BEGIN = "<!-- comparison: begin"
END = "<!-- comparison: end -->"


def read(path):
    with open(path) as file:
        return file.read()


def median(run_name, real_time, **counters):
    entry = {"run_name": run_name, "name": run_name + "_median", "aggregate_name": "median",
             "repetitions": 3, "real_time": real_time, "time_unit": "ms"}
    entry.update(counters)
    return entry


def mean(run_name, real_time, **counters):
    entry = median(run_name, real_time, **counters)
    entry["aggregate_name"] = "mean"
    return entry


def results(errors=()):
    mips = {"kvm": 2.0, "interp": 200.0, "qemu-tcg": 1000.0, "unicorn": 50.0}
    benchmarks = []
    for guest in ["bench_alu", "bench_memory", "bench_strloop", "bench_branchy", "bench_crc32"]:
        for engine, value in mips.items():
            name = f"guest/{guest}/{engine}/iterations:1/manual_time"
            benchmarks.append(median(name, 500.0, MIPS=value * (2 if guest == "bench_memory" else 1), RSS_MiB=3.5))
            benchmarks.append(mean(name, 999.0, MIPS=1.0, RSS_MiB=99.0))  # means are not used
    benchmarks.append(median("guest/bench_string/interp/iterations:1/manual_time", 900.0, MIPS=1.6, **{"MB/s": 2500.0}))
    benchmarks.append(median("guest/bench_string/qemu-tcg/iterations:1/manual_time", 900.0, MIPS=0.3, **{"MB/s": 500.0}))
    for engine, ms in {"kvm": 2.5, "interp": 1.25, "qemu-tcg": 30.0, "unicorn": 6.0}.items():
        benchmarks.append(median(f"startup/noop/{engine}/manual_time", ms, RSS_MiB=3.0))
    benchmarks.append(median("startup/hello/interp/manual_time", 1.5, RSS_MiB=3.0))
    for name in errors:
        benchmarks.append({"run_name": name, "name": name, "error_occurred": True, "error_message": "wrong output"})
    return {"context": {"kvm_module": "kvm_pvm", "engines": "kvm,interp,qemu-tcg,unicorn", "skipped": "",
                        "date": "2026-11-22T10:00:00+00:00", "num_cpus": 2},
            "benchmarks": benchmarks}


class PerfReportTest(unittest.TestCase):
    def run_report(self, data, document):
        temporary = tempfile.TemporaryDirectory()
        self.addCleanup(temporary.cleanup)
        directory = temporary.name
        paths = {name: os.path.join(directory, name) for name in ["r.json", "performance.md", "chart.svg"]}
        with open(paths["r.json"], "w") as file:
            json.dump(data, file)
        with open(paths["performance.md"], "w") as file:
            file.write(document)
        status = subprocess.run([sys.executable, SCRIPT, "--from-json", paths["r.json"], "--doc",
                                 paths["performance.md"], "--svg", paths["chart.svg"]], capture_output=True).returncode
        return status, read(paths["performance.md"]), read(paths["chart.svg"])

    def test_table_holds_medians_and_ratios(self):
        status, doc, _ = self.run_report(results(), "# Performance\n\nintro\n")
        self.assertEqual(status, 0)
        self.assertIn("| bench_alu | 2.00 | 200 | 1,000 | 50.0 | 0.20x | 100x |", doc)
        self.assertIn("| bench_memory | 4.00 | 400 | 2,000 | 100 | 0.20x | 100x |", doc)
        self.assertIn("| bench_string | - | 2,500 | 500 | - | 5.00x | - |", doc)
        # geometric mean of 200, 400, 200, 200 = 237.8
        self.assertIn("| geometric mean of alu, memory, strloop, branchy | 2.38 | 238 | 1,189 | 59.5 | 0.20x | 100x |", doc)
        self.assertIn("**not met** (geometric mean 238, lowest 200)", doc)
        self.assertIn("| interp | 1.25 ms | 1.50 ms | 3.5 MiB |", doc)
        self.assertIn("start-up bar (< 2 ms): **met** (1.50 ms)", doc)
        self.assertIn("`kvm_pvm`", doc)
        self.assertTrue(doc.startswith("# Performance\n\nintro\n"))

    def test_second_run_replaces_the_section_only(self):
        _, first, _ = self.run_report(results(), "# Performance\n\nbefore\n")
        _, second, _ = self.run_report(results(), first + "\n## After\n\nkept\n")
        self.assertEqual(second.count(BEGIN), 1)
        self.assertEqual(second.count(END), 1)
        self.assertIn("before\n", second)
        self.assertTrue(second.rstrip().endswith("kept"))

    def test_chart_is_svg_with_a_bar_per_figure(self):
        _, _, svg = self.run_report(results(), "")
        root = ElementTree.fromstring(svg)
        bars = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.find("{http://www.w3.org/2000/svg}title") is not None]
        self.assertEqual(len(bars), 5 * 4)  # five MIPS guests x four engines; bench_string is MB/s, not charted
        titles = [bar.find("{http://www.w3.org/2000/svg}title").text for bar in bars]
        self.assertIn("QEMU-TCG: 2,000 MIPS", titles)

    def test_failed_runs_are_listed_and_fail_the_report(self):
        status, doc, _ = self.run_report(results(errors=["guest/bench_sieve/unicorn/iterations:1/manual_time"]), "")
        self.assertEqual(status, 1)
        self.assertIn("- guest/bench_sieve/unicorn/iterations:1/manual_time: wrong output", doc)


if __name__ == "__main__":
    unittest.main()
