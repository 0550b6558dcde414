"""Reference retrievers, measured on the same questions as the engine so a report shows what each
part adds: BM25 alone, vectors alone, Postgres full text alone, the hybrid fusion without
question understanding, and (from the answers) the engine itself — understanding, filters,
exact routes and hybrid retrieval together.

They read the same vector table the engine reads; none applies filters or understands ids.
"""

from __future__ import annotations

from typing import Any, Protocol

import sqlalchemy as sa

from askdesk.answering.filters import RequestFilters
from askdesk.answering.retrieve import HybridRetriever
from askdesk.vector_tables import REF_DOC_ID


class ReferenceRetriever(Protocol):
    name: str

    def rank(self, question: str, depth: int) -> tuple[list[str], list[float]]:
        """Request ids, best first, and their scores (ties are scored as ties)."""
        ...


def _by_request(rows: list[tuple[str, float]], depth: int) -> tuple[list[str], list[float]]:
    """Best chunk per request, in order."""
    ids: list[str] = []
    scores: list[float] = []
    for rid, s in rows:
        if rid not in ids:
            ids.append(rid)
            scores.append(float(s))
        if len(ids) == depth:
            break
    return ids, scores


class VectorOnly:
    """Cosine similarity over the HNSW index, no filters."""

    name = "vector"

    def __init__(self, retriever: HybridRetriever) -> None:
        self.retriever = retriever

    def rank(self, question: str, depth: int) -> tuple[list[str], list[float]]:
        emb = self.retriever.embed_model.get_query_embedding(question)
        rows = self.retriever.vector_search(emb, RequestFilters(), depth * 2)
        return _by_request([(r[0], r[1]) for r in rows], depth)


class FullTextOnly:
    """Postgres full text (the hybrid's keyword half: all words, else any), no filters."""

    name = "fulltext"

    def __init__(self, retriever: HybridRetriever) -> None:
        self.retriever = retriever

    def rank(self, question: str, depth: int) -> tuple[list[str], list[float]]:
        rows = self.retriever.text_search(question, RequestFilters(), depth * 2)
        return _by_request([(r[0], r[1]) for r in rows], depth)


class HybridOnly:
    """Vector + full text fused by RRF, on the raw question: the engine's retrieval without the
    understanding step (no ids, no filters, no routes)."""

    name = "hybrid"

    def __init__(self, retriever: HybridRetriever) -> None:
        self.retriever = retriever

    def rank(self, question: str, depth: int) -> tuple[list[str], list[float]]:
        hits = self.retriever.retrieve(question, RequestFilters(), depth).hits
        return [h.request_id for h in hits], [h.score for h in hits]


class BM25Only:
    """Okapi BM25 (LlamaIndex's ``BM25Retriever`` on bm25s, English stemming and stop words) over
    the chunks in the vector table, built in memory once per run."""

    name = "bm25"

    def __init__(self, engine: sa.Engine, table: sa.Table, *, top_k: int = 20) -> None:
        import Stemmer
        from llama_index.core.schema import BaseNode, TextNode
        from llama_index.retrievers.bm25 import BM25Retriever

        with engine.connect() as conn:
            rows = conn.execute(sa.select(table.c.node_id, table.c.text, table.c.metadata_[REF_DOC_ID].astext)).all()
        self.size = len(rows)
        if not rows:
            self._retriever = None
            return
        nodes: list[BaseNode] = [TextNode(id_=r[0], text=r[1] or "", metadata={"request_id": r[2]}) for r in rows]
        self._retriever = BM25Retriever.from_defaults(
            nodes=nodes, similarity_top_k=min(top_k, len(nodes)), stemmer=Stemmer.Stemmer("english"), language="english")

    def rank(self, question: str, depth: int) -> tuple[list[str], list[float]]:
        if self._retriever is None:
            return [], []
        found = self._retriever.retrieve(question)
        # a score of 0 means no query term occurs in the chunk: not retrieved
        return _by_request([(n.node.metadata["request_id"], n.score or 0.0) for n in found if (n.score or 0) > 0], depth)


def reference_retrievers(retriever: HybridRetriever, names: Any = ("bm25", "vector", "fulltext", "hybrid")) -> list[ReferenceRetriever]:
    """The reference retrievers by name, over the engine's own retriever and table."""
    made: list[ReferenceRetriever] = []
    for name in names:
        if name == "bm25":
            made.append(BM25Only(retriever.engine, retriever.table))
        elif name == "vector":
            made.append(VectorOnly(retriever))
        elif name == "fulltext":
            made.append(FullTextOnly(retriever))
        elif name == "hybrid":
            made.append(HybridOnly(retriever))
        else:
            raise ValueError(f"unknown reference retriever {name!r}: choose from bm25, vector, fulltext, hybrid")
    return made
