"""The one segmenter: rjieba must cut exactly as jieba does, user dictionary included."""
import logging

import jieba
import rjieba

from loader.text.normalize import normalize
from loader.ingest.parse import parse_text
from loader.text.segment import userdict_entries, words

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
