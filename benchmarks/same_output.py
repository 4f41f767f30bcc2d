"""Does this checkout build exactly what another does? For speed work, which must change no output.

    python benchmarks/same_output.py --baseline /tmp/main-export
    python benchmarks/same_output.py --baseline /tmp/main-export --db this.db base.db

Every text below goes through process_file (everything a build worker does:
parse, metadata inference, keywords, index_text, places) in a fresh process of
each checkout; the two results, as JSON, must be equal text by text:
- the labelled metadata corpus (tests/data/metadata), each record's text as a file;
- the labelled paragraph corpus (tests/data/paragraphs) laid out as eval paragraphs
  lays it out, in every layout (--seeds of them), each as a file;
- the seed archive's files (seeds/), the test files of every other format the build reads
  (tests/data/formats) and a synthetic corpus (--paragraphs).
The baseline's results are kept in --workdir for the next run. It prints how many texts, articles and paragraphs were compared and each text whose
result differs. With --db, it also compares two built databases' articles and
paragraphs tables row for row.
"""
import argparse
import hashlib
import json
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, corpus

from loader.dev import eval_metadata, eval_paragraphs
from loader.dev.layouts import EXTRA_LAYOUTS, LAYOUTS, laid_out
from loader.ingest import formats
from loader.store import schema

# Run in each checkout: one line per file, its name and process_file's result as JSON.
_DUMP = r"""
import json, os, sys
sys.path.insert(0, os.getcwd())
from loader.store.build import process_file
for path in sys.stdin.read().split("\n"):
    result = process_file((path, path, "", {}, True))
    result.pop("bytes", None)
    print(json.dumps([path, result], ensure_ascii=False, sort_keys=True))
"""


def texts(workdir: Path, seeds, paragraphs: int) -> list:
    """The files to compare, written once into workdir: (group, path)."""
    out = []
    labelled = workdir / "labelled"
    labelled.mkdir(parents=True, exist_ok=True)
    for number, record in enumerate(eval_metadata.load_corpus(ROOT / "tests/data/metadata")):
        path = labelled / f"metadata-{number:05}.txt"
        path.write_text(record["text"], encoding="utf-8")
        out.append(("metadata corpus", path))
    articles = eval_paragraphs.load(ROOT / "tests/data/paragraphs")
    for seed in seeds:
        for number, article in enumerate(articles):
            for layout in LAYOUTS + EXTRA_LAYOUTS:
                path = labelled / f"paragraphs-{seed}-{layout}-{number:04}.txt"
                path.write_text(laid_out(article, layout, seed)[0], encoding="utf-8")
                out.append(("paragraph corpus, laid out", path))
    out += [("seed archive", p) for p in sorted((ROOT / "seeds").rglob("*.txt"))]
    out += [("other formats (tests/data/formats)", p) for p in sorted((ROOT / "tests/data/formats").iterdir())
            if not formats.is_text(p) and formats.suffix_of(p)]
    if paragraphs:
        out += [(f"synthetic, {paragraphs:,} paragraphs", p)
                for p in sorted(corpus(workdir, paragraphs).rglob("*.txt"))]
    return out


def dump(checkout: Path, paths, keep: Path = None) -> dict:
    """{path: process_file's result as JSON} in a fresh process of checkout; kept in the file keep,
    when given, and read from it next time."""
    if keep and keep.exists():
        return {json.loads(line)[0]: line for line in keep.read_text(encoding="utf-8").splitlines()}
    out = subprocess.run([sys.executable, "-c", _DUMP], cwd=checkout, input="\n".join(map(str, paths)),
                         capture_output=True, text=True, check=True).stdout
    if keep:
        keep.write_text(out, encoding="utf-8")
    return {json.loads(line)[0]: line for line in out.splitlines()}


def compare_files(args):
    files = texts(args.workdir, args.seeds, args.paragraphs)
    paths = [p for _, p in files]
    # The baseline's results, kept: it is the checkout that does not change between runs.
    key = hashlib.sha256("\n".join([str(args.baseline.resolve())] + list(map(str, paths))).encode()).hexdigest()
    this, base = dump(ROOT, paths), dump(args.baseline.resolve(), paths, args.workdir / f"baseline-{key[:16]}.jsonl")
    groups = {}
    for group, path in files:
        line = this[str(path)]
        result = json.loads(line)[1]
        articles = result.get("articles", [])
        counts = groups.setdefault(group, [0, 0, 0, 0])
        counts[0] += 1
        counts[1] += len(articles)
        counts[2] += sum(len(a["paragraphs"]) for a in articles)
        if line != base[str(path)]:
            counts[3] += 1
            print(f"differs: {path}")
    print("| texts | files | articles | paragraphs | results that differ |\n|---|---|---|---|---|")
    for group, (n, articles, paragraphs, differ) in groups.items():
        print(f"| {group} | {n:,} | {articles:,} | {paragraphs:,} | {differ} |")
    return sum(counts[3] for counts in groups.values())


def table_digest(db: Path, table: str) -> tuple:
    """(rows, sha256 of every row in id order) of a table."""
    digest, rows = hashlib.sha256(), 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for row in conn.execute(f"select * from {table} order by id"):
        digest.update(repr(row).encode())
        rows += 1
    conn.close()
    return rows, digest.hexdigest()


def compare_dbs(this: Path, base: Path) -> int:
    differ = 0
    print(f"\n| table | rows in {this.name} | rows in {base.name} | row for row |\n|---|---|---|---|")
    for table in (schema.ARTICLES, schema.PARAGRAPHS):
        (rows, digest), (base_rows, base_digest) = table_digest(this, table), table_digest(base, table)
        same = rows == base_rows and digest == base_digest
        differ += not same
        print(f"| {table} | {rows:,} | {base_rows:,} | {'identical' if same else 'DIFFERENT'} |")
    return differ


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", type=Path, required=True, help="the checkout to compare with")
    parser.add_argument("--seeds", type=int, nargs="+", default=list(eval_paragraphs.SEEDS),
                        help="layout seeds of the paragraph corpus")
    parser.add_argument("--paragraphs", type=int, default=20_000, help="synthetic corpus size (0: none)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "zh-news-same-output")
    parser.add_argument("--db", type=Path, nargs=2, metavar=("THIS", "BASELINE"),
                        help="two built databases to compare row for row as well")
    args = parser.parse_args()
    differ = compare_files(args)
    if args.db:
        differ += compare_dbs(*args.db)
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
