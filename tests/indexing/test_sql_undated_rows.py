"""Rows of a SQL source whose date column is NULL can't be ordered by the keyset: they are read on
every run (and dated by the mapping's fallback or quarantined), never skipped silently."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from indexing.source import SqlSource, Watermark


def test_undated_rows_are_read_on_every_run(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'src.db'}"
    engine = sa.create_engine(url)
    table = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Text), sa.Column("upd", sa.DateTime))
    with engine.begin() as conn:
        table.create(conn)
        conn.execute(table.insert(), [{"id": "a", "upd": datetime(2024, 1, 1)}, {"id": "b", "upd": None},
                                      {"id": "c", "upd": datetime(2024, 1, 2)}, {"id": "d", "upd": None}])
    src = SqlSource(url, id_column="id", updated_column="upd", table="t", engine=engine)
    pages = list(src.pages(2))
    assert [[r.values["id"] for r in p] for p in pages] == [["a", "c"], ["b", "d"]]
    assert src.watermark_of(pages[0][-1]) == Watermark(datetime(2024, 1, 2), "c")
    assert src.watermark_of(pages[1][-1]) is None  # an undated page doesn't move the watermark
    # the next incremental run: nothing new among dated rows, the undated ones again
    again = [r.values["id"] for p in src.pages(2, since=Watermark(datetime(2024, 1, 2), "c")) for r in p]
    assert again == ["b", "d"]
    engine.dispose()
