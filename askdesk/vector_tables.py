"""Where LlamaIndex keeps askdesk's chunks and documents: the one place that knows its layout.

LlamaIndex's ``PGVectorStore`` and ``PostgresKVStore`` (the docstore) are given a table *name*
(``database.vector_table``, ``database.docstore_table`` in the settings) and store in the
table ``data_<name>`` of the ``public`` schema.  askdesk reads and writes those tables directly
(filtered hybrid retrieval, counting, deleting a request's vectors, the docstore's hashes), so
the physical names and the columns it touches are spelled here and nowhere else, except in
the frozen migrations (``askdesk/migrations/versions/``), which must keep creating what they
created when they were written.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from pgvector.sqlalchemy import Vector
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR

#: the schema both stores use
SCHEMA = "public"
#: what LlamaIndex puts before the table name it is given
TABLE_PREFIX = "data_"

# -- the vector table (PGVectorStore, hybrid search on) ------------------------------------
#: the chunk's text
TEXT = "text"
#: the chunk's metadata (JSONB): the request's filterable fields and LlamaIndex's own keys
METADATA = "metadata_"
#: the chunk id (``<request id>#<n>``)
NODE_ID = "node_id"
EMBEDDING = "embedding"
#: the generated ``tsvector`` of the text (full-text search)
TEXT_SEARCH = "text_search_tsv"
#: the metadata key that holds the id of the document (the request) a chunk belongs to
REF_DOC_ID = "ref_doc_id"

# -- the docstore table (PostgresKVStore) --------------------------------------------------
#: the KV store's collection (``<docstore namespace>/<collection>``)
KV_NAMESPACE = "namespace"
#: the document id
KV_KEY = "key"
#: the stored JSON value
KV_VALUE = "value"
#: the key in a metadata-collection value that holds the document's hash
DOC_HASH = "doc_hash"


def physical(name: str) -> str:
    """The table LlamaIndex stores in when it is given ``name``."""
    return f"{TABLE_PREFIX}{name}"


def vector_table(settings: Any) -> str:
    """The physical vector table of these settings (e.g. ``data_request_chunks``)."""
    return physical(settings.database.vector_table)


def docstore_table(settings: Any) -> str:
    """The physical docstore table of these settings (e.g. ``data_docstore``)."""
    return physical(settings.database.docstore_table)


def embedding_index(table: str) -> str:
    """The name askdesk's migration gives the HNSW index of the physical vector ``table``."""
    return f"{table}_embedding_idx"


def hnsw_index_sql(name: str, table: str, *, m: int, ef_construction: int, where: str | None = None,
                   concurrently: bool = False) -> str:
    """``CREATE INDEX`` of an HNSW graph (cosine) over the vector ``table``'s embeddings; with
    ``where``, a partial one (a filter graph).  ``where`` is SQL text the caller built."""
    return (_create_index(name, table, concurrently)
            + f"USING hnsw ({EMBEDDING} vector_cosine_ops) WITH (m = {int(m)}, ef_construction = {int(ef_construction)})"
            + (f" WHERE {where}" if where else ""))


def text_index_sql(name: str, table: str, *, where: str, concurrently: bool = False) -> str:
    """``CREATE INDEX`` of a partial full-text (GIN) index over the vector ``table``'s tsvectors:
    the chunks ``where`` keeps (SQL text the caller built)."""
    return _create_index(name, table, concurrently) + f"USING gin ({TEXT_SEARCH}) WHERE {where}"


def _create_index(name: str, table: str, concurrently: bool) -> str:
    return f"CREATE INDEX {'CONCURRENTLY ' if concurrently else ''}IF NOT EXISTS {name} ON {SCHEMA}.{table} "


def chunk_table(name: str, dim: int) -> sa.Table:
    """The columns of the physical vector table ``name`` that askdesk reads."""
    return sa.Table(
        name,
        sa.MetaData(),
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column(TEXT, sa.Text),
        sa.Column(METADATA, JSONB),
        sa.Column(NODE_ID, sa.Text),
        sa.Column(EMBEDDING, Vector(dim)),
        sa.Column(TEXT_SEARCH, TSVECTOR),
        schema=SCHEMA,
    )


def docstore_hashes_sql(table: str) -> sa.TextClause:
    """The document hashes of some ids in one collection (binds ``:collection``, ``:ids``)."""
    return sa.text(
        f"SELECT {KV_KEY}, {KV_VALUE}->>'{DOC_HASH}' FROM {SCHEMA}.{table} "
        f"WHERE {KV_NAMESPACE} = :collection AND {KV_KEY} = ANY(:ids)"
    )


def forget_hashes_sql(table: str) -> sa.TextClause:
    """Forget every document hash of one collection (binds ``:collection``): the ingestion
    pipeline then takes each document for new and replaces its vectors."""
    return sa.text(f"DELETE FROM {SCHEMA}.{table} WHERE {KV_NAMESPACE} = :collection")


def delete_chunks_sql(table: str) -> sa.TextClause:
    """Delete every chunk of some documents (binds ``:ids``, the request ids)."""
    return sa.text(f"DELETE FROM {SCHEMA}.{table} WHERE {METADATA}->>'{REF_DOC_ID}' = ANY(:ids)")
