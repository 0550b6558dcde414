"""Where the answer is read decides what it may use; the SQL conditions keep hidden requests out
of the requests table and the chunk metadata alike (real Postgres)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from askdesk import schema
from askdesk.access import EVERYTHING, AccessPolicy, Viewer, visibility_for, visible_chunks, visible_requests
from askdesk.db import Database
from tests.support.access import ROWS, fill

POLICY = AccessPolicy.model_validate({"scopes": [
    {"name": "hr", "match": [{"category": ["HR"]}, {"assignment_group": ["People Ops"], "priority": ["1 - Critical"]}],
     "grant": {"usergroups": ["S0HR"], "users": ["U0ALICE"], "channels": ["C0HRDESK"]}},
    {"name": "security", "match": [{"category": ["Security"]}], "grant": {"channels": ["C0SEC"]}},
]})


def hidden(viewer: Viewer, policy: AccessPolicy | None = POLICY) -> tuple[str, ...]:
    return visibility_for(policy, viewer).key()


def test_a_channel_answer_uses_the_channel_s_grants_not_the_asker_s() -> None:
    alice_in_general = Viewer("channel", user="U0ALICE", channel="C0GENERAL", usergroups=frozenset({"S0HR"}))
    assert hidden(alice_in_general) == ("hr", "security")
    assert hidden(Viewer("channel", user="U0BOB", channel="C0HRDESK")) == ("security",)


def test_private_places_use_the_asker_s_grants() -> None:
    assert hidden(Viewer("dm", user="U0ALICE")) == ("security",)
    assert hidden(Viewer("app_home", user="U0CAROL", usergroups=frozenset({"S0HR"}))) == ("security",)
    assert hidden(Viewer("dm", user="U0BOB", channel="C0SEC")) == ("hr", "security")  # a DM is no channel grant
    # an ephemeral reply in a channel: the asker's grants and that channel's
    assert hidden(Viewer("ephemeral", user="U0BOB", channel="C0SEC")) == ("hr",)
    assert hidden(Viewer("terminal")) == ("hr", "security")


def test_shared_channels_see_unrestricted_requests_only_or_get_no_answer() -> None:
    shared = Viewer("channel", user="U0ALICE", channel="C0HRDESK", shared_channel=True)
    vis = visibility_for(POLICY, shared)
    assert vis.key() == ("hr", "security") and not vis.silent
    silent = AccessPolicy.model_validate({**POLICY.model_dump(), "shared_channels": "silent"})
    assert visibility_for(silent, shared).silent


def test_no_policy_or_an_admin_sees_everything() -> None:
    assert visibility_for(None, Viewer("terminal")) is EVERYTHING
    for policy in (None, AccessPolicy()):
        channel = visibility_for(policy, Viewer("channel", channel="C1"))
        assert channel.hidden == () and not channel.silent and not channel.requester.known
    admin = visibility_for(POLICY, Viewer("admin"))
    assert admin.key() == () and admin.granted == ("hr", "security") and not admin.restricted


def test_the_trace_form_names_scopes_never_users() -> None:
    vis = visibility_for(POLICY, Viewer("dm", user="U0ALICE"))
    assert vis.as_dict() == {"hidden": ["security"], "granted": ["hr"], "basis": "your grants (a direct message)",
                             "silent": False}
    assert "U0ALICE" not in repr(vis.as_dict())


# --------------------------------------------------------------------------- SQL
@pytest.fixture
def filled(db: Database) -> Database:
    return fill(db)


def visible_ids(db: Database, viewer: Viewer) -> list[str]:
    vis = visibility_for(POLICY, viewer)
    t = schema.requests
    with db.engine.connect() as conn:
        from_requests = conn.execute(sa.select(t.c.request_id).where(*visible_requests(vis, t))
                                     .order_by(t.c.request_id)).scalars().all()
        # the same rows as flat chunk metadata (how the vector table holds them)
        meta = sa.func.jsonb_strip_nulls(sa.func.jsonb_build_object(
            "request_id", t.c.request_id, "category", t.c.category, "priority", t.c.priority).op("||")(t.c.extra))
        chunks = sa.select(meta.label("m")).subquery()
        m = sa.type_coerce(chunks.c.m, JSONB)
        from_chunks = conn.execute(sa.select(m["request_id"].astext).where(*visible_chunks(vis, chunks.c.m))
                                   .order_by(m["request_id"].astext)).scalars().all()
    assert from_requests == from_chunks
    return list(from_requests)


def test_hidden_scopes_are_kept_out_inside_the_query(filled: Database) -> None:
    assert visible_ids(filled, Viewer("terminal")) == ["R4", "R5", "R7"]
    assert visible_ids(filled, Viewer("dm", user="U0ALICE")) == ["R1", "R2", "R3", "R4", "R5", "R7"]
    assert visible_ids(filled, Viewer("channel", channel="C0SEC")) == ["R4", "R5", "R6", "R7"]
    assert visible_ids(filled, Viewer("admin")) == [r["request_id"] for r in ROWS]
    with filled.engine.connect() as conn:  # the hostile value was a bound parameter, nothing more
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.requests)).scalar_one() == len(ROWS)


def test_a_stored_visibility_fails_closed_against_the_current_policy() -> None:
    from askdesk.access import visibility_from_record

    record = visibility_for(POLICY, Viewer("dm", user="U0ALICE")).as_dict()
    assert visibility_from_record(POLICY, record).key() == ("security",)
    grown = AccessPolicy.model_validate({"scopes": [*POLICY.model_dump()["scopes"],
                                                    {"name": "legal", "match": [{"category": ["Legal"]}]}]})
    assert visibility_from_record(grown, record).key() == ("legal", "security")  # added since: hidden
    assert visibility_from_record(POLICY, None).key() == ("hr", "security")
    assert visibility_from_record(None, None) is EVERYTHING


def test_training_sees_only_trainable_scopes() -> None:
    from askdesk.access import trainable, training_visibility

    policy = AccessPolicy.model_validate({"scopes": [*POLICY.model_dump()["scopes"][:1],
                                                     {**POLICY.model_dump()["scopes"][1], "train": True}]})
    assert training_visibility(policy).key() == ("hr",)
    assert training_visibility(None) is EVERYTHING
    assert trainable(policy, visibility_for(policy, Viewer("channel", channel="C0SEC")).as_dict())
    assert not trainable(policy, visibility_for(policy, Viewer("dm", user="U0ALICE")).as_dict())  # saw HR
    assert not trainable(policy, None) and trainable(None, None)


def test_the_asker_s_requester_keys_go_only_where_they_alone_read_the_answer() -> None:
    from askdesk.access import visibility_from_record
    from askdesk.access.requester import IN_A_CHANNEL, Requester

    alice = Requester(("k1", "k2"))
    for policy in (None, POLICY):
        dm = visibility_for(policy, Viewer("dm", user="U0ALICE", requester=alice))
        assert dm.requester == alice and "k1" not in str(dm.as_dict())
        # the queued record carries the keys to the worker, which rebuilds them (fail closed on scopes)
        again = visibility_from_record(policy, dm.record())
        assert again.requester == alice and again.key() == dm.key()
        channel = visibility_for(policy, Viewer("channel", user="U0ALICE", channel="C0HRDESK", requester=alice))
        assert not channel.requester.known and channel.requester.unknown == IN_A_CHANNEL
    # a record without keys (or from before them) knows nobody
    assert not visibility_from_record(POLICY, visibility_for(POLICY, Viewer("dm", user="U0ALICE")).as_dict()).requester.known


def test_own_only_keeps_just_the_reader_s_requests_in_both_tables(filled: Database) -> None:
    from askdesk.access.requester import Requester

    t = schema.requests
    with filled.engine.begin() as conn:
        conn.execute(sa.update(t).where(t.c.request_id.in_(["R4", "R6"])).values(requester_key="alice"))
    alice = visibility_for(POLICY, Viewer("dm", user="U0BOB", requester=Requester(("alice",)))).own()
    nobody = visibility_for(POLICY, Viewer("dm", user="U0BOB")).own()  # no keys: nothing is theirs
    with filled.engine.connect() as conn:
        def ids(vis) -> tuple[list[str], list[str]]:
            from_requests = conn.execute(sa.select(t.c.request_id).where(*visible_requests(vis, t))
                                         .order_by(t.c.request_id)).scalars().all()
            # chunks name their request in ref_doc_id; the reader's are read from the requests table
            meta = sa.func.jsonb_build_object("ref_doc_id", t.c.request_id, "category", t.c.category)
            chunks = sa.select(meta.label("m")).subquery()
            m = sa.type_coerce(chunks.c.m, JSONB)
            from_chunks = conn.execute(sa.select(m["ref_doc_id"].astext).where(*visible_chunks(vis, chunks.c.m))
                                       .order_by(m["ref_doc_id"].astext)).scalars().all()
            return list(from_requests), list(from_chunks)

        # R6 is Alice's but in the security scope, hidden from her: still hidden
        assert ids(alice) == (["R4"], ["R4"])
        assert ids(nobody) == ([], [])
