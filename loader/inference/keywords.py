"""Keywords of an article: TF-IDF over the project's one segmenter."""
import functools
import heapq
import itertools
import math
import operator
import re
from collections import Counter

from ..text import segment
from .gazetteer import ascii_digits as _ascii_digits

# words every article of a police-news archive has
_KEYWORD_STOP = frozenset(
    "工作 开展 持续 全市 我市 全区 全省 全县 辖区 进一步 不断 坚持 推进 提升 全面 今年 近日 以来 "
    "公安 公安局 公安分局 分局 该局 民警 辅警 民辅警 公安机关 群众 人民群众 全警".split()
)


def keywords(text: str, k: int = 8) -> list:
    """Top k TF-IDF keywords: jieba.analyse's IDF table over the project's one segmenter."""
    # Paragraph by paragraph, as index_text cut them: jieba cuts at a line break anyway.
    counts = Counter(itertools.chain.from_iterable(map(segment.raw_tokens, _ascii_digits(text).split("\n"))))
    # (-weight, word), ranked in C: the heaviest first, ties in word order, and
    # words that may not be keywords last, at +inf.
    ranked = list(zip(map(operator.mul, counts.values(), map(_minus_idf, counts)), counts))
    heapq.heapify(ranked)
    top = (heapq.heappop(ranked) for _ in range(min(k, len(ranked))))
    return [w for minus_weight, w in top if minus_weight != math.inf]


@functools.lru_cache(maxsize=1 << 16)
def _minus_idf(word):
    """Minus the IDF of a word that may be a keyword, +inf for one that may not.
    Cached: an archive's articles share most of their words."""
    from jieba.analyse import default_tfidf as tfidf

    if (len(word) < 2 or word.isspace() or word.lower() in tfidf.stop_words or word in _KEYWORD_STOP
            or re.search(r"\d", word)):
        return math.inf
    return -tfidf.idf_freq.get(word, tfidf.median_idf)
