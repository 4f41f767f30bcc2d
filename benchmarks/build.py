"""Build throughput against bare segmentation, peak memory, database size, incremental updates.

    python benchmarks/build.py --sizes 10000 100000 1000000
    python benchmarks/build.py --sizes 100000 --baseline /tmp/other-checkout --rounds 5
    python benchmarks/build.py --sizes 100000 400000 --jsonl

For each size, in the same run: the build, then on the same files and the
same number of processes
- bare rjieba segmentation (the build's segmenter) of every file;
- bare jieba segmentation (the reference it reproduces) of the first 10 MB;
- index_text, the whole segmentation stage of the build (words + bigrams);
- process_file, everything the build's workers do (parse, clean, infer, keywords,
  index_text): the build's ceiling before its one writer;
- for sizes up to 100,000 paragraphs, the one-writer FTS5 insert alone of the
  build's own index_text, computed beforehand: the part no process pool can share;
  into a table of the unicode61 tokenizer, which cuts the same tokens, with SQLite's
  default FTS5 settings and with the build's (store.FTS_CONFIG), then into the
  archive's own table (its ascii tokenizer, FTS_CONFIG).

With --jsonl, the same text as JSON Lines: every article of the synthetic
text files (as the build's own parse finds them) becomes a record with its
title and all its paragraphs, one JSON Lines file per size; both folders are
built in full, and it prints the throughput of each over the same text (the
text files' bytes), the ratio JSON Lines / text, and each build's peak
memory (all its processes, sampled; and its largest process, by
resource.getrusage): with records read in parts, the peak should not grow
with the file. Then the export is changed as a crawler's next run changes it
(one record edited, one added) and the archive updated: the whole file is
read again, its old articles looked up a part at a time.

With --baseline (another checkout of the project, run with this Python),
only the full build is timed: the two checkouts take turns building the same
corpus, round after round, so that both see the same machine load; it prints
the median and fastest wall time, throughput and CPU time (all the build's
processes) of each and the ratios this / baseline. On a shared machine the
fastest build is the one least slowed by others. Then, in one process per
checkout, taking turns file by file, the CPU time of a worker's parts on the
same files: parse_text, the inference of place, date and source
(manifest.resolve), and the rest of process_file (index_text, places, keywords).
"""
import argparse
import json
import logging
import multiprocessing
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import (ROOT, corpus, machine, parallel_throughput, process_whole_file, raw_bytes, taking_turns,
                    timed_build)

from loader.ingest.decode import decode
from loader.ingest.parse import parse_text
from loader.store.build import process_file
from loader.text.query import match_expression
from loader.text.segment import index_text, userdict_entries, words
from loader.store.schema import FTS_CONFIG, FTS_SQL, UNICODE61_FTS_SQL, ensure_fts

JIEBA_SAMPLE_BYTES = 10_000_000
FTS_CEILING_MAX_PARAGRAPHS = 100_000


def _lines(path):
    return decode(Path(path).read_bytes())[0].split("\n")


def _rjieba_file(path):
    import rjieba

    words("")  # the user dictionary, as in the build
    rjieba.cut("\n".join(_lines(path)))
    return Path(path).stat().st_size


_jieba = None


def _jieba_file(path):
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.ERROR)
        _jieba = jieba.Tokenizer()
        for word, freq, tag in userdict_entries():
            _jieba.add_word(word, freq, tag)
        _jieba.initialize()
    list(_jieba.cut("\n".join(_lines(path))))
    return Path(path).stat().st_size


def _index_file(path):
    for line in _lines(path):
        index_text(line)
    return Path(path).stat().st_size


def _index_texts(path):
    result = process_file((path, path, "", {}, True))
    return [p["index_text"] for article in result.get("articles", []) for p in article["paragraphs"]]


# The FTS5 tables fts_insert_throughput fills: unicode61, which cuts the same tokens as the
# archive's tokenizer but looks every character up, with SQLite's settings and the build's; the archive's own.
FTS_TABLES = ((UNICODE61_FTS_SQL, {}), (UNICODE61_FTS_SQL, FTS_CONFIG), (FTS_SQL, FTS_CONFIG))


def fts_insert_throughput(files, jobs, workdir) -> tuple:
    """MB/s of inserting precomputed index_text into an empty FTS5 table, in one connection, for
    each of FTS_TABLES."""
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        texts = [t for chunk in pool.imap(_index_texts, files, chunksize=4) for t in chunk]
    mb = sum(Path(f).stat().st_size for f in files) / 1e6
    rates = []
    for table, config in FTS_TABLES:
        path = workdir / "fts-ceiling.db"
        path.unlink(missing_ok=True)
        conn = sqlite3.connect(path)
        conn.execute("pragma journal_mode = off")
        conn.execute("pragma synchronous = off")
        conn.execute(table)
        ensure_fts(conn, config)  # the table made above: only the settings
        start = time.perf_counter()
        with conn:
            conn.executemany("insert into paragraphs_fts(rowid, text) values (?, ?)", enumerate(texts, 1))
        rates.append(mb / (time.perf_counter() - start))
        conn.close()
        path.unlink()
    return tuple(rates)


