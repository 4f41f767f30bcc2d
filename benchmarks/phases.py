"""Where a full build's time goes: the build of a folder, with the seconds of each step that
reads the whole archive after the files are written.

    python benchmarks/phases.py /tmp/zh-news-bench/corpus-1000000 /tmp/news.db

It prints, as each ends, the indexes and views (schema.ensure_shape), the kept values
(values.refresh), the index's tokens (schema.vocabulary), the ranked lists (top.refresh) and the
kept counts (counts.refresh), then the whole build; what is left of the whole is reading and
writing the files; and the peak memory of the build's processes together (sampled every half
second), as the sum of their RSS and of their PSS, in the whole build and in each step.
"""
import argparse
import functools
import os
import threading
import time
from pathlib import Path

from common import MEMORY_SAMPLED, machine, tree_memory_kib

from loader.store import build, counts, schema, top
from loader.store import values as stored


FILES = "files read and written"


def timed(module, name, seconds, step_now: list):
    step = getattr(module, name)

    @functools.wraps(step)
    def run(*args, **kwargs):
        start = time.perf_counter()
        step_now[0] = f"{module.__name__}.{name}"
        result = step(*args, **kwargs)
        step_now[0] = FILES
        seconds[step] = time.perf_counter() - start
        print(f"{module.__name__}.{name}: {seconds[step]:.1f} s", flush=True)
        return result
    setattr(module, name, run)


def sample_memory(peaks: dict, step_now: list, done: threading.Event):
    """Keep in peaks {step: the highest (RSS, PSS) in KiB of this process and its children} until done."""
    while not done.wait(MEMORY_SAMPLED):
        rss, pss = tree_memory_kib(os.getpid())
        peak = peaks.setdefault(step_now[0], (0, 0))
        peaks[step_now[0]] = (max(peak[0], rss), max(peak[1], pss))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("db", type=Path)
    parser.add_argument("--jobs", type=int, help="processes (default: every core)")
    args = parser.parse_args()
    seconds, step_now = {}, [FILES]
    for module, name in ((schema, "ensure_shape"), (stored, "refresh"), (schema, "vocabulary"), (top, "refresh"),
                         (counts, "refresh")):
        timed(module, name, seconds, step_now)
    print(f"machine: {machine()}")
    args.db.unlink(missing_ok=True)
    peaks, done = {}, threading.Event()
    sampler = threading.Thread(target=sample_memory, args=(peaks, step_now, done), daemon=True)
    sampler.start()
    summary = build.build(args.db, [args.folder], full=True, jobs=args.jobs)
    done.set()
    sampler.join()
    print(f"{summary.line()}; files read and written: {summary.seconds - sum(seconds.values()):.1f} s")
    rss, pss = (max(peak[i] for peak in peaks.values()) for i in (0, 1))
    print(f"peak memory of the build's processes together: RSS {rss / 1024:.0f} MB, PSS {pss / 1024:.0f} MB")
    for step, (rss, pss) in peaks.items():
        print(f"  in {step}: RSS {rss / 1024:.0f} MB, PSS {pss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
