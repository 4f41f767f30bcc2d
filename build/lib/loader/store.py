"""The SQLite schema and every write to it."""
import collections
import json
import sqlite3

import sqlite_utils

from . import sources
from .segment import index_text

ARTICLE_COLUMNS = {
    "id": int, "source_file": str, "article_no": int, "title": str,
    "city": str, "province": str, "district": str,
    "date": str, "date_precision": str, "year": int, "month": str,
    "city_source": str, "city_confidence": float, "city_evidence": str,
    "date_source": str, "date_confidence": float, "date_evidence": str,
    "source": str, "keywords": str, "paragraph_count": int,
}
PARAGRAPH_COLUMNS = {
    "id": int, "article_id": int, "seq": int, "kind": str, "text": str,
    "city": str, "province": str, "district": str,
    "date": str, "year": int, "month": str, "places": str,
}
BUILD_TABLE = "build_info"  # what the build records about itself; the plugin recognises an archive by it
FILE_COLUMNS = {"path": str, "sha256": str, "bytes": int, "encoding": str, "articles": int, "paragraphs": int}
FACETED = ("city", "province", "year", "month", "kind", "date")
FTS_SQL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS paragraphs_fts USING fts5("
    "text, content='', tokenize='unicode61 remove_diacritics 0')"
)
# FTS5 writes its pending postings out as a new segment every hashsize bytes
# (1 MB by default) and merges segments automerge at a time (4). A bigger
# buffer and wider merges rewrite the postings less often: the one-writer
# insert of a 100,000-paragraph corpus ran 1.7-2.0x as fast (benchmarks/build.py).
FTS_CONFIG = {"hashsize": 64 << 20, "automerge": 8}


class Ids:
    """Article and paragraph ids: they follow the text, and are never given
    to other text.

    When a file is loaded again, its new articles and paragraphs take the
    ids of the old ones they continue (kept_ids); anything else gets the next
    free id. Dense ids keep the FTS5 index small: its doclists store rowid
    deltas, and paragraph ids of article × 10000 + seq made it a fifth
    larger. A file's old ids are read from the previous database as the file
    is loaded, so links stay valid across rebuilds, even full ones. The next
    free ids are kept in build_info, so the ids of deleted or edited text are
    never handed out again.
    """

    def __init__(self, previous: sqlite3.Connection | None):
        self.previous = previous
        self.next = {"article": 1, "paragraph": 1}
        if previous is None:
            return
        stored = dict(previous.execute("select key, value from build_info"))
        for kind, table in (("article", "articles"), ("paragraph", "paragraphs")):
            highest = previous.execute(f"select max(id) from {table}").fetchone()[0] or 0
            self.next[kind] = max(int(stored.get(f"next_{kind}_id", 0)), highest + 1)

    def of_file(self, path: str) -> list:
        """The file's articles as they were, in order: {"id", "article_no",
        "title", "paragraphs": [(id, text)] in reading order}; read them
        before deleting them."""
        if self.previous is None:
            return []
        articles = {}
        for aid, number, title, pid, text in self.previous.execute(
                "select a.id, a.article_no, a.title, p.id, p.text from articles a "
                "left join paragraphs p on p.article_id = a.id where a.source_file = ? order by a.article_no, p.seq",
                [path]):
            article = articles.setdefault(aid, {"id": aid, "article_no": number, "title": title, "paragraphs": []})
            if pid is not None:
                article["paragraphs"].append((pid, text))
        return list(articles.values())

    def take(self, kind: str, old: int | None) -> int:
        if old is not None:
            return old
        self.next[kind] += 1
        return self.next[kind] - 1

    def save(self, db):
        db.conn.executemany("insert or replace into build_info (key, value) values (?, ?)",
                            [(f"next_{kind}_id", str(value)) for kind, value in self.next.items()])


def kept_ids(old: list, articles: list) -> tuple:
    """The ids the new articles of a file keep from its old ones (Ids.of_file):
    (article id or None for each article, [paragraph id or None for each
    paragraph] for each article).

    - A paragraph keeps its id while its text is unchanged, wherever it moves
      in its file: first within its own article, then from any other article
      of the file. Identical paragraphs keep their ids in reading order. An
      edited paragraph is new text and gets a new id.
    - An article keeps the id of the old article it shares the most
      paragraph texts with (ties: the one at the same place in the file),
      else of an old article with the same title; each old id goes to one
      article at most.
    """
    owners = collections.defaultdict(set)  # text -> the old articles that have it
    for j, article in enumerate(old):
        for _, text in article["paragraphs"]:
            owners[text].add(j)
    candidates = []
    for i, article in enumerate(articles):
        shared = collections.Counter(j for p in article["paragraphs"] for j in owners.get(p["text"], ()))
        candidates += [(-n, old[j]["article_no"] != article["article_no"], i, j) for j, n in shared.items()]
    candidates += [(1, old[j]["article_no"] != article["article_no"], i, j)
                   for i, article in enumerate(articles) for j, previous in enumerate(old)
                   if article.get("title") and previous["title"] == article["title"]]
    continues = {}  # new article index -> old article index
    for _, _, i, j in sorted(candidates):
        if i not in continues and j not in continues.values():
            continues[i] = j
    pools = [collections.defaultdict(collections.deque) for _ in old]
    for pool, article in zip(pools, old):
        for pid, text in article["paragraphs"]:
            pool[text].append(pid)
    paragraph_ids = []
    for i, article in enumerate(articles):
        pool = pools[continues[i]] if i in continues else {}
        paragraph_ids.append([pool[p["text"]].popleft() if pool.get(p["text"]) else None
                              for p in article["paragraphs"]])
    moved = collections.defaultdict(collections.deque)  # ids left over: text that moved to another article
    for pool in pools:
        for text, pids in pool.items():
            moved[text].extend(pids)
    for article, pids in zip(articles, paragraph_ids):
        for k, paragraph in enumerate(article["paragraphs"]):
            if pids[k] is None and moved.get(paragraph["text"]):
                pids[k] = moved[paragraph["text"]].popleft()
    return [old[continues[i]]["id"] if i in continues else None for i in range(len(articles))], paragraph_ids