def cpu_timed_build(folder, db, *extra, checkout=ROOT) -> tuple:
    """(wall seconds, CPU seconds of the build and its workers) of a build from checkout."""
    before = os.times()
    seconds, _, _, _ = timed_build(folder, db, *extra, checkout=checkout)
    after = os.times()
    return seconds, (after.children_user - before.children_user) + (after.children_system - before.children_system)


# Run in each checkout, one file at a time (a path a line on stdin): the CPU seconds of
# parse_text on the file, then of process_file with that parse done beforehand (everything
# else a worker does), and of that the part in manifest.resolve (place, date and source).
_STAGES = r"""
import os, sys, time
from pathlib import Path
sys.path.insert(0, os.getcwd())
import loader.store.build as build
from loader.ingest.parse import parse_text
parsed = {}
build.parse_text = parsed.__getitem__
resolve, inference = build.manifest.resolve, [0.0]
def timed_resolve(*args, **kwargs):
    start = time.process_time()
    try:
        return resolve(*args, **kwargs)
    finally:
        inference[0] += time.process_time() - start
build.manifest.resolve = timed_resolve
for line in sys.stdin:
    path = line.rstrip("\n")
    text = build.decode(Path(path).read_bytes())[0]
    start = time.process_time()
    parsed.clear()
    parsed[text] = parse_text(text)
    parse = time.process_time() - start
    inference[0] = 0.0
    start = time.process_time()
    build.process_file((path, path, "", {}, True))
    rest = time.process_time() - start - inference[0]
    print(parse, inference[0], rest, flush=True)
"""
STAGE_FILES = 400
WARM_UP_FILES = 5


def stage_seconds(files, checkouts, rounds) -> dict:
    """{checkout name: [parse_text, inference, rest of process_file] CPU s of one pass over files},
    the mean of rounds passes: one process per checkout, the checkouts taking turns file by file,
    so that both see the same moments of a shared machine's load."""
    procs = {name: subprocess.Popen([sys.executable, "-c", _STAGES], cwd=checkout, text=True,
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE)
             for name, checkout in checkouts.items()}

    def stages(name, path):
        procs[name].stdin.write(path + "\n")
        procs[name].stdin.flush()
        return [float(x) for x in procs[name].stdout.readline().split()]

    try:
        for name in procs:
            for path in files[:WARM_UP_FILES]:  # dictionaries and the gazetteer loaded
                stages(name, path)
        totals = {name: [0.0, 0.0, 0.0] for name in procs}
        for round_no in range(rounds):
            for number, path in enumerate(files):
                for name in taking_turns(procs, round_no + number):
                    totals[name] = [a + b for a, b in zip(totals[name], stages(name, path))]
    finally:
        for proc in procs.values():
            proc.stdin.close()
            proc.wait()
    return {name: [seconds / rounds for seconds in total] for name, total in totals.items()}


