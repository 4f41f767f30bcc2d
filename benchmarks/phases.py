"""Where a full build's time goes: the build of a folder, with the seconds of each step that
reads the whole archive after the files are written.

    python benchmarks/phases.py /tmp/zh-news-bench/corpus-1000000 /tmp/news.db

It prints, as each ends, the indexes and views (schema.ensure_shape), the kept values
(values.refresh), the ranked lists (top.refresh) and the kept counts (counts.refresh), then the
whole build; what is left of the whole is reading and writing the files; and the peak memory of
the build's processes together (sampled every half second), as the sum of their RSS and of their PSS.
"""
import argparse
import functools
import os
import threading
import time
from pathlib import Path

from common import machine, tree_memory_kib

from loader.store import build, counts, schema, top
from loader.store import values as stored


def timed(module, name, seconds):
    step = getattr(module, name)

    @functools.wraps(step)
    def run(*args, **kwargs):
        start = time.perf_counter()
        result = step(*args, **kwargs)
        seconds[step] = time.perf_counter() - start
        print(f"{module.__name__}.{name}: {seconds[step]:.1f} s", flush=True)
        return result
    setattr(module, name, run)


def sample_memory(peak: list, done: threading.Event):
    """Keep in peak the highest (RSS, PSS) in KiB of this process and its children until done."""
    while not done.wait(0.5):
        rss, pss = tree_memory_kib(os.getpid())
        peak[:] = [max(peak[0], rss), max(peak[1], pss)]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("db", type=Path)
    parser.add_argument("--jobs", type=int, help="processes (default: every core)")
    args = parser.parse_args()
    seconds = {}
    for module, name in ((schema, "ensure_shape"), (stored, "refresh"), (top, "refresh"), (counts, "refresh")):
        timed(module, name, seconds)
    print(f"machine: {machine()}")
    args.db.unlink(missing_ok=True)
    peak, done = [0, 0], threading.Event()
    sampler = threading.Thread(target=sample_memory, args=(peak, done), daemon=True)
    sampler.start()
    summary = build.build(args.db, [args.folder], full=True, jobs=args.jobs)
    done.set()
    sampler.join()
    print(f"{summary.line()}; files read and written: {summary.seconds - sum(seconds.values()):.1f} s")
    print(f"peak memory of the build's processes together: RSS {peak[0] / 1024:.0f} MB, PSS {peak[1] / 1024:.0f} MB")


if __name__ == "__main__":
    main()
