"""zh-news: a searchable archive of Chinese news, built into SQLite and served with Datasette.

For notebooks and scripts:
- match_expression(query): the FTS5 MATCH text for a query, for raw SQL
  (`select rowid from paragraphs_fts where paragraphs_fts match ?`);
- ranked(db, query, limit=20, **filters): paragraph rows in the order the
  results page shows them.
"""
from .store.search import ranked
from .text.query import QueryError, match_expression

__all__ = ["QueryError", "match_expression", "ranked"]
