"""How many true paragraphs the loader rebuilds from real text in every layout.

A folder of JSONL files, one per source, each line an article: {"id", "source",
"date", "title", "paragraphs"}, and "genre" for a long formal document. Each article is laid out by loader.layouts in
every layout, with several generator seeds, and parsed; a true paragraph (the title counts as one) is
recovered when a rebuilt paragraph has exactly its text, compared without
whitespace and with full-width forms folded (NFKC). Metadata lines, captions
and page markers are not paragraphs of the text.
"""
import collections
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import click

from .layouts import BANDS, EXTRA_LAYOUTS, LAYOUTS, band, lay_out, laid_out
from ..ingest.layout import breaks, reading
from ..ingest.layout.kinds import line_kind, numbered
from ..ingest.parse import parse_lines, parse_text
from ..text.characters import CLOSING_MARKS, CLOSING_QUOTES, FULL_STOPS

NOT_TEXT = ("meta", "marker", "caption")
_SPACE = re.compile(r"\s+")


def normal(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def load(folder) -> list:
    """Articles of every *.jsonl file in folder, in file order."""
    articles = []
    for path in sorted(Path(folder).glob("*.jsonl")):
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                try:
                    article = json.loads(line)
                    if not (isinstance(article.get("paragraphs"), list) and article.get("title")):
                        raise ValueError("needs a title and a list of paragraphs")
                except ValueError as error:
                    raise ValueError(f"{path}:{number}: {error}") from None
                article.setdefault("source", path.stem)
                article.setdefault("date", "2020-01-01")
                articles.append(article)
    if not articles:
        raise ValueError(f"{folder}: no articles (*.jsonl files, one article per line)")
    return articles


SEEDS = (0, 1, 2)


@dataclass
class Result:
    seed: int
    source: str
    id: str
    layout: str
    true: int
    recovered: int
    missed: list = field(default_factory=list)
    genre: str = "news"
    band: str = "-"  # the column's width band, `-` for a page that is not wrapped
    settings: dict = field(default_factory=dict)  # how the column was set (layouts.laid_out)


def genre(article: dict) -> str:
    """news, or formal for a long formal document (its record names a genre: report, speech, ...)."""
    return "formal" if article.get("genre") else "news"


def score(article: dict, layout: str, seed: int = 0) -> Result:
    text, settings = laid_out(article, layout, seed)
    got = collections.Counter(
        normal(p.text) for a in parse_text(text) for p in a.paragraphs if p.kind not in NOT_TEXT)
    truth = [article["title"]] + article["paragraphs"]
    missed = []
    for paragraph in truth:
        key = normal(paragraph)
        if got[key] > 0:
            got[key] -= 1
        else:
            missed.append(paragraph)
    return Result(seed, article["source"], str(article.get("id")), layout, len(truth), len(truth) - len(missed), missed,
                  genre(article), band(settings.get("width", 0)), settings)


def evaluate(articles, layouts=LAYOUTS, seeds=SEEDS) -> list:
    return [score(article, layout, seed) for seed in seeds for article in articles for layout in layouts]


@dataclass
class Row:
    source: str  # a source, a genre or "all"
    layout: str
    true: int  # true paragraphs, summed over the seeds
    recovered: int
    share: float  # pooled over the seeds
    worst_seed: int
    worst_share: float  # the share at the worst seed
    band: str = "all"


def _rows(results, group) -> list:
    """Rows per group(result) and layout, with totals: the share pooled over the seeds and at the
    worst seed, so that one lucky layout of the corpus cannot pass a target."""
    sums = collections.defaultdict(lambda: [0, 0])
    for r in results:
        g = group(r)
        for key in ((g, r.layout), (g, "all"), ("all", r.layout), ("all", "all")):
            for seed in (r.seed, None):
                sums[key + (seed,)][0] += r.true
                sums[key + (seed,)][1] += r.recovered
    groups = sorted({group(r) for r in results}) + ["all"]
    layouts = [l for l in LAYOUTS + EXTRA_LAYOUTS if any(r.layout == l for r in results)] + ["all"]
    seeds = sorted({r.seed for r in results})
    rows = []
    for g in groups:
        for l in layouts:
            true, recovered = sums[g, l, None]
            if not true:
                continue
            share, seed = min((sums[g, l, seed][1] / sums[g, l, seed][0], seed) for seed in seeds if sums[g, l, seed][0])
            rows.append(Row(g, l, true, recovered, recovered / true, seed, share))
    return rows


def table(results) -> list:
    """Rows per source and layout, with totals."""
    return _rows(results, lambda r: r.source)


BAND_NAMES = tuple(f"{lo}-{hi}" for lo, hi in BANDS)
# The columns of the genre table: every band, and the bands from 12 up together.
WIDTHS = {BAND_NAMES[0]: BAND_NAMES[:1], "12-40": BAND_NAMES[1:], **{name: (name,) for name in BAND_NAMES[1:]}}


def genre_table(results) -> list:
    """Rows per genre and layout, for all widths and for each column of WIDTHS (band "all" first)."""
    rows = _rows(results, lambda r: r.genre)
    for name, bands in WIDTHS.items():
        for row in _rows([r for r in results if r.band in bands], lambda r: r.genre):
            row.band = name
            rows.append(row)
    return rows


def _cell(row) -> str:
    return f"{100 * row.share:.1f}% ({100 * row.worst_share:.1f})" if row else ""


def worst(results, n: int = 10) -> list:
    return sorted((r for r in results if r.missed), key=lambda r: (r.recovered / r.true, -r.true))[:n]


def count_junctures(articles, seeds=SEEDS) -> collections.Counter:
    """Where nothing on the page decides, how often each reading is right: in the layout `every`
    (files without indents), a line that reaches the column's edge and ends a sentence, with a
    full line two lines below and no number opening the next. Counts (genre, juncture, break)
    by whether a true paragraph ends there; juncture is "pushed" when the line stops short of the
    edge because the next line's first piece would not fit (breaks.pushed) and the next line is
    full (the loader goes on), "ragged" when the next
    line stops exactly an indent short of a ragged column (the loader opens a paragraph), "full"
    when it fills the column (the loader goes on, as after a pushed line)."""
    counts = collections.Counter()
    for seed in seeds:
        for article in articles:
            lines = [line for line in parse_lines(laid_out(article, "every", seed)[0]) if not line_kind(line.text)]
            layout = reading.read(lines)
            if not layout.wrapped or layout.indented:
                continue
            ends, at = set(), 0
            for paragraph in [article["title"]] + article["paragraphs"]:
                at += len(normal(paragraph))
                ends.add(at)
            whole, at = normal("".join([article["title"]] + article["paragraphs"])), 0
            for prev, line, nxt in zip(lines, lines[1:], lines[2:]):
                text = normal(prev.text)
                at += len(text)
                if whole[at - len(text):at] != text:
                    break  # a caption or a page marker dropped in: the rest of the file is not compared
                if not (prev.ends and breaks.fills(prev) and breaks.fills(nxt)) or line.indent or numbered(line.text):
                    continue
                if prev.pushed and breaks.fills(line):
                    counts[genre(article), "pushed", at in ends] += 1
                elif prev.tolerance > breaks.CLEAN_COLUMN and breaks.indent_short(layout, line):
                    counts[genre(article), "ragged", at in ends] += 1
                elif breaks.fills(line) and not breaks.opens(layout, line, nxt):
                    counts[genre(article), "full", at in ends] += 1
    return counts


# Where nothing on the page decides (a sentence ends at the column's edge, the next line is as full
# and carries no indent), what a reader can still weigh: how the next sentence opens and how the
# last one ends.
_SENTENCE_END = re.compile(f"[{FULL_STOPS}][{re.escape(CLOSING_MARKS)}]*")
_DATE_OPENER = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}日|今年|去年|昨天|昨日|今天|今日|日前|近日|此前|当天|当晚")
CONNECTIVES = ("据悉", "此外", "同时", "目前", "另外", "其中", "截至", "据了解", "另据", "与此同时", "据介绍", "对此",
               "随后", "下一步", "因此", "然而", "但是", "不过")


