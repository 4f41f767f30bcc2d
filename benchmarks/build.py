"""Build throughput against bare segmentation, peak memory, database size, incremental updates.

    python benchmarks/build.py --sizes 10000 100000 1000000
"""
import argparse
import multiprocessing
import sqlite3
import time
from pathlib import Path

from common import corpus, machine, raw_bytes, timed_build

from loader.build import decode
from loader.search import match_expression


def _segment_file(path):
    import rjieba

    from loader.segment import words

    words("")  # the user dictionary, as in the build
    text, _ = decode(Path(path).read_bytes())
    rjieba.cut(text)
    return len(Path(path).read_bytes())


def _index_file(path):
    from loader.segment import index_text

    text, _ = decode(Path(path).read_bytes())
    for line in text.split("\n"):
        index_text(line)
    return len(Path(path).read_bytes())


def parallel_throughput(folder, fn, jobs) -> float:
    """MB/s of fn over every file, on `jobs` processes."""
    files = sorted(str(p) for p in folder.rglob("*.txt"))
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(fn, files[:jobs])  # warm up: dictionaries loaded
        start = time.perf_counter()
        total = sum(pool.imap_unordered(fn, files, chunksize=4))
        return total / 1e6 / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/zh-news-bench"))
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    print("| paragraphs | raw MB | build s | build MB/s | bare segmentation MB/s | ratio | index_text MB/s "
          "| peak RSS MB (largest process) | db MB | db / raw |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size in args.sizes:
        folder = corpus(args.workdir, size)
        db = args.workdir / f"news-{size}.db"
        db.unlink(missing_ok=True)
        mb = raw_bytes(folder) / 1e6
        seconds, rss, line = timed_build(folder, db, "--full", "--jobs", str(args.jobs))
        segmentation = parallel_throughput(folder, _segment_file, args.jobs)
        indexing = parallel_throughput(folder, _index_file, args.jobs)
        db_mb = db.stat().st_size / 1e6
        print(f"| {size:,} | {mb:.1f} | {seconds:.1f} | {mb / seconds:.2f} | {segmentation:.2f} | "
              f"{mb / seconds / segmentation:.2f} | {indexing:.2f} | {rss:.0f} | {db_mb:.0f} | {db_mb / mb:.2f} |",
              flush=True)
        print(f"  build: {line}", flush=True)

    largest = args.sizes[-1]
    folder, db = args.workdir / f"corpus-{largest}", args.workdir / f"news-{largest}.db"
    seconds, _, line = timed_build(folder, db)
    print(f"\nno-op rebuild of {largest:,} paragraphs: {seconds:.1f} s ({line})")
    extra = folder / "zz-added.txt"
    template = sorted(folder.glob("*.txt"))[0].read_text(encoding="utf-8")
    extra.write_text(template + "\n\n独一无二的增量测试段落。\n", encoding="utf-8")
    try:
        seconds, _, line = timed_build(folder, db)
        found = sqlite3.connect(db).execute("select count(*) from paragraphs_fts where paragraphs_fts match ?",
                                            [match_expression("独一无二的增量测试")]).fetchone()[0]
        print(f"adding one file to {largest:,} paragraphs: {seconds:.1f} s ({line}); "
              f"its new paragraph is searchable: {found == 1}")
    finally:
        extra.unlink()
        timed_build(folder, db)


if __name__ == "__main__":
    main()
