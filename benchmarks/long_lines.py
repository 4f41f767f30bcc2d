"""Parse time of one file against its number of lines, where every line goes on
into the next (a long document whose lines end on commas, a blank line after
each): the paragraph grows with the file, and its parse must stay linear.

    python benchmarks/long_lines.py --lines 20000 40000 80000 160000

Prints, for each size, the file's characters, the parse_text time (best of
--rounds) and the time per 1,000 lines; a time per line that stays flat as the
file doubles is linear.
"""
import argparse
import random
import time

from common import machine

from loader.ingest.parse import parse_text

CHARACTERS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法"


def text_of(lines: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    return "\n\n".join("".join(rng.choice(CHARACTERS) for _ in range(rng.randint(20, 60))) + "，"
                       for _ in range(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, nargs="+", default=[20000, 40000, 80000, 160000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print("| lines | characters | parse_text s (best of {}) | ms per 1,000 lines |".format(args.rounds))
    print("|---|---|---|---|")
    for lines in args.lines:
        text = text_of(lines)
        best = min(_timed(text) for _ in range(args.rounds))
        print(f"| {lines:,} | {len(text):,} | {best:.2f} | {1000 * best / lines * 1000:.1f} |")


def _timed(text) -> float:
    start = time.perf_counter()
    parse_text(text)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