def _sentences(text: str) -> list:
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return [text[a:b] for a, b in zip([0] + ends, ends)]


def cues(last: str, opening: str) -> tuple:
    """What a reader sees at a sentence's end: how the next sentence opens (a number, a date, a
    quotation, a connective such as 据悉 or 此外, or otherwise), how the last one ends (a quotation
    closed, ！ or ？, 。) and how long it ran."""
    opens = ("number" if numbered(opening) else "date" if _DATE_OPENER.match(opening)
             else "quote" if opening[:1] in "“「" else "connective" if opening.startswith(CONNECTIVES) else "other")
    end = last.rstrip(CLOSING_MARKS.replace("”", ""))
    ends = "quote" if end[-1:] in CLOSING_QUOTES else "exclaims" if end[-1:] in "！？" else "stop"
    length = "short" if len(last) < 20 else "middle" if len(last) < 50 else "long"
    return (f"opens:{opens}", f"ends:{ends}", f"length:{length}")


def sentence_ends(articles) -> dict:
    """{source: [(cues, a paragraph break?)]} for every sentence's end followed by another sentence
    in the article's text."""
    out = collections.defaultdict(list)
    for article in articles:
        paragraphs = [_sentences(p) for p in article["paragraphs"]]
        for i, sentences in enumerate(paragraphs):
            for j, sentence in enumerate(sentences):
                following = sentences[j + 1] if j + 1 < len(sentences) else (
                    paragraphs[i + 1][0] if i + 1 < len(paragraphs) and paragraphs[i + 1]
                    and "".join(sentences) == article["paragraphs"][i] else None)
                if following:
                    out[article["source"]].append((cues(sentence, following), j + 1 == len(sentences)))
    return out