def compare(args):
    """Full builds of this checkout and the baseline, taking turns."""
    checkouts = {"this": ROOT, "baseline": args.baseline.resolve()}
    print(f"machine: {machine()}; {args.jobs} processes; {args.rounds} rounds, the checkouts taking turns")
    print("| paragraphs | checkout | build s, median (min) | build MB/s at the median | "
          "CPU s of all processes, median (min) | every build s |")
    print("|---|---|---|---|---|---|")
    for size in args.sizes:
        folder = corpus(args.workdir, size)
        mb = raw_bytes(folder) / 1e6
        times = {name: [] for name in checkouts}
        for round_no in range(args.rounds):
            for name in taking_turns(checkouts, round_no):
                db = args.workdir / f"news-{size}-{name}.db"
                db.unlink(missing_ok=True)
                times[name].append(cpu_timed_build(folder, db, "--full", "--jobs", str(args.jobs),
                                                   checkout=checkouts[name]))
        figures = {}
        for name, checkout in checkouts.items():
            walls, cpus = [s for s, _ in times[name]], [c for _, c in times[name]]
            figures[name] = [statistics.median(walls), min(walls), statistics.median(cpus), min(cpus)]
            wall, fastest, cpu, least = figures[name]
            print(f"| {size:,} | {name} ({checkout}) | {wall:.1f} ({fastest:.1f}) | {mb / wall:.2f} "
                  f"| {cpu:.1f} ({least:.1f}) | {' '.join(f'{s:.1f}' for s in walls)} |", flush=True)
        ratio = [a / b for a, b in zip(figures["this"], figures["baseline"])]
        print(f"| {size:,} | this / baseline | {ratio[0]:.2f} ({ratio[1]:.2f}) | {1 / ratio[0]:.2f} (throughput) "
              f"| {ratio[2]:.2f} ({ratio[3]:.2f}) | |", flush=True)
    # Where a worker's time goes: the parse, the inference, and everything else it does with a file.
    files = sorted(str(p) for p in corpus(args.workdir, args.sizes[0]).rglob("*.txt"))[:STAGE_FILES]
    seconds = stage_seconds(files, checkouts, args.rounds)
    print(f"\nOne process per checkout, the first {len(files)} files of {args.sizes[0]:,} paragraphs, CPU s of a pass, "
          f"the mean of {args.rounds} passes, the checkouts taking turns file by file:")
    print("| checkout | parse_text | inference: place, date, source (manifest.resolve) | parse_text + inference "
          "| the rest of process_file (index_text, places, keywords) | process_file |\n|---|---|---|---|---|---|")
    for name, (parse, infer, rest) in seconds.items():
        print(f"| {name} | {parse:.2f} | {infer:.2f} | {parse + infer:.2f} | {rest:.2f} | {parse + infer + rest:.2f} |")
    (parse, infer, rest), (base_parse, base_infer, base_rest) = seconds["this"], seconds["baseline"]
    print(f"| this / baseline | {parse / base_parse:.2f} | {infer / base_infer:.2f} "
          f"| {(parse + infer) / (base_parse + base_infer):.2f} | {rest / base_rest:.2f} "
          f"| {(parse + infer + rest) / (base_parse + base_infer + base_rest):.2f} |")


def jsonl_export(folder: Path, out: Path) -> Path:
    """Write folder's articles as one JSON Lines export in out (once); its path."""
    target, done = out / "export.jsonl", out / ".complete"
    if done.exists():
        return target
    out.mkdir(parents=True, exist_ok=True)
    records = 0
    with open(target, "w", encoding="utf-8") as file:
        for path in sorted(folder.rglob("*.txt")):
            for article in parse_text(decode(path.read_bytes())[0]):
                body = [p.text for p in article.paragraphs]  # the headline too, as the text build stores it
                if body:
                    file.write(json.dumps({"title": article.title, "content": "\n".join(body),
                                           "url": f"https://example.org/{path.stem}/{records}"},
                                          ensure_ascii=False) + "\n")
                    records += 1
    done.write_text(str(records))
    return target


def compare_jsonl(args):
    print(f"machine: {machine()}; {args.jobs} processes")
    print("| paragraphs | text MB | JSON Lines MB | records | text build s | text MB/s | JSON Lines build s "
          "| JSON Lines MB/s (of the same text) | JSON Lines / text | peak RSS MB, all processes: text / JSON Lines "
          "| largest process MB (getrusage): text / JSON Lines | update of the changed export s "
          "| update peak RSS MB, all processes / largest |")
    print("|" + "---|" * 13)
    for size in args.sizes:
        folder = corpus(args.workdir, size)
        export = jsonl_export(folder, args.workdir / f"jsonl-{size}")
        mb = raw_bytes(folder) / 1e6
        # The export built from a folder of its own, which the update then changes.
        source = args.workdir / f"jsonl-{size}-run"
        source.mkdir(exist_ok=True)
        shutil.copyfile(export, source / "export.jsonl")
        runs = {}
        for name, root in (("text", folder), ("jsonl", source)):
            db = args.workdir / f"news-{name}-{size}.db"
            db.unlink(missing_ok=True)
            runs[name] = timed_build(root, db, "--full", "--jobs", str(args.jobs))
        records = changed_export(source / "export.jsonl")
        update = timed_build(source, args.workdir / f"news-jsonl-{size}.db", "--jobs", str(args.jobs))
        (text_s, text_rss, text_line, text_max), (json_s, json_rss, json_line, json_max) = runs["text"], runs["jsonl"]
        json_mb = export.stat().st_size / 1e6
        print(f"| {size:,} | {mb:.1f} | {json_mb:.1f} | {records:,} | {text_s:.1f} | {mb / text_s:.2f} | {json_s:.1f} "
              f"| {mb / json_s:.2f} | {text_s / json_s:.2f} | {text_rss:.0f} / {json_rss:.0f} "
              f"| {text_max:.0f} / {json_max:.0f} | {update[0]:.1f} | {update[1]:.0f} / {update[3]:.0f} |", flush=True)
        print(f"  text: {text_line}; JSON Lines: {json_line}; update: {update[2]}", flush=True)


