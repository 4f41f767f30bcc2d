"""Fit the place ranker's weights (inference/rank.py) on the labelled corpus
and write them to inference/data/place_weights.tsv:

    python -m loader.dev.train_place [tests/data/metadata]

A multinomial logistic regression over each article's candidates (every city
with evidence, and "no city"), fitted by gradient descent with an L2 penalty;
pure Python, so neither the build nor the evaluation needs a new dependency.
Articles whose true city is "unknown", or is none of the candidates, teach
nothing and are left out.
"""
import math
import sys
from pathlib import Path

from ..inference import rank
from ..inference.gazetteer import DATA, gazetteer

L2 = 0.002
STEPS = 1000
RATE = 1.0


def examples(outcomes) -> list:
    """(candidates, index of the right one) for each article that can teach."""
    g = gazetteer()
    out = []
    for o in outcomes:
        truth = o.record.get("city")
        candidates = o.row.get("city_candidates")
        if truth == "unknown" or not candidates:
            continue
        names = [g.name[code] if code else None for code, _ in candidates]
        if truth in names and len(candidates) > 1:
            out.append((candidates, names.index(truth)))
    return out


def train(outcomes) -> dict:
    """The weights fitted on these outcomes, and the share right of "no city"
    where an article gives no evidence of any (right + 1) / (answers + 2)."""
    w = fit(examples(outcomes))
    bare = [o.record.get("city") is None for o in outcomes
            if o.record.get("city") != "unknown" and len(o.row.get("city_candidates") or ()) == 1]
    w[rank.NO_EVIDENCE] = (sum(bare) + 1) / (len(bare) + 2)
    return w


def fit(data, steps=STEPS, rate=RATE, l2=L2) -> dict:
    """Weights that maximise the log-likelihood of the right candidates,
    less an L2 penalty; plain gradient descent with momentum."""
    names = sorted({k for candidates, _ in data for _, f in candidates for k in f})
    w = dict.fromkeys(names, 0.0)
    velocity = dict.fromkeys(names, 0.0)
    n = len(data) or 1
    for _ in range(steps):
        grad = {k: l2 * v for k, v in w.items()}
        for candidates, right in data:
            p = rank.probabilities(candidates, w)
            for i, (_, f) in enumerate(candidates):
                d = (p[i] - (i == right)) / n
                if d:
                    for k, v in f.items():
                        grad[k] += d * v
        for k in names:
            velocity[k] = 0.9 * velocity[k] - rate * grad[k]
            w[k] += velocity[k]
    return w


def log_loss(data, w) -> float:
    return -sum(math.log(max(rank.probabilities(c, w)[right], 1e-12)) for c, right in data) / (len(data) or 1)


def write(w, path=DATA / "place_weights.tsv", corpus="", n=0):
    lines = ["# Weights of the place ranker (inference/rank.py): feature, weight; "
             f"'{rank.NO_EVIDENCE}' is the confidence of no city where nothing names one.",
             f"# Fitted by `python -m loader.dev.train_place {corpus}` on {n} articles", "# (regenerate, never edit)."]
    lines += [f"{k}\t{v:.4f}" for k, v in sorted(w.items())]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv):
    from .eval_metadata import evaluate

    corpus = argv[0] if argv else "tests/data/metadata"
    outcomes = evaluate(corpus)
    data = examples(outcomes)
    w = train(outcomes)
    write(w, corpus=corpus, n=len(data))
    print(f"{len(data)} articles, log loss {log_loss(data, w):.3f}")
    for k, v in sorted(w.items(), key=lambda kv: -abs(kv[1])):
        print(f"  {k:24} {v:8.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
