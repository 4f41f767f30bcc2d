"""Shared by the benchmark scripts: corpora, builds and timing."""
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}"


def corpus(workdir: Path, paragraphs: int, seed: int = 1) -> Path:
    """A synthetic corpus of `paragraphs` paragraphs, generated once and reused."""
    folder = workdir / f"corpus-{paragraphs}"
    done = folder / ".complete"
    if not done.exists():
        subprocess.run([sys.executable, "-m", "loader", "synth", "--paragraphs", str(paragraphs),
                        "--out", str(folder), "--seed", str(seed), "-s"], cwd=ROOT, check=True)
        done.write_text("ok")
    return folder


def raw_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.txt"))


def timed_build(folder: Path, db: Path, *extra) -> tuple:
    """(seconds, peak RSS in MB of the largest process, summary line) of `python -m loader build`."""
    code = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "print(time.perf_counter() - t); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
            "print(r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr)")
    out = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "loader", "build", str(folder),
                          "--db", str(db), "-s", *extra], cwd=ROOT, capture_output=True, text=True, check=True)
    seconds, rss, line = out.stdout.strip().split("\n", 2)
    return float(seconds), int(rss) / 1024, line


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def clock(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return (time.perf_counter() - start) * 1000, result
