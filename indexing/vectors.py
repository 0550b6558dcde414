"""The LlamaIndex side of the index: PGVectorStore (HNSW, cosine, Postgres full-text for hybrid
search), a Postgres docstore for upserts, and the IngestionPipeline that embeds into them.

The tables themselves are created by askdesk's migrations from LlamaIndex's own table factories,
so the stores here run with ``perform_setup=False``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from llama_index.core.ingestion import DocstoreStrategy, IngestionPipeline
from llama_index.core.node_parser import SentenceSplitter
from llama_index.core.schema import BaseNode, Document
from llama_index.storage.docstore.postgres import PostgresDocumentStore
from llama_index.storage.kvstore.postgres import PostgresKVStore
from llama_index.vector_stores.postgres import PGVectorStore
from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import create_async_engine

from askdesk import vector_tables as layout
from askdesk.db import Database
from askdesk.models import embedder_tokenizer

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

    from askdesk.settings import Settings

DOCSTORE_NAMESPACE = "askdesk"


@dataclass
class VectorIndex:
    """The vector store, docstore and ingestion pipeline over one database."""

    vector_store: PGVectorStore
    docstore: BatchedDocumentStore
    pipeline: IngestionPipeline
    table: str  # the physical vector table, e.g. data_request_chunks (`askdesk.vector_tables`)
    docstore_table: str  # the physical docstore table, e.g. data_docstore
    #: the HNSW index's build parameters (the migration's, from the settings)
    hnsw_m: int = 16
    hnsw_ef_construction: int = 64
    #: memory for building the graph after a first load (more = faster, within the server's RAM)
    build_memory_mb: int = 512

    def is_empty(self) -> bool:
        """No chunk stored yet: a first load, which builds the HNSW graph after its rows are in."""
        with self._engine.connect() as conn:
            return conn.execute(sa.text(f"SELECT NOT EXISTS (SELECT 1 FROM {layout.SCHEMA}.{self.table})")).scalar_one()

    def drop_graph(self) -> None:
        """Drop the HNSW index for a first load: inserting into a live graph costs more with
        every row (pgvector's advice: build it after the load)."""
        with self._engine.begin() as conn:
            conn.execute(sa.text(f"DROP INDEX IF EXISTS {layout.SCHEMA}.{layout.embedding_index(self.table)}"))

    def ensure_graph(self) -> bool:
        """Build the HNSW index if it is missing (after a first load, or after a first load that
        was killed before it could); True when it was built now."""
        name = layout.embedding_index(self.table)
        with self._engine.begin() as conn:
            if conn.execute(sa.text("SELECT to_regclass(:n) IS NOT NULL"), {"n": f"{layout.SCHEMA}.{name}"}).scalar_one():
                return False
            conn.execute(sa.text(f"SET LOCAL maintenance_work_mem = '{int(self.build_memory_mb)}MB'"))
            conn.execute(sa.text(layout.hnsw_index_sql(name, self.table, m=self.hnsw_m,
                                                       ef_construction=self.hnsw_ef_construction)))
        return True

    def ingest(self, documents: Sequence[Document]) -> int:
        """Embed new/changed documents (docstore UPSERTS); returns how many chunks were written.

        LlamaIndex adds vectors *before* it records the document's hash, so a crash in between
        would leave vectors of a document the docstore doesn't know, and the next run would add
        them a second time.  Vectors of documents the docstore doesn't know are therefore deleted
        first, making a re-run after a crash idempotent.
        """
        if not documents:
            return 0
        ids = [d.id_ for d in documents]
        known = self.docstore_hashes(ids)
        unknown = [i for i in ids if i not in known]
        if unknown:
            self.delete_vectors(unknown)
        with self.docstore.hashes_known({i: known.get(i) for i in ids}):
            nodes = self.pipeline.run(documents=list(documents))
        return len(nodes)

    @property
    def _engine(self) -> Engine:
        """The vector store's sync engine (``build_vector_index`` always gives it one)."""
        engine = self.vector_store._engine
        if engine is None:
            raise RuntimeError("the vector store has no sync engine")
        return engine

    def docstore_hashes(self, request_ids: Sequence[str]) -> dict[str, str]:
        """The docstore's document hashes for these ids, in one query (not one per id)."""
        collection = self.docstore._metadata_collection
        with self._engine.connect() as conn:
            rows = conn.execute(
                layout.docstore_hashes_sql(self.docstore_table), {"collection": collection, "ids": list(request_ids)}
            )
            return {key: h for key, h in rows if h}

    def forget_hashes(self, conn: sa.Connection) -> None:
        """Make every document count as new, so the next ingest of each replaces its vectors
        (another embedder made them); in the caller's transaction, with the requests it marks pending."""
        conn.execute(layout.forget_hashes_sql(self.docstore_table), {"collection": self.docstore._metadata_collection})

    def delete_vectors(self, request_ids: Sequence[str]) -> None:
        with self._engine.begin() as conn:
            conn.execute(layout.delete_chunks_sql(self.table), {"ids": list(request_ids)})

    def delete_documents(self, request_ids: Sequence[str]) -> None:
        """Remove requests from the vector store and the docstore (prune)."""
        self.delete_vectors(request_ids)
        for rid in request_ids:
            self.docstore.delete_ref_doc(rid, raise_error=False)
            self.docstore.delete_document(rid, raise_error=False)


class BatchedDocumentStore(PostgresDocumentStore):
    """LlamaIndex's Postgres docstore, with the per-document round trips of an ingest batched.

    The ingestion pipeline's upsert check asks the docstore for each document's hash, one query
    per document; :meth:`VectorIndex.ingest` has already read them all in one, so within
    :meth:`hashes_known` the docstore answers from that read.  Writes go in multi-row statements
    of ``batch_size`` (LlamaIndex's default is one statement and one commit per key).  Measured:
    the docstore took a fifth of an index run's main thread before (docs/benchmarks.md)."""

    def __init__(self, kvstore: PostgresKVStore, *, namespace: str, batch_size: int) -> None:
        super().__init__(kvstore, namespace=namespace, batch_size=batch_size)
        self._known: Mapping[str, str | None] = {}

    @contextmanager
    def hashes_known(self, hashes: Mapping[str, str | None]) -> Iterator[None]:
        """Within: each id of ``hashes`` has that hash (None: not stored), read beforehand in one
        query; only the ingesting thread uses the docstore meanwhile."""
        self._known = hashes
        try:
            yield
        finally:
            self._known = {}

    def get_document_hash(self, doc_id: str) -> str | None:
        known = self._known
        return known[doc_id] if doc_id in known else super().get_document_hash(doc_id)


class MultiRowPGVectorStore(PGVectorStore):
    """LlamaIndex's ``PGVectorStore`` writing a batch of nodes as one multi-row ``INSERT``
    (SQLAlchemy's insertmanyvalues) instead of one ORM object added per node: the same rows, a
    fraction of the round trips and Python work per chunk."""

    def __init__(self, **kwargs: Any) -> None:  # PGVectorStore's own keywords (engine=, table_name=, …)
        super().__init__(**kwargs)

    def add(self, nodes: Sequence[BaseNode], **add_kwargs: Any) -> list[str]:
        if not nodes:
            return []
        self._initialize()
        table = self._table_class.__table__
        # the generated tsvector and the identity id are the server's to fill
        columns = [c.key for c in table.columns if c.key != "id" and c.computed is None]
        rows = []
        for node in nodes:
            item = self._node_to_table_row(node)
            rows.append({c: getattr(item, c) for c in columns})
        engine = self._engine
        if engine is None:
            raise RuntimeError("the vector store has no sync engine")
        with engine.begin() as conn:
            conn.execute(sa.insert(table), rows)
        return [n.node_id for n in nodes]


def _chunk_id(i: int, doc: Document) -> str:
    return f"{doc.id_}#{i}"


def build_vector_index(db: Database, settings: Settings, embed_model: BaseEmbedding) -> VectorIndex:
    dbs, idx = settings.database, settings.index
    async_engine = create_async_engine(db.async_url, hide_parameters=True)  # lazy: connects only if used
    vector_store = MultiRowPGVectorStore(
        table_name=dbs.vector_table,
        schema_name=layout.SCHEMA,
        hybrid_search=True,
        text_search_config=dbs.text_search_config,
        embed_dim=settings.embedding.dim,
        use_jsonb=True,
        perform_setup=False,
        initialization_fail_on_error=True,
        engine=db.engine,
        async_engine=async_engine,
    )
    kv = PostgresKVStore(
        table_name=dbs.docstore_table,
        schema_name=layout.SCHEMA,
        engine=db.engine,
        async_engine=async_engine,
        perform_setup=False,
        use_jsonb=True,
    )
    docstore = BatchedDocumentStore(kv, namespace=DOCSTORE_NAMESPACE, batch_size=max(1, idx.page_size))
    tokenizer = embedder_tokenizer(embed_model)
    splitter = SentenceSplitter(
        chunk_size=idx.chunk_size,
        chunk_overlap=idx.chunk_overlap,
        id_func=_chunk_id,
        tokenizer=(lambda text: tokenizer.encode(text, add_special_tokens=False)) if tokenizer else None,
    )
    pipeline = IngestionPipeline(
        transformations=[splitter, embed_model],
        vector_store=vector_store,
        docstore=docstore,
        docstore_strategy=DocstoreStrategy.UPSERTS,
        disable_cache=True,
    )
    return VectorIndex(vector_store, docstore, pipeline,
                       table=layout.vector_table(settings), docstore_table=layout.docstore_table(settings),
                       hnsw_m=dbs.hnsw_m, hnsw_ef_construction=dbs.hnsw_ef_construction,
                       build_memory_mb=idx.graph_build_memory_mb)