def _scorer(samples):
    """Naive Bayes over the cues, add-one smoothed: scorer(cues) says whether a break is likelier."""
    seen, n = collections.Counter(), collections.Counter()
    for found, is_break in samples:
        n[is_break] += 1
        seen.update((cue, is_break) for cue in found)

    def likelier_break(found) -> bool:
        score = {b: math.log(n[b] + 1) + sum(math.log((seen[cue, b] + 1) / (n[b] + 2)) for cue in found)
                 for b in (False, True)}
        return score[True] > score[False]
    return likelier_break


def leave_one_source_out(by_source: dict) -> list:
    """Per source held out: (source, sentence ends, breaks, share right joining always, joining
    unless a number opens (the loader's reading), and scoring the cues trained on the other sources)."""
    rows = []
    for source, samples in sorted(by_source.items()):
        likelier_break = _scorer([s for other, ss in by_source.items() if other != source for s in ss])
        breaks_ = sum(b for _, b in samples)
        numbered_ = sum(("opens:number" in c) == b for c, b in samples)
        scored = sum(likelier_break(c) == b for c, b in samples)
        rows.append((source, len(samples), breaks_, 1 - breaks_ / len(samples), numbered_ / len(samples),
                     scored / len(samples)))
    return rows


JUNCTURES = {"pushed": "opening with a piece too wide for the room left", "ragged": "an indent short of a ragged edge",
             "full": "full"}
CORPUS = "tests/data/paragraphs"  # in a checkout of the project


@click.command(name="paragraphs")
@click.argument("folder", default=CORPUS, type=click.Path(file_okay=False, exists=True))
@click.option("--layout", "layouts", multiple=True, type=click.Choice(LAYOUTS + EXTRA_LAYOUTS),
              help="Only these layouts (columns: a new column width every few paragraphs, on request only)")
@click.option("--source", "sources", multiple=True, help="Only these sources (JSONL file names)")
@click.option("--seeds", default=",".join(map(str, SEEDS)), show_default=True,
              help="Seeds of the layouts, comma-separated: each lays the corpus out anew")
@click.option("--seed", type=int, help="Only this seed")
@click.option("--worst", "n_worst", default=10, show_default=True, type=click.IntRange(0),
              help="How many of the worst files to show")
@click.option("--write", type=click.Path(file_okay=False), help="Also write every laid-out file to this folder")
@click.option("--junctures", is_flag=True,
              help="Only count, where nothing on the page decides, how often each reading is right")
@click.option("--cues", "score_cues", is_flag=True,
              help="Only score, at every sentence's end, what a reader weighs where the page does not decide "
                   "(how the next sentence opens), each source held out")
