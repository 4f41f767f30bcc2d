"""Builds of a large archive: nothing changed, one file added, that file removed,
and with --full-builds a full rebuild of every file.

    python benchmarks/updates.py --paragraphs 100000 --rounds 5 --baseline /tmp/main-checkout

Each checkout (this one, and --baseline if given: another checkout of the
project, run with this Python) builds its own database of the same synthetic
corpus once, then, round after round, takes turns with the other on each
kind of update, so that both see the same machine load. Prints the median
seconds of each kind and the ratio this / baseline.
"""
import argparse
import statistics
from pathlib import Path

from common import ROOT, corpus, machine, taking_turns, timed_build

ADDED = "zz-update-bench.txt"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="another checkout of the project to compare with")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/zh-news-bench"))
    parser.add_argument("--full-builds", action="store_true", help="also time a full rebuild in every round")
    args = parser.parse_args()
    kinds = ("no-op", "add one file", "remove it") + (("full rebuild",) if args.full_builds else ())
    args.workdir.mkdir(parents=True, exist_ok=True)
    folder = corpus(args.workdir, args.paragraphs)
    checkouts = {"this": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    print(f"machine: {machine()}; {args.paragraphs:,} paragraphs; {args.rounds} rounds")
    dbs = {}
    for name, checkout in checkouts.items():
        dbs[name] = args.workdir / f"updates-{name}.db"
        dbs[name].unlink(missing_ok=True)
        seconds, _, line, _ = timed_build(folder, dbs[name], "--full", checkout=checkout)
        print(f"{name} ({checkout}): full build {seconds:.1f} s ({line})", flush=True)
    extra = folder / ADDED
    template = sorted(folder.glob("*.txt"))[0].read_text(encoding="utf-8")
    times = {(name, kind): [] for name in checkouts for kind in kinds}
    try:
        for round_no in range(args.rounds):
            order = taking_turns(checkouts, round_no)
            for kind in kinds:
                if kind == "add one file":
                    extra.write_text(template + f"\n\n独一无二的增量测试段落{round_no}。\n", encoding="utf-8")
                elif kind == "remove it":
                    extra.unlink()
                full = ("--full",) if kind == "full rebuild" else ()
                for name in order:
                    seconds, _, line, _ = timed_build(folder, dbs[name], *full, checkout=checkouts[name])
                    times[name, kind].append(seconds)
    finally:
        extra.unlink(missing_ok=True)
    print("| update | " + " | ".join(f"{name} s (median)" for name in checkouts)
          + (" | this / baseline |" if args.baseline else " |"))
    print("|---|" + "---|" * (len(checkouts) + bool(args.baseline)))
    for kind in kinds:
        medians = [statistics.median(times[name, kind]) for name in checkouts]
        ratio = f" {medians[0] / medians[1]:.2f} |" if args.baseline else ""
        print(f"| {kind} | " + " | ".join(f"{m:.2f}" for m in medians) + " |" + ratio)
    print("all times: " + "; ".join(f"{name} {kind}: " + " ".join(f"{s:.2f}" for s in values)
                                    for (name, kind), values in times.items()))


if __name__ == "__main__":
    main()
