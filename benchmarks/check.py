"""What a build that finds nothing changed spends on its sources, as `zh-news serve` runs one
before serving: listing them, looking at each file's size and modification time (what the build
compares first), and hashing each (what it compares when those differ), in one run.

    python benchmarks/check.py FOLDER [--rounds 3]
"""
import argparse
import time

from common import machine

from loader.store.build import _file_digest, _seen, source_files


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(machine())
    rows = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        found = source_files([args.folder])
        listed = time.perf_counter()
        for path, _name in found:
            _seen(path, b"")
        looked = time.perf_counter()
        for path, _name in found:
            _file_digest(path)
        hashed = time.perf_counter()
        rows.append((listed - start, looked - listed, hashed - looked))
    print(f"{len(found):,} files, the fastest of {args.rounds} rounds (the files in the page cache after the first):")
    listing, looking, hashing = (min(column) for column in zip(*rows))
    print("| listing s | size and time of each s | hash of each s | hash / size and time |")
    print("|---|---|---|---|")
    print(f"| {listing:.1f} | {looking:.1f} | {hashing:.1f} | {hashing / looking:.0f}× |")


if __name__ == "__main__":
    main()