def changed_export(path: Path) -> int:
    """Change an export as a crawler's next run does: one record in the middle edited, one new
    record at the end; the number of records it then has. Read and written a line at a time."""
    lines = sum(1 for _ in open(path, "rb"))
    edited = path.with_suffix(".tmp")
    with open(path, encoding="utf-8") as old, open(edited, "w", encoding="utf-8") as new:
        for number, line in enumerate(old):
            if number == lines // 2:
                record = json.loads(line)
                record["content"] += "\n这一段是抓取之后新增的。"
                line = json.dumps(record, ensure_ascii=False) + "\n"
            new.write(line)
        new.write(json.dumps({"title": "新的一条", "content": "一条新的消息。", "url": "https://example.org/new"},
                             ensure_ascii=False) + "\n")
    edited.replace(path)
    return lines + 1


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/zh-news-bench"))
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--baseline", type=Path, help="another checkout of the project to compare full builds with")
    parser.add_argument("--rounds", type=int, default=5, help="with --baseline: full builds of each checkout")
    parser.add_argument("--jsonl", action="store_true", help="the same text as one JSON Lines export, against text files")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.baseline:
        return compare(args)
    if args.jsonl:
        return compare_jsonl(args)
    print(f"machine: {machine()}; {args.jobs} processes for the build and every segmentation figure")
    print("| paragraphs | raw MB | build s | build MB/s | peak RSS MB (all processes) | db MB | db / raw "
          "| rjieba MB/s | build / rjieba | jieba MB/s | build / jieba | index_text MB/s | build / index_text "
          "| process_file MB/s | build / process_file "
          "| FTS5 insert MB/s (one writer), unicode61, SQLite's settings | unicode61, FTS_CONFIG "
          "| the archive's table (ascii), FTS_CONFIG |")
    print("|" + "---|" * 18)
    for size in args.sizes:
        folder = corpus(args.workdir, size)
        db = args.workdir / f"news-{size}.db"
        db.unlink(missing_ok=True)
        mb = raw_bytes(folder) / 1e6
        seconds, rss, line, _ = timed_build(folder, db, "--full", "--jobs", str(args.jobs))
        build_rate = mb / seconds
        files = sorted(str(p) for p in folder.rglob("*.txt"))
        sample, sample_bytes = [], 0
        for f in files:
            if sample_bytes >= JIEBA_SAMPLE_BYTES:
                break
            sample.append(f)
            sample_bytes += Path(f).stat().st_size
        rjieba_rate = parallel_throughput(files, _rjieba_file, args.jobs)
        jieba_rate = parallel_throughput(sample, _jieba_file, args.jobs)
        index_rate = parallel_throughput(files, _index_file, args.jobs)
        worker_rate = parallel_throughput(files, process_whole_file, args.jobs)
        fts = (" | ".join(f"{rate:.2f}" for rate in fts_insert_throughput(files, args.jobs, args.workdir))
               if size <= FTS_CEILING_MAX_PARAGRAPHS else "– | – | –")
        db_mb = db.stat().st_size / 1e6
        print(f"| {size:,} | {mb:.1f} | {seconds:.1f} | {build_rate:.2f} | {rss:.0f} | {db_mb:.0f} | {db_mb / mb:.2f} "
              f"| {rjieba_rate:.2f} | {build_rate / rjieba_rate:.2f} | {jieba_rate:.2f} | {build_rate / jieba_rate:.2f} "
              f"| {index_rate:.2f} | {build_rate / index_rate:.2f} | {worker_rate:.2f} | {build_rate / worker_rate:.2f} "
              f"| {fts} |", flush=True)
        print(f"  build: {line}", flush=True)

    largest = args.sizes[-1]
    folder, db = args.workdir / f"corpus-{largest}", args.workdir / f"news-{largest}.db"
    seconds, _, line, _ = timed_build(folder, db)
    print(f"\nno-op rebuild of {largest:,} paragraphs: {seconds:.1f} s ({line})")
    extra = folder / "zz-added.txt"
    template = sorted(folder.glob("*.txt"))[0].read_text(encoding="utf-8")
    extra.write_text(template + "\n\n独一无二的增量测试段落。\n", encoding="utf-8")
    try:
        seconds, rss, line, _ = timed_build(folder, db)
        found = sqlite3.connect(db).execute("select count(*) from paragraphs_fts where paragraphs_fts match ?",
                                            [match_expression("独一无二的增量测试")]).fetchone()[0]
        print(f"adding one file to {largest:,} paragraphs: {seconds:.1f} s, peak RSS {rss:.0f} MB ({line}); "
              f"its new paragraph is searchable: {found == 1}")
    finally:
        extra.unlink()
        seconds, _, line, _ = timed_build(folder, db)
        print(f"removing that file again: {seconds:.1f} s ({line})")


if __name__ == "__main__":
    main()