def ensure_tables(db: sqlite_utils.Database):
    """Create what is missing, columns included: a column a newer loader
    adds is added to an older database by its next update, no rebuild
    needed (its values arrive as files are read again; --full fills them all)."""
    for table, columns in (("articles", ARTICLE_COLUMNS), ("paragraphs", PARAGRAPH_COLUMNS), ("files", FILE_COLUMNS)):
        if table in db.table_names():
            have = db[table].columns_dict
            for name, kind in columns.items():
                if name not in have:
                    db[table].add_column(name, kind)
    if "articles" not in db.table_names():
        db["articles"].create(ARTICLE_COLUMNS, pk="id", not_null={"source_file", "article_no"})
    if "paragraphs" not in db.table_names():
        db["paragraphs"].create(
            PARAGRAPH_COLUMNS, pk="id", not_null={"article_id", "seq", "kind", "text"},
            foreign_keys=[("article_id", "articles", "id")],
        )
    if "files" not in db.table_names():
        db["files"].create(FILE_COLUMNS, pk="path")
    if BUILD_TABLE not in db.table_names():
        db[BUILD_TABLE].create({"key": str, "value": str}, pk="key")
    if sources.TABLE not in db.table_names():
        db[sources.TABLE].create(sources.COLUMNS, pk="label", not_null={"path"})
        db[sources.TABLE].create_index(["path"], unique=True)
    ensure_fts(db)


def ensure_fts(db, config=FTS_CONFIG):
    """The FTS5 table and its settings, which it keeps in the database; db may be a sqlite3 connection."""
    db.execute(FTS_SQL)
    for name, value in config.items():
        db.execute("insert into paragraphs_fts(paragraphs_fts, rank) values (?, ?)", [name, value])


def ensure_shape(db: sqlite_utils.Database):
    """Indexes and views; run at the end of every build."""
    ensure_tables(db)
    db["articles"].create_index(["source_file", "article_no"], unique=True, if_not_exists=True)
    for column in ("city", "province", "year", "date"):
        db["articles"].create_index([column], if_not_exists=True)
    db["paragraphs"].create_index(["article_id", "seq"], if_not_exists=True)
    for column in FACETED:
        db["paragraphs"].create_index([column], if_not_exists=True)


def file_hashes(db) -> dict:
    return {row[0]: row[1] for row in db.execute("select path, sha256 from files")}


def delete_file(db, path: str):
    """Remove a source file's articles, paragraphs and index entries."""
    rows = db.execute(
        "select p.id, p.text from paragraphs p join articles a on a.id = p.article_id where a.source_file = ?",
        [path],
    ).fetchall()
    # A contentless FTS5 row is deleted by repeating the tokens it was indexed with.
    db.conn.executemany(
        "insert into paragraphs_fts(paragraphs_fts, rowid, text) values('delete', ?, ?)",
        ((pid, index_text(text)) for pid, text in rows),
    )
    db.execute("delete from paragraphs where article_id in (select id from articles where source_file = ?)", [path])
    db.execute("delete from articles where source_file = ?", [path])
    db.execute("delete from files where path = ?", [path])


def _insert(db, table, columns, rows):
    # Plain executemany: sqlite-utils' insert_all re-checks columns on every
    # batch, which costs more than the insert itself for millions of rows.
    names = list(columns)
    db.conn.executemany(
        f"insert into [{table}] ({', '.join(names)}) values ({', '.join('?' for _ in names)})",
        ([row[name] for name in names] for row in rows),
    )


def insert_file(db, result: dict, ids: Ids, old: list):
    """Write one processed file: its articles, paragraphs and index entries.
    old: the file's articles before, from Ids.of_file."""
    articles, paragraphs, fts = [], [], []
    article_ids, paragraph_ids = kept_ids(old, result["articles"])
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
    _insert(db, "articles", ARTICLE_COLUMNS, articles)
    _insert(db, "paragraphs", PARAGRAPH_COLUMNS, paragraphs)
    db.conn.executemany("insert into paragraphs_fts(rowid, text) values (?, ?)", fts)
    db.conn.execute(
        "insert or replace into files (path, sha256, bytes, encoding, articles, paragraphs) values (?, ?, ?, ?, ?, ?)",
        [result["path"], result["sha256"], result["bytes"], result["encoding"], len(articles), len(paragraphs)],
    )
    return len(articles), len(paragraphs)
