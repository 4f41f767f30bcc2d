"""The sample newspaper dumps in seeds/ rebuilt paragraph by paragraph: every
article's kinds and texts, against tests/data/seeds-paragraphs.json (the
output of the parser before the layout model, which was right on the seeds).
A sentence split mid-phrase, a heading cut out of a sentence or an ornament
glued onto text fails here."""
import json
from pathlib import Path

import pytest

from loader.ingest.parse import parse_text

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = json.loads((ROOT / "tests" / "data" / "seeds-paragraphs.json").read_text(encoding="utf-8"))

# Intended differences from the expected file, per seed: (paragraphs expected,
# paragraphs rebuilt). A full line ending a sentence at the column's edge,
# followed by a full line, shows no paragraph break in its layout: the
# loader keeps such lines together (two paragraphs become one, no sentence is cut).
# The next line is not short by a lost indent, and its opening words (`目前，`,
# `为…`, `2021年`) open sentences inside paragraphs as well as paragraphs.
MERGED = {
    "000_6e14d6ca0b2c9a00.txt": [("与此同时，市公安局积极推动", "目前，全市已建成并联网的集门禁")],
    "003_ea18962126a94bbe.txt": [("2021年以来，该局始终牢记", "为提升打击效能，该局以"),
                                 ("该局以文明单位建设为统揽", "2021年通过市文明办审核")],
}


def expected(name):
    articles = [[list(p) for p in article] for article in EXPECTED[name]]
    for first, second in MERGED.get(name, []):
        for article in articles:
            i = next((i for i, p in enumerate(article) if p[1].startswith(first)), None)
            if i is not None:
                assert article[i + 1][1].startswith(second), (name, second)
                article[i:i + 2] = [["body", article[i][1] + article[i + 1][1]]]
    return articles


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_paragraphs(name):
    text = (ROOT / "seeds" / name).read_text(encoding="utf-8")
    got = [[[p.kind, p.text] for p in article.paragraphs] for article in parse_text(text)]
    assert got == expected(name)
