"""`askdesk.vector_tables` names what LlamaIndex's table factories really create (the migration
builds the tables from them): the physical tables, the columns askdesk reads, the HNSW index."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

from askdesk import vector_tables as layout
from askdesk.db import Database
from tests.support.settings import make_settings


def _columns(db: Database, table: str) -> set[str]:
    with db.engine.connect() as conn:
        return set(conn.execute(sa.text("SELECT column_name FROM information_schema.columns "
                                        "WHERE table_schema = :s AND table_name = :t"),
                                {"s": layout.SCHEMA, "t": table}).scalars())


def test_the_layout_is_what_the_migration_created(db: Database, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    vectors, docstore = layout.vector_table(settings), layout.docstore_table(settings)
    assert (vectors, docstore) == ("data_request_chunks", "data_docstore")  # the defaults
    chunks = layout.chunk_table(vectors, settings.embedding.dim)
    assert {c.name for c in chunks.columns} <= _columns(db, vectors)
    assert {layout.TEXT, layout.METADATA, layout.NODE_ID, layout.EMBEDDING, layout.TEXT_SEARCH} <= _columns(db, vectors)
    assert {layout.KV_NAMESPACE, layout.KV_KEY, layout.KV_VALUE} <= _columns(db, docstore)
    with db.engine.connect() as conn:
        indexes = set(conn.execute(sa.text("SELECT indexname FROM pg_indexes WHERE tablename = :t"), {"t": vectors}).scalars())
        assert layout.embedding_index(vectors) in indexes
        # the statements askdesk runs against the two tables are valid there
        conn.execute(layout.docstore_hashes_sql(docstore), {"collection": "askdesk/metadata", "ids": ["REQ-1"]}).all()
        conn.execute(layout.delete_chunks_sql(vectors), {"ids": ["REQ-1"]})
        assert conn.execute(sa.select(sa.func.count()).select_from(chunks)).scalar_one() == 0


def test_any_table_name_follows_llamaindex_naming() -> None:
    from llama_index.storage.kvstore.postgres.base import get_data_model as kv_model
    from llama_index.vector_stores.postgres.base import get_data_model as vector_model

    base = declarative_base()
    assert vector_model(base, "my_chunks", "public", hybrid_search=True, text_search_config="english",
                        cache_okay=True, embed_dim=8, use_jsonb=True).__tablename__ == layout.physical("my_chunks")
    assert kv_model(base, "my_docs", "public", use_jsonb=True).__tablename__ == layout.physical("my_docs")
