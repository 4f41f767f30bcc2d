"""Rebuild the JSONL files of this folder from the public repositories named in README.md.

Needs bare git snapshots of the repositories under MIRROR (see README.md).
Run from the repository root: python tests/data/paragraphs/extract.py
"""
import csv
import io
import json
import re
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
MIRROR = Path("/work/.mirror")
NEWSPAPERS = ("shenxingy+Chinese_newspaper_crawler", "HEAD")
DXY = ("BlankerL+DXY-COVID-19-Data", "23d9bbc5a4e0f0ff54a54a7a94b8c8e9246aa44b")  # DXYNews.csv, 2020-02-05
DXY_ARTICLES = 250
_ENDS = re.compile(r"[。！？!?…”’」』）)]$")


def _show(repo, spec):
    git_dir = MIRROR / repo / "repo"
    data = subprocess.run(["git", f"--git-dir={git_dir}", "show", spec], check=True, capture_output=True).stdout
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _clean(parts):
    return [" ".join(p.split()) for p in parts if p.strip()]


def xinmin():
    """新民晚报: paragraphs are separated by runs of four spaces."""
    for row in _show(NEWSPAPERS[0], f"{NEWSPAPERS[1]}:Sample_Datasets/XinMin.csv"):
        paragraphs = _clean(re.split(r"\s{3,}", row["content"]))
        if sum(map(len, paragraphs)) < 100:
            continue  # a pointer to the website, no text
        yield {"id": row["url"].rsplit("/", 2)[-2] + "/" + row["url"].rsplit("/", 1)[-1], "source": "xinmin",
               "date": row["date"], "title": " ".join(row["title"].split()), "paragraphs": paragraphs}


def cnki():
    """Shanghai dailies as listed by CNKI: one paragraph per line; the crawl cut the last one short."""
    for row in _show(NEWSPAPERS[0], f"{NEWSPAPERS[1]}:Sample_Datasets/CNKI.csv"):
        paragraphs = _clean(row["Contents"].split("\n"))
        if paragraphs and not _ENDS.search(paragraphs[-1]):
            paragraphs.pop()
        if len(paragraphs) < 2:
            continue
        yield {"id": row["Number"], "source": "cnki", "date": row["Date"], "title": row["Title"].strip(),
               "paragraphs": paragraphs}


def dxy():
    """DXY's feed of provincial and national COVID-19 news items: one paragraph per line."""
    rows, seen = [], set()
    for row in _show(DXY[0], DXY[1]):
        paragraphs = _clean(row["summary"].split("\n"))
        text = "".join(paragraphs)
        if len(text) < 60 or text in seen:
            continue
        seen.add(text)
        rows.append({"id": row["id"], "source": "dxy", "date": row["pubDate"][:10], "title": row["title"].strip(),
                     "publisher": row["infoSource"].strip(), "paragraphs": paragraphs})
    rows.sort(key=lambda r: int(r["id"]))
    multi = [r for r in rows if len(r["paragraphs"]) > 1]
    single = [r for r in rows if len(r["paragraphs"]) == 1]
    # Every multi-paragraph item, then single ones spread evenly over the feed.
    step = len(single) / (DXY_ARTICLES - len(multi))
    picked = multi + [single[int(i * step)] for i in range(DXY_ARTICLES - len(multi))]
    yield from sorted(picked, key=lambda r: int(r["id"]))


if __name__ == "__main__":
    for name, rows in (("xinmin", xinmin()), ("cnki", cnki()), ("dxy", dxy())):
        rows = list(rows)
        with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(name, len(rows), "articles", sum(len(r["paragraphs"]) for r in rows), "paragraphs")
