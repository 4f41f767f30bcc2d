"""Every write of a file's rows: its articles, paragraphs and index entries."""
import json

from ..text.segment import index_text
from .ids import Ids, kept_ids
from .schema import ARTICLE_COLUMNS, ARTICLES, FILES, FTS_TABLE, PARAGRAPH_COLUMNS, PARAGRAPHS


def delete_file(db, path: str):
    """Remove a source file's articles, paragraphs and index entries."""
    rows = db.execute(
        f"select p.id, p.text from {PARAGRAPHS} p join {ARTICLES} a on a.id = p.article_id where a.source_file = ?",
        [path],
    ).fetchall()
    # A contentless FTS5 row is deleted by repeating the tokens it was indexed with.
    db.conn.executemany(
        f"insert into {FTS_TABLE}({FTS_TABLE}, rowid, text) values('delete', ?, ?)",
        ((pid, index_text(text)) for pid, text in rows),
    )
    db.execute(f"delete from {PARAGRAPHS} where article_id in (select id from {ARTICLES} where source_file = ?)",
               [path])
    db.execute(f"delete from {ARTICLES} where source_file = ?", [path])
    db.execute(f"delete from {FILES} where path = ?", [path])


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
    and index entries. old: the file's articles before, from Ids.of_file;
    those whose ids this part takes are removed from it, so that a later
    part of the same file cannot take them again. first: the file's first part."""
    articles, paragraphs, fts = [], [], []
    article_ids, paragraph_ids = kept_ids(old, result["articles"])
    taken = set(article_ids)
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
            f"insert or replace into {FILES} (path, sha256, bytes, encoding, articles, paragraphs) "
            "values (?, ?, ?, ?, ?, ?)",
            [result["path"], result["sha256"], result["bytes"], result["encoding"], len(articles), len(paragraphs)],
        )
    else:
        db.conn.execute(f"update {FILES} set articles = articles + ?, paragraphs = paragraphs + ? where path = ?",
                        [len(articles), len(paragraphs), result["path"]])
    return len(articles), len(paragraphs)
