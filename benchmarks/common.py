"""Shared by the benchmark scripts: corpora, builds and timing."""
import multiprocessing
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


def taking_turns(names, round_no: int) -> list:
    """names in order on even rounds and in reverse on odd ones, so that no
    checkout always runs first on a machine that warms up or is disturbed."""
    return list(names) if round_no % 2 == 0 else list(reversed(list(names)))


MEMORY_SAMPLED = 0.5  # seconds between two samples of the memory of a build's processes

# Runs a command and prints, last on stderr, resource.getrusage's peak RSS of its largest
# process (the build, or one of the workers it waited for), in KiB.
_RUSAGE = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)")


def timed_build(folder: Path, db: Path, *extra, checkout: Path = ROOT) -> tuple:
    """(seconds, peak RSS in MB of all the build's processes together, summary line, peak RSS in MB
    of its largest process by resource.getrusage) of `python -m loader build` run from checkout
    (its loader package)."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", _RUSAGE, sys.executable, "-m", "loader", "build", str(folder),
                                "--db", str(db), "-s", *extra],
                               cwd=checkout, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while True:
        peak = max(peak, tree_memory_kib(process.pid)[0])
        try:
            process.wait(MEMORY_SAMPLED)
            break
        except subprocess.TimeoutExpired:
            continue
    seconds = time.perf_counter() - start
    stdout, stderr = process.communicate()
    if process.returncode:
        raise RuntimeError(f"build failed: {stderr}")
    largest = int(stderr.strip().splitlines()[-1]) / 1024
    return seconds, peak / 1024, stdout.strip().splitlines()[-1], largest


def built_archive(workdir: Path, paragraphs: int, fresh: bool = False) -> tuple:
    """(database, build seconds) of the synthetic corpus of that size, built with this checkout's
    loader (an update of the last one unless fresh); prints the machine and the build."""
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / f"news-{paragraphs}.db"
    if fresh:
        db.unlink(missing_ok=True)
    seconds, rss, line, _ = timed_build(corpus(workdir, paragraphs), db)
    print(f"machine: {machine()}\ndatabase: {line} (build {seconds:.0f} s, peak RSS {rss:.0f} MB)")
    return db, seconds


def tree_memory_kib(pid: int) -> tuple:
    """(RSS, PSS) in KiB of a process and all its descendants, from /proc. PSS counts a page shared
    by n processes as 1/n in each, so the sum is the memory they take together; RSS counts it in each."""
    rss = pss = 0
    try:
        for line in open(f"/proc/{pid}/smaps_rollup"):
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                child_rss, child_pss = tree_memory_kib(int(child))
                rss, pss = rss + child_rss, pss + child_pss
    except (FileNotFoundError, ProcessLookupError):
        pass  # it ended while we looked
    return rss, pss


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def clock(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return (time.perf_counter() - start) * 1000, result


def process_whole_file(path) -> int:
    """Everything a build worker does with a file (process_file), nothing written; its bytes."""
    from loader.store.build import process_file  # not at the top: the checkout joins sys.path above
    process_file((path, path, "", {}, True))
    return Path(path).stat().st_size


def parallel_throughput(files, fn, jobs) -> float:
    """MB/s of fn over the files, on `jobs` processes, after one warm-up call each."""
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(fn, files[:jobs], chunksize=1)  # dictionaries loaded
        start = time.perf_counter()
        total = sum(pool.imap_unordered(fn, files, chunksize=4))
        return total / 1e6 / (time.perf_counter() - start)
