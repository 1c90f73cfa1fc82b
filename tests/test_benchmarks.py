"""`python -m benchmarks` runs on a plain install and prints Markdown tables (never a timed assertion)."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TABLE_HEADER = "| candidate | median | spread (min to max) | ratio | CPU time | CPU ratio |"


def run_benchmarks(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "benchmarks", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    output = tmp_path_factory.mktemp("benchmarks") / "tables.md"
    return run_benchmarks("--quick", "--repeats", "1", "--output", str(output)), output


def test_quick_run_of_every_benchmark_succeeds(quick_run):
    result, _ = quick_run
    assert result.returncode == 0, f"expected exit 0, got {result.returncode}; stderr:\n{result.stderr}"


def test_quick_run_prints_the_machine_and_a_table_per_benchmark_that_ran(quick_run):
    result, _ = quick_run
    assert result.stdout.startswith("Machine: "), f"expected the machine line first, got:\n{result.stdout[:200]}"
    for title in ("E1: minigrad fit vs a bare NumPy loop", "Large Dense step"):
        section = result.stdout.split(title, 1)
        assert len(section) == 2, f"expected a section titled {title!r} in:\n{result.stdout}"
        assert TABLE_HEADER in section[1], f"expected a Markdown table under {title!r}, got:\n{section[1][:300]}"


def test_e1_table_compares_minigrad_with_the_bare_numpy_loop_that_gives_the_same_numbers(quick_run):
    """The bare loop is only a fair floor if it does the same math: the benchmark checks it does."""
    result, _ = quick_run
    e1 = result.stdout.split("E1: minigrad fit vs a bare NumPy loop", 1)[1].split("###", 1)[0]
    assert "| minigrad fit |" in e1 and "| bare NumPy loop |" in e1, f"expected both rows, got:\n{e1}"
    assert "bit-identical" in e1, f"expected minigrad and the bare loop to agree, got:\n{e1}"


def test_missing_peers_are_skipped_with_a_note_not_an_error(quick_run):
    """The test environment has none of the peers (they are never test dependencies): one note says so."""
    result, _ = quick_run
    peers = result.stdout.split("E1 on peers", 1)[1].split("###", 1)[0]
    assert "Skipped: no peer is installed here (tf_keras, keras 3, torch)" in peers, peers


def test_output_file_holds_the_printed_tables(quick_run):
    result, output = quick_run
    written = output.read_text()
    assert written.count(TABLE_HEADER) == result.stdout.count(TABLE_HEADER) > 0, (
        f"expected the file to hold the {result.stdout.count(TABLE_HEADER)} printed tables, got:\n{written}")


def test_only_selects_benchmarks_and_rejects_unknown_names():
    result = run_benchmarks("--quick", "--repeats", "1", "--only", "e1")
    assert result.returncode == 0 and result.stdout.count(TABLE_HEADER) == 1, (
        f"expected one table for --only e1, got exit {result.returncode}:\n{result.stdout}{result.stderr}")
    bad = run_benchmarks("--only", "e11")
    assert bad.returncode == 2 and "e11" in bad.stderr, f"expected a usage error naming 'e11', got:\n{bad.stderr}"


def test_threads_option_sets_the_thread_variables_the_notes_report():
    result = run_benchmarks("--quick", "--repeats", "1", "--only", "dense", "--threads", "1")
    assert result.returncode == 0, f"expected exit 0, got {result.returncode}; stderr:\n{result.stderr}"
    assert "OPENBLAS_NUM_THREADS=1" in result.stdout, f"expected a threads note saying 1, got:\n{result.stdout}"


MEASURE_ON_A_TERMINAL = """
import io, sys
from benchmarks.harness import Candidate, measure

class FakeTerminal(io.StringIO):
    def isatty(self):
        return True

sys.stderr = drawn = FakeTerminal()
measure([Candidate("a", lambda: lambda: None), Candidate("b", lambda: lambda: None)], repeats=2, quiet={quiet})
sys.stdout.write(drawn.getvalue())
"""


def measured_progress(quiet: bool) -> str:
    code = MEASURE_ON_A_TERMINAL.format(quiet=quiet)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, check=True)
    return done.stdout.decode()  # as bytes first: text mode would turn the redrawing "\r" into newlines


def test_measure_counts_its_runs_on_a_terminal_progress_line_and_draws_nothing_when_quiet():
    """Two candidates, one warm-up and two timed runs each: 6 runs."""
    last = measured_progress(quiet=False).rstrip("\n").split("\r")[-1]
    assert last.startswith("measuring: ") and " 6/6 " in last, last
    assert measured_progress(quiet=True) == ""
