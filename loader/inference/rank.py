"""The place ranker: every city with evidence for it is a candidate, and so
is "no city"; each has features (where and how often it is named, whether the
hand rules chose it, a dateline, the outlet's home, a landmark...), and a
linear model scores them. The answer is the best-scored candidate and its
confidence the model's probability for it (a softmax over the article's
candidates), fitted by `python -m loader.dev.train_place` on the labelled
corpus, whose weights are data/place_weights.tsv.
"""
from __future__ import annotations

import contextlib
import functools
import math

from .gazetteer import DATA

# Not a feature: the confidence of "no city" for an article that gives no
# evidence of any city, the share of such articles whose truth has none.
NO_EVIDENCE = "@no evidence"


_trial = []  # weights set by use(): a model under evaluation


@contextlib.contextmanager
def use(w):
    """Rank with the weights w inside the block (a model trained without the
    source being measured)."""
    _trial.append(w)
    try:
        yield
    finally:
        _trial.pop()


def weights() -> dict:
    return _trial[-1] if _trial else _committed()


@functools.lru_cache(maxsize=1)
def _committed() -> dict:
    out = {}
    with open(DATA / "place_weights.tsv", encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                name, value = line.split("\t")
                out[name] = float(value)
    return out


def score(features: dict, w: dict) -> float:
    return sum(w.get(k, 0.0) * v for k, v in features.items())


def probabilities(candidates, w=None) -> list:
    """Softmax of the candidates' scores, in their order."""
    w = weights() if w is None else w
    scores = [score(f, w) for _, f in candidates]
    top = max(scores)
    exp = [math.exp(s - top) for s in scores]
    total = sum(exp)
    return [e / total for e in exp]


def choose(candidates, w=None):
    """(city code or None, probability) of the best candidate."""
    w = weights() if w is None else w
    if len(candidates) == 1:  # only "no city": nothing to weigh
        return candidates[0][0], w.get(NO_EVIDENCE, 0.5)
    p = probabilities(candidates, w)
    best = max(range(len(p)), key=p.__getitem__)
    return candidates[best][0], p[best]
