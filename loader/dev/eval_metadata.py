"""Measure city, province and date inference against a labelled corpus.

A corpus is a folder of JSON Lines files, one article a line:

    {"id": "...", "source": "dxy", "layout": "timestamp", "text": "<the file as a user brings it>",
     "city": "上海市" | null | "unknown", "province": "上海市" | null | "unknown",
     "date": "2020-02-03" (YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source), ...}

Each text goes through the build's own pipeline (decode, parse_text,
articles_of, metadata.resolve) exactly as a file of a source folder would,
with no manifest but the one a user holding a corpus of one outlet writes:
a record's "outlet" (the paper whose archive or export it comes from, when
its text does not say) is the folder's `source:`. "unknown" labels are left
out of that measure. Records
are split by a hash of their id into a calibration part and a held-out part
(one in three), so the confidence tables can be checked on articles they
were not fitted to.
"""
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..inference import rank
from ..ingest.manifest import EVERY
from ..store.build import articles_of, decode

UNKNOWN = "unknown"
# Layouts whose text carries a publication line (see tests/data/metadata/README.md).
DATED_LAYOUTS = ("timestamp", "chrome", "glued")
BANDS = (0.0, 0.5, 0.8, 0.9, 0.95, 1.01)


@dataclass
class Outcome:
    record: dict
    row: dict
    held_out: bool
    checks: dict = field(default_factory=dict)  # measure -> True/False (absent: not measured)


