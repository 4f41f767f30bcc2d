"""Every write of a file's rows: its articles, paragraphs and index entries."""
import json

from ..text.segment import index_text
from .ids import Ids, OldRecords, batches, kept_ids, placeholders
from .schema import ARTICLE_COLUMNS, ARTICLES, FILES, FTS_TABLE, PARAGRAPH_COLUMNS, PARAGRAPHS


# A file's old rows are removed this many paragraphs at a time: a big export's are never all in memory.
DELETE_BATCH = 5000
# The name a file's old articles are stored under while an update loads the file again (set_aside).
ASIDE = "\x00replaced/"


def delete_file(db, path: str, tokens=None):
    """Remove a source file's articles, paragraphs and index entries.
    tokens: index_tokens of the file's new rows, if it is being loaded again."""
    _delete(db, "source_file = ?", [path], tokens or {})
    db.execute(f"delete from {FILES} where path = ?", [path])


def set_aside(db, path: str) -> str:
    """Keep a file's old articles under another name while its new ones are
    written (ids.OldRecords takes them one by one); delete_file(db, the name
    returned) removes those left over."""
    db.execute(f"update {ARTICLES} set source_file = ? where source_file = ?", [ASIDE + path, path])
    db.execute(f"delete from {FILES} where path = ?", [path])
    return ASIDE + path


def index_tokens(result) -> dict:
    """{text: index text} of a processed file's (or part's) paragraphs. An update
    deletes an unchanged paragraph's old index entry with these tokens instead of
    segmenting its text again in the one writer: the index rules are unchanged, or
    the build would be a full one (store.fingerprint)."""
    return {p["text"]: p["index_text"] for article in result.get("articles", ()) for p in article["paragraphs"]}


def _delete(db, where: str, values: list, tokens: dict):
    """Remove the articles where holds, with their paragraphs and index entries, a batch at a time."""
    cursor = db.conn.execute(
        f"select p.id, p.text from {PARAGRAPHS} p join {ARTICLES} a on a.id = p.article_id where a.{where}", values)
    # A contentless FTS5 row is deleted by repeating the tokens it was indexed with.
    while rows := cursor.fetchmany(DELETE_BATCH):
        db.conn.executemany(f"insert into {FTS_TABLE}({FTS_TABLE}, rowid, text) values('delete', ?, ?)",
                            [(pid, tokens.get(text) or index_text(text)) for pid, text in rows])
    db.execute(f"delete from {PARAGRAPHS} where article_id in (select id from {ARTICLES} where {where})", values)
    db.execute(f"delete from {ARTICLES} where {where}", values)


def _insert(db, table, columns, rows):
    # Plain executemany: sqlite-utils' insert_all re-checks columns on every
    # batch, which costs more than the insert itself for millions of rows.
    names = list(columns)
    db.conn.executemany(
        f"insert into [{table}] ({', '.join(names)}) values ({', '.join('?' for _ in names)})",
        ([row[name] for name in names] for row in rows),
    )


def insert_file(db, result: dict, ids: Ids, old: list, first: bool = True):
    """Write one processed file, or one part of it: its articles, paragraphs
    and index entries. old: the file's articles before, from Ids.of_file
    (those whose ids this part takes are removed from it, so that a later
    part of the same file cannot take them again), or an ids.OldRecords for
    a big file. first: the file's first part."""
    articles, paragraphs, fts = [], [], []
    records = old if isinstance(old, OldRecords) else None
    if records:
        old = records.of(result["articles"])
    article_ids, paragraph_ids = kept_ids(old, result["articles"])
    taken = set(article_ids) - {None}
    if records and records.ids.previous is db.conn and taken:  # an update: the old rows go before their ids return
        tokens = index_tokens(result)
        for chunk in batches(sorted(taken), DELETE_BATCH):
            _delete(db, f"id in ({placeholders(chunk)})", chunk, tokens)
    used = {pid for pids in paragraph_ids for pid in pids}
    old[:] = [dict(article, paragraphs=[p for p in article["paragraphs"] if p[0] not in used])
              for article in old if article["id"] not in taken]
    for article, kept_article, kept_paragraphs in zip(result["articles"], article_ids, paragraph_ids):
        aid = ids.take("article", kept_article)
        row = {k: article.get(k) for k in ARTICLE_COLUMNS}
        row.update(id=aid, source_file=result["path"], paragraph_count=len(article["paragraphs"]))
        articles.append(row)
        for seq, (paragraph, kept) in enumerate(zip(article["paragraphs"], kept_paragraphs), start=1):
            pid = ids.take("paragraph", kept)
            paragraphs.append({
                "id": pid, "article_id": aid, "seq": seq, "kind": paragraph["kind"], "text": paragraph["text"],
                "city": row["city"], "province": row["province"], "district": row["district"],
                "date": row["date"], "year": row["year"], "month": row["month"],
                "places": json.dumps(paragraph.get("places", []), ensure_ascii=False),
            })
            fts.append((pid, paragraph["index_text"]))
    _insert(db, ARTICLES, ARTICLE_COLUMNS, articles)
    _insert(db, PARAGRAPHS, PARAGRAPH_COLUMNS, paragraphs)
    db.conn.executemany(f"insert into {FTS_TABLE}(rowid, text) values (?, ?)", fts)
    if first:
        db.conn.execute(
            f"insert or replace into {FILES} (path, sha256, bytes, encoding, articles, paragraphs, seen) "
            "values (?, ?, ?, ?, ?, ?, ?)",
            [result["path"], result["sha256"], result["bytes"], result["encoding"], len(articles), len(paragraphs),
             result.get("seen")],
        )
    else:
        db.conn.execute(f"update {FILES} set articles = articles + ?, paragraphs = paragraphs + ? where path = ?",
                        [len(articles), len(paragraphs), result["path"]])
    return len(articles), len(paragraphs)
