"""The one segmenter: rjieba must cut exactly as jieba does, user dictionary included;
and the index tokens it gives: one per character beside the words."""
import collections
import logging
import sqlite3

import jieba
import rjieba

from loader.text.normalize import normalize
from loader.ingest.parse import parse_text
from loader.store.schema import FTS_TABLE, ensure_fts
from loader.text.query import match_expression
from loader.text.segment import CHARACTER, index_text, match_chars, userdict_entries, words

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


def test_every_character_is_one_index_token_and_a_character_query_reads_only_its_own(tmp_path):
    text = "公安局的民警，的确在 2024 年來到𠀋村。"
    conn = sqlite3.connect(tmp_path / "index.db")
    ensure_fts(conn)
    conn.execute(f"insert into {FTS_TABLE}(rowid, text) values (1, ?)", [index_text(text)])
    conn.execute(f"create virtual table temp.instances using fts5vocab(main, {FTS_TABLE}, instance)")
    tokens = collections.Counter(term for (term,) in conn.execute("select term from temp.instances"))
    characters = {term: n for term, n in tokens.items() if term.endswith(CHARACTER)}
    chars = match_chars(normalize(text))
    assert sum(characters.values()) == len(chars)  # punctuation and a character outside the BMP too
    assert characters["的" + CHARACTER] == chars.count("的") == 2
    # A one-character query is that one token, not a prefix query over the words starting with it.
    assert match_expression("的") == f'("的{CHARACTER}")'
    for query in ("的", "的确", "，", "𠀋村", "来到", "2024年"):
        found = conn.execute(f"select count(*) from {FTS_TABLE} where {FTS_TABLE} match ?",
                             [match_expression(query)]).fetchone()[0]
        assert found == 1, query
    assert conn.execute(f"select count(*) from {FTS_TABLE} where {FTS_TABLE} match ?",
                        [match_expression("的民确")]).fetchone()[0] == 0