def paragraphs_command(folder, layouts, sources, seeds, seed, n_worst, write, junctures, score_cues):
    """Share of true paragraphs rebuilt exactly, by genre, layout and column width, and per source.

    FOLDER holds one JSONL file per source (default: the development corpus
    tests/data/paragraphs, run from a checkout); a record with a `genre` is a
    long formal document, the others news. Every article is laid out as a web
    page, a report under a timestamp line, and columns hard-wrapped at 8-40
    (blank line between paragraphs, blank line after every line, indented
    paragraphs and no blank lines), then parsed like a raw file. Each seed
    lays the corpus out anew (column width and how it is counted, indents,
    hanging, ragged edges, OCR spaces, extra blank lines, captions); the
    tables give the share pooled over the seeds and at the worst seed, for
    all widths, for each width band (8-11, 12-16, 17-24, 25-40) and for 12-40.

    \b
    Example:
        zh-news eval paragraphs
        zh-news eval paragraphs --seeds 0,1,2,3,4
        zh-news eval paragraphs --seed 2 --layout every --worst 20
        zh-news eval paragraphs --junctures
        zh-news eval paragraphs --cues
    """
    try:
        articles = load(folder)
    except ValueError as error:
        raise click.ClickException(str(error))
    if sources:
        articles = [a for a in articles if a["source"] in sources]
    layouts = layouts or LAYOUTS
    if seed is not None:
        seeds = [seed]
    else:
        try:
            seeds = [int(s) for s in seeds.split(",")]
        except ValueError:
            raise click.BadParameter(f"{seeds!r}: seeds are whole numbers separated by commas",
                                     param_hint="--seeds") from None
    if write:
        out = Path(write)
        out.mkdir(parents=True, exist_ok=True)
        for s in seeds:
            for article in articles:
                for layout in layouts:
                    name = f"{article['source']}-{article['id']}-{layout}-{s}.txt".replace("/", "_")
                    (out / name).write_text(lay_out(article, layout, s), encoding="utf-8")
    if score_cues:
        by_source = sentence_ends(articles)
        click.echo("| source held out | sentence ends | paragraph breaks | join always | join unless a number opens "
                   "| cues scored (trained on the other sources) |\n|---|---|---|---|---|---|")
        for source, n, breaks_, always, numbered_, scored in leave_one_source_out(by_source):
            click.echo(f"| {source} | {n} | {breaks_} | {100 * always:.1f}% | {100 * numbered_:.1f}% | {100 * scored:.1f}% |")
        pooled = collections.Counter((cue, b) for ss in by_source.values() for c, b in ss for cue in c)
        click.echo("\n| cue | sentence ends | a paragraph break |\n|---|---|---|")
        for cue in sorted({cue for cue, _ in pooled}):
            total = pooled[cue, True] + pooled[cue, False]
            click.echo(f"| {cue} | {total} | {100 * pooled[cue, True] / total:.1f}% |")
        return
    if junctures:
        counts = count_junctures(articles, seeds)
        for g in ("news", "formal"):
            for kind, reading_ in (("pushed", "goes on"), ("ragged", "opens a paragraph"), ("full", "goes on")):
                breaks_, total = counts[g, kind, True], counts[g, kind, True] + counts[g, kind, False]
                if total:
                    click.echo(f"{g}: a sentence's end at the edge, the next line {JUNCTURES[kind]}: a break "
                               f"{breaks_} of {total} ({100 * breaks_ / total:.1f}%); the loader {reading_}")
        return
    results = evaluate(articles, layouts, seeds)
    click.echo(f"{len(articles)} articles, seeds {', '.join(map(str, seeds))}\n")
    click.echo("Share of true paragraphs rebuilt, pooled over the seeds (at the worst seed), by genre, layout and "
               "column width band:\n")
    cells = {(r.source, r.layout, r.band): r for r in genre_table(results)}
    click.echo("| genre | layout | true paragraphs | all widths | " + " | ".join(WIDTHS) + " |\n"
               + "|---" * (4 + len(WIDTHS)) + "|")
    for (g, l, b), row in cells.items():
        if b == "all":
            click.echo(f"| {g} | {l} | {row.true} | {_cell(row)} | "
                       + " | ".join(_cell(cells.get((g, l, name))) for name in WIDTHS) + " |")
    click.echo("\nBy source:\n")
    click.echo("| source | layout | true paragraphs | recovered | share | worst seed |\n|---|---|---|---|---|---|")
    for row in table(results):
        click.echo(f"| {row.source} | {row.layout} | {row.true} | {row.recovered} | {100 * row.share:.1f}% "
                   f"| {100 * row.worst_share:.1f}% (seed {row.worst_seed}) |")
    if n_worst:
        click.echo("\nWorst files:")
        for r in worst(results, n_worst):
            setting = " ".join(f"{k}={v!r}" for k, v in r.settings.items())
            click.echo(f"  {r.source} {r.id} {r.layout} seed {r.seed}: {r.recovered}/{r.true}; "
                       f"first missed: {r.missed[0][:40]}" + (f"\n    ({setting})" if setting else ""))
