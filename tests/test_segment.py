"""The one segmenter: rjieba must cut exactly as jieba does, user dictionary included."""
import itertools
import logging
import sqlite3

import jieba
import rjieba

from loader.ingest.parse import parse_text
from loader.store.schema import FTS_TABLE, FTS_TOKENIZER, UNICODE61_FTS_SQL, ensure_fts
from loader.text.normalize import normalize
from loader.text.segment import index_text, userdict_entries, words

from .conftest import SEEDS


def test_rjieba_tokens_identical_to_jieba_on_the_whole_seed_corpus():
    jieba.setLogLevel(logging.ERROR)
    reference = jieba.Tokenizer()
    for word, freq, tag in userdict_entries():
        reference.add_word(word, freq, tag)
    words("")  # loads the user dictionary into rjieba
    raw = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    lines = [normalize(line) for text in raw for line in text.splitlines()]
    lines += [normalize(p.text) for text in raw for article in parse_text(text) for p in article.paragraphs]
    assert sum(len(line) for line in lines) > 40_000
    different = [line for line in lines if list(reference.cut(line)) != rjieba.cut(line)]
    assert different == []


def test_user_dictionary_words_are_single_tokens():
    for word, _, _ in userdict_entries():
        assert words(f"坚持{word}工作") == ["坚持", word, "工作"], word


def test_the_index_tokenizer_cuts_every_character_as_unicode61_does(tmp_path):
    # ascii keeps every byte of a character beyond ASCII in a token, unicode61 only letters,
    # numbers and private-use characters: the index's tokens are the same only because
    # index_text spells every other character as a code.
    assert FTS_TOKENIZER == "tokenize='ascii'" and "unicode61" in UNICODE61_FTS_SQL
    # Every character of the Basic Multilingual Plane but surrogates, which are not text, and one in
    # 97 beyond it (each spelled with two characters): FTS5's hash of the pairs of all of them takes minutes.
    chars = "".join(map(chr, itertools.chain(range(0xD800), range(0xE000, 0x10000), range(0x10000, 0x110000, 97))))
    texts = [chars[i:i + 1000] for i in range(0, len(chars), 1000)]
    texts += [line for path in sorted(SEEDS.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]
    instances = []
    for name, make in (("index.db", ensure_fts), ("unicode61.db", lambda conn: conn.execute(UNICODE61_FTS_SQL))):
        conn = sqlite3.connect(tmp_path / name)
        make(conn)
        conn.executemany(f"insert into {FTS_TABLE}(rowid, text) values (?, ?)",
                         ((i, index_text(text)) for i, text in enumerate(texts, 1)))
        conn.execute(f"create virtual table instances using fts5vocab({FTS_TABLE}, 'instance')")
        instances.append(conn.execute("select term, doc, offset from instances order by doc, offset").fetchall())
    assert len(instances[0]) > 140_000
    assert instances[0] == instances[1]
