"""Article and paragraph ids that follow their text across rebuilds."""
import collections
import sqlite3

from .schema import ARTICLES, BUILD_TABLE, FILES, OLD_KEYS, PARAGRAPHS, columns

# A file that had more articles than this is not read into memory whole when it
# is loaded again: its old articles are looked up a part at a time (OldRecords).
OLD_ARTICLES_IN_MEMORY = 2000
BATCH = 500  # values bound to one `in (...)` query


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
        stored = dict(previous.execute(f"select key, value from {BUILD_TABLE}"))
        for kind, table in (("article", ARTICLES), ("paragraph", PARAGRAPHS)):
            highest = previous.execute(f"select max(id) from {table}").fetchone()[0] or 0
            self.next[kind] = max(int(stored.get(f"next_{kind}_id", 0)), highest + 1)
        # A database built before articles had a url column has none to read.
        self.url = "a.url" if "url" in columns(previous, ARTICLES) else "null"

    def of_file(self, path: str) -> list:
        """The file's articles as they were, in order: {"id", "article_no",
        "title", "key" (article_key), "paragraphs": [(id, text)] in reading
        order}; read them before deleting them."""
        return self._articles("a.source_file = ?", [path]) if self.previous is not None else []

    def _articles(self, where: str, values: list) -> list:
        articles = {}
        for aid, number, title, url, date, pid, text in self.previous.execute(
                f"select a.id, a.article_no, a.title, {self.url}, a.date, p.id, p.text "
                f"from {ARTICLES} a left join {PARAGRAPHS} p on p.article_id = a.id where {where} "
                "order by a.article_no, p.seq", values):
            article = articles.setdefault(aid, {"id": aid, "article_no": number, "title": title,
                                                "key": article_key(url, title, date), "paragraphs": []})
            if pid is not None:
                article["paragraphs"].append((pid, text))
        return list(articles.values())

    def is_big(self, path: str) -> bool:
        """Whether the file had too many articles to hold its old rows in memory (OLD_ARTICLES_IN_MEMORY)."""
        if self.previous is None:
            return False
        row = self.previous.execute(f"select articles from {FILES} where path = ?", [path]).fetchone()
        return bool(row and row[0] and row[0] > OLD_ARTICLES_IN_MEMORY)

    def take(self, kind: str, old: int | None) -> int:
        if old is not None:
            return old
        self.next[kind] += 1
        return self.next[kind] - 1

    def save(self, db):
        db.conn.executemany(f"insert or replace into {BUILD_TABLE} (key, value) values (?, ?)",
                            [(f"next_{kind}_id", str(value)) for kind, value in self.next.items()])


class OldRecords:
    """The old articles of a big file of records (an export, a web archive),
    looked up a part at a time instead of held in memory: by key (article_key)
    for the articles that have one, by number for the others. Each old article
    is given to one new article at most: in an update the build deletes it as
    it is taken (taken), in a full build one whose id the new database has is
    passed over. Unlike Ids.of_file, a paragraph keeps its id only within its
    own article."""

    def __init__(self, ids: Ids, stored_as: str, path: str, new):
        """stored_as: the file's name in ids.previous (set aside by the update,
        or as it was); path: its name in the new database, whose connection is new."""
        self.ids, self.stored_as, self.path, self.new = ids, stored_as, path, new
        conn = ids.previous
        conn.execute(f"drop table if exists temp.{OLD_KEYS}")
        conn.execute(f"create temp table {OLD_KEYS} (key text primary key, id integer)")
        rows = conn.execute(f"select a.id, a.title, {ids.url}, a.date from {ARTICLES} a where a.source_file = ?",
                            [stored_as]).fetchmany
        while batch := rows(BATCH * 10):
            keyed = ((article_key(url, title, date), aid) for aid, title, url, date in batch)
            conn.executemany(f"insert or ignore into temp.{OLD_KEYS} (key, id) values (?, ?)",
                             [(key, aid) for key, aid in keyed if key])

    def of(self, articles: list) -> list:
        """The old articles the new ones (a part's) may continue, as Ids.of_file gives them."""
        conn, found = self.ids.previous, set()
        keys = [a["key"] for a in articles if a.get("key")]
        numbers = [a["article_no"] for a in articles if not a.get("key")]
        for chunk in batches(keys):
            found.update(row[0] for row in conn.execute(
                f"select id from temp.{OLD_KEYS} where key in ({placeholders(chunk)})", chunk))
        for chunk in batches(numbers):
            found.update(row[0] for row in conn.execute(
                f"select id from {ARTICLES} where source_file = ? and article_no in ({placeholders(chunk)})",
                [self.stored_as, *chunk]))
        for chunk in batches(sorted(found)):  # taken already, by an earlier part
            found.difference_update(row[0] for row in self.new.execute(
                f"select id from {ARTICLES} where source_file = ? and id in ({placeholders(chunk)})", [self.path, *chunk]))
        old = []
        for chunk in batches(sorted(found)):
            old += self.ids._articles(f"a.id in ({placeholders(chunk)})", chunk)
        return old

    def close(self):
        self.ids.previous.execute(f"drop table if exists temp.{OLD_KEYS}")


def batches(values: list, size: int = BATCH):
    return (values[i:i + size] for i in range(0, len(values), size))


def placeholders(chunk) -> str:
    return ", ".join("?" for _ in chunk)


def article_key(url, title, date) -> str | None:
    """What identifies a record's article across rebuilds: its URL, else its title and date."""
    if url:
        return f"url {url}"
    return f"title {title} {date or ''}" if title else None


def kept_ids(old: list, articles: list) -> tuple:
    """The ids the new articles of a file keep from its old ones (Ids.of_file):
    (article id or None for each article, [paragraph id or None for each
    paragraph] for each article).

    - A paragraph keeps its id while its text is unchanged, wherever it moves
      in its file: first within its own article, then from any other article
      of the file. Identical paragraphs keep their ids in reading order. An
      edited paragraph is new text and gets a new id.
    - An article of a record (an export's, a page's: it has a "key",
      article_key) keeps the id of the old article with the same key. Any
      other article keeps the id of the old article it shares the most
      paragraph texts with (ties: the one at the same place in the file),
      else of an old article with the same title; each old id goes to one
      article at most.
    """
    owners = collections.defaultdict(set)  # text -> the old articles that have it
    for j, article in enumerate(old):
        for _, text in article["paragraphs"]:
            owners[text].add(j)
    by_key = {article["key"]: j for j, article in enumerate(old) if article.get("key")}
    candidates = [(-float("inf"), False, i, by_key[article["key"]]) for i, article in enumerate(articles)
                  if article.get("key") in by_key]
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