def load_corpus(folder) -> list:
    records = []
    for path in sorted(Path(folder).glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise ValueError(f"{path}:{n}: not valid JSON: {error}") from None
    return records


def held_out(record_id: str) -> bool:
    return int(hashlib.sha256(record_id.encode()).hexdigest(), 16) % 3 == 0


def infer_record(record) -> dict:
    """The metadata row the build stores for this text's main article."""
    text, _ = decode(record["text"].encode("utf-8"))
    entries = {EVERY: {"source": record["outlet"]}} if record.get("outlet") else {}
    rows = [row for _, row, texts in articles_of(text, entries) if texts] or [
        row for _, row, _ in articles_of(text, entries)]
    return rows[0]


def _date_parts(value):
    return (value or "").split("-") if value else []


def check(record, row) -> dict:
    checks = {}
    for measure in ("city", "province"):
        truth = record.get(measure)
        if truth != UNKNOWN:
            checks[measure] = row.get(measure) == truth
    truth = _date_parts(record.get("date"))
    got = _date_parts(row.get("date"))
    for i, measure in enumerate(("year", "month", "day")):
        if len(truth) > i:
            checks[measure] = got[: i + 1] == truth[: i + 1]
    return checks


def evaluate(folder, outlets=True) -> list:
    """outlets=False: each text alone, without its record's outlet."""
    return [_outcome(record if outlets else {k: v for k, v in record.items() if k != "outlet"})
            for record in load_corpus(folder)]


def _outcome(record) -> Outcome:
    try:
        row = infer_record(record)
    except Exception as error:  # noqa: BLE001 -- a crash is a measured failure, not the end of the run
        row = {"city": None, "province": None, "date": None, "date_precision": None, "city_confidence": 0.0,
               "date_confidence": 0.0, "city_evidence": json.dumps([f"error: {error}"]),
               "date_evidence": json.dumps([f"error: {error}"])}
    return Outcome(record, row, held_out(record["id"]), check(record, row))


def leave_one_source_out(outcomes) -> list:
    """Each source measured with a ranker trained without it: the outcomes of
    a user's corpus the model has never seen. (The hand rules the ranker
    weighs were written on the first six sources; see BENCHMARKS.md.)"""
    from .train_place import train

    out = []
    for source in sorted({o.record["source"] for o in outcomes}):
        w = train([o for o in outcomes if o.record["source"] != source])
        with rank.use(w):
            out += [_outcome(o.record) for o in outcomes if o.record["source"] == source]
    return out


def high_band(group, level=0.8):
    """(cities answered at confidence >= level, right among them, articles
    whose truth has a city, of them answered in that band)."""
    band = [o for o in group if o.row.get("city") and "city" in o.checks and o.row["city_confidence"] >= level]
    with_city = [o for o in group if o.record.get("city") not in (None, UNKNOWN)]
    held = [o for o in with_city if o in band]
    return len(band), sum(o.checks["city"] for o in band), len(with_city), len(held)


def loso_report(pooled, loso) -> str:
    """Pooled figures (the ranker trained on every source) beside
    leave-one-source-out ones, per source and overall."""
    lines = ["Leave-one-source-out: each source scored by a ranker trained without it", "",
             f"{'':24}{'city pooled':>20}{'city LOSO':>20}{'province pooled':>20}{'province LOSO':>20}"
             f"{'LOSO conf >= 0.8: right':>26}{'holding':>22}"]
    for source in sorted({o.record["source"] for o in pooled}) + [None]:
        label = f"source {source}" if source else "all"
        p = [o for o in pooled if source in (None, o.record["source"])]
        q = [o for o in loso if source in (None, o.record["source"])]
        n, right, with_city, held = high_band(q)
        lines.append(f"{label:24}" + "".join(f"{_pct(*accuracy(g, m)):>20}" for m in ("city", "province")
                                               for g in (p, q))
                     + f"{_pct(right, n):>26}{_pct(held, with_city):>22}")
    return "\n".join(lines)


def accuracy(outcomes, measure):
    marks = [o.checks[measure] for o in outcomes if measure in o.checks]
    return (sum(marks), len(marks))


def reliability(outcomes, kind):
    """(low, high, n, right, mean confidence) per band, for answers given.
    kind: "city" (an inferred city) or "date" (an inferred date, right at its own precision)."""
    points = []
    for o in outcomes:
        if kind == "city":
            if o.row.get("city") and "city" in o.checks:
                points.append((o.row["city_confidence"], o.checks["city"]))
        else:
            measure = {"year": "year", "month": "month", "day": "day"}.get(o.row.get("date_precision"))
            if measure and measure in o.checks:
                points.append((o.row["date_confidence"], o.checks[measure]))
    table = []
    for low, high in zip(BANDS, BANDS[1:]):
        inside = [(c, r) for c, r in points if low <= c < high]
        if inside:
            table.append((low, min(high, 1.0), len(inside), sum(r for _, r in inside),
                          sum(c for c, _ in inside) / len(inside)))
    return table, points


def _pct(right, n):
    return f"{100 * right / n:5.1f}% ({right}/{n})" if n else "    -"


def report(outcomes, worst=15) -> str:
    lines = []
    groups = [("all", outcomes), ("calibration part", [o for o in outcomes if not o.held_out]),
              ("held-out part", [o for o in outcomes if o.held_out])]
    dated = [o for o in outcomes if o.record.get("layout") in DATED_LAYOUTS]
    undated = [o for o in outcomes if o.record.get("layout") not in DATED_LAYOUTS]
    lines.append(f"{len(outcomes)} articles from {len({o.record['source'] for o in outcomes})} sources "
                 f"({len(dated)} with a publication line, {len(undated)} without)")
    lines.append("")
    header = f"{'':28}" + "".join(f"{m:>20}" for m in ("city", "province", "year", "month", "day"))
    lines.append(header)

    def line(label, group):
        return f"{label:28}" + "".join(f"{_pct(*accuracy(group, m)):>20}"
                                       for m in ("city", "province", "year", "month", "day"))

    for label, group in groups:
        lines.append(line(label, group))
    lines.append(line("with a publication line", dated))
    lines.append(line("  held-out", [o for o in dated if o.held_out]))
    lines.append(line("without one", undated))
    for source in sorted({o.record["source"] for o in outcomes}):
        lines.append(line(f"source {source}", [o for o in outcomes if o.record["source"] == source]))
    wrong_dates = [o for o in undated if o.row.get("date") and not all(
        o.checks.get(m, True) for m in ("year", "month", "day")[: len(_date_parts(o.row["date"]))])]
    lines.append(f"without a publication line: {sum(1 for o in undated if o.row.get('date'))} dated, "
                 f"{len(wrong_dates)} of them wrong at the precision given")
    for kind in ("city", "date"):
        for label, group in groups[1:]:
            table, points = reliability(group, kind)
            lines.append("")
            lines.append(f"Reliability of {kind} confidence, {label} ({len(points)} answers):")
            lines.append(f"  {'band':>12} {'answers':>8} {'right':>8} {'share right':>12} {'mean conf':>10}")
            for low, high, n, right, mean in table:
                lines.append(f"  {low:4.2f}-{high:4.2f}   {n:8} {right:8} {right / n:12.2f} {mean:10.2f}")
            if kind == "city":
                high = [r for c, r in points if c >= 0.8]
                lines.append(f"  confidence >= 0.8: {len(high)} of {len(points)} cities "
                             f"({_pct(len(high), len(points)).strip()}), right {_pct(sum(high), len(high)).strip()}")
    misses = []
    for o in outcomes:
        given = len(_date_parts(o.row.get("date")))
        for measure, ok in o.checks.items():
            # a date answer that stops at the month says nothing wrong about the day
            if not ok and not (measure in ("month", "day") and 0 < given <= ("year", "month", "day").index(measure)):
                conf = o.row["city_confidence"] if measure in ("city", "province") else o.row["date_confidence"]
                misses.append((conf, measure, o))
    misses.sort(key=lambda m: -m[0])
    lines.append("")
    lines.append(f"Worst misses (most confident first; {len(misses)} misses in all):")
    shown = set()
    for conf, measure, o in misses:
        if len(shown) >= worst:
            break
        key = (o.record["id"], measure in ("city", "province"))
        if key in shown:
            continue
        shown.add(key)
        if measure in ("city", "province"):
            got = f"{o.row.get('province')} {o.row.get('city')}"
            truth = f"{o.record.get('province')} {o.record.get('city')}"
            evidence = json.loads(o.row["city_evidence"])
        else:
            got = f"{o.row.get('date')}"
            truth = o.record.get("date")
            evidence = json.loads(o.row["date_evidence"])
        lines.append(f"  {conf:.2f} {measure:8} {o.record['id']} [{o.record.get('layout')}]: "
                     f"got {got}, truth {truth}; evidence: {'; '.join(evidence)[:90]}")
    return "\n".join(lines)


def calibration(outcomes) -> str:
    """Share right per kind of evidence, on each part: the figures the
    CONFIDENCE tables of inference/place.py and inference/date.py are set to."""
    lines = []
    for kind, measure in (("city", "city"), ("date", None)):
        lines.append(f"{kind} basis{'':26}{'calibration part':>20}{'held-out part':>20}  confidence now")
        bases = sorted({o.row.get(f"{kind}_basis") or "-" for o in outcomes})
        for basis in bases:
            cells = []
            for part in (False, True):
                marks = []
                for o in outcomes:
                    if o.held_out != part or (o.row.get(f"{kind}_basis") or "-") != basis:
                        continue
                    if kind == "city":
                        if "city" in o.checks and "province" in o.checks:
                            marks.append(o.checks["city"] and o.checks["province"])
                    else:
                        got = _date_parts(o.row.get("date"))
                        checks = [o.checks[m] for m in ("year", "month", "day")[: len(got)] if m in o.checks]
                        if got and len(checks) == len(got):
                            marks.append(all(checks))
                cells.append(_pct(sum(marks), len(marks)))
            conf = {o.row[f"{kind}_confidence"] for o in outcomes if (o.row.get(f"{kind}_basis") or "-") == basis}
            lines.append(f"  {basis:30}{cells[0]:>20}{cells[1]:>20}  {', '.join(f'{c:.2f}' for c in sorted(conf))}")
        lines.append("")
    return "\n".join(lines)
