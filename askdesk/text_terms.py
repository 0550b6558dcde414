"""Document frequencies of the full-text lexemes, for ranking the text side by Okapi BM25.

Postgres full text ranks with ``ts_rank`` / ``ts_rank_cd``, which count how often and how close
the query's words occur but not how *rare* they are: in a helpdesk export "user", "error" and
"please" are everywhere, and a 25-word pasted ticket matched on them ranked unrelated requests
first (the text side alone put 8 % of top-5 results in the query's category on the bundled
ServiceNow-style export, BM25 100 %).  BM25 needs, per lexeme, the number of chunks holding it,
and the corpus size and mean length: ``ts_stat`` computes them from the stored tsvectors in one
pass, after every index run that changed something (seconds at a million chunks, nothing next to
embedding them), into ``text_terms`` / ``text_corpus``.  Slightly stale figures between runs move
scores a little and never hide a request.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from askdesk.schema import text_corpus, text_terms
from askdesk.vector_tables import SCHEMA, TEXT_SEARCH


@dataclass(frozen=True)
class Corpus:
    """What BM25 normalises by: the number of chunks and their mean length (distinct lexemes)."""

    docs: int
    avg_length: float


def refresh(conn: sa.Connection, vector_table: str) -> Corpus:
    """Recompute the frequencies from the physical ``vector_table`` (a name from the settings,
    never user text) in the caller's transaction: readers see the old figures or the new ones."""
    source = f"SELECT {TEXT_SEARCH} FROM {SCHEMA}.{vector_table}"
    conn.execute(sa.delete(text_terms))
    conn.execute(sa.text("INSERT INTO text_terms (lexeme, docs) SELECT word, ndoc FROM ts_stat(:q)"), {"q": source})
    docs, avg = conn.execute(sa.text(
        f"SELECT count(*), coalesce(avg(length({TEXT_SEARCH})), 0) FROM {SCHEMA}.{vector_table}")).one()
    conn.execute(sa.delete(text_corpus))
    conn.execute(sa.insert(text_corpus).values(id=1, docs=int(docs), avg_length=float(avg)))
    return Corpus(int(docs), float(avg))


def corpus(conn: sa.Connection) -> Corpus | None:
    """The figures of the last refresh, or None before the first one."""
    row = conn.execute(sa.select(text_corpus.c.docs, text_corpus.c.avg_length)).first()
    return Corpus(int(row.docs), float(row.avg_length)) if row and row.docs else None


def query_terms(conn: sa.Connection, config: str, query: str) -> list[tuple[str, int]]:
    """The lexemes of ``query`` (bound, parsed by ``config``) that occur in the corpus, with
    the number of chunks holding each, rarest first."""
    stmt = sa.text(
        "SELECT t.lexeme, t.docs FROM (SELECT DISTINCT lexeme FROM unnest(to_tsvector(CAST(:config AS regconfig), :q))) u "
        "JOIN text_terms t ON t.lexeme = u.lexeme ORDER BY t.docs, t.lexeme")
    return [(r.lexeme, int(r.docs)) for r in conn.execute(stmt, {"config": config, "q": query})]
