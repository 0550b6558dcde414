"""Search answers without a database or a model: resolutions, same-issue groups, the extractive
answer and the lead check, on rows of two exports — the bundled sample ("[2026-08-05 07:32]
Agent: …" comments) and a ServiceNow-like incident export (close_notes, work-notes journals
listed newest first, INC ids)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from askdesk.answering.retrieve import Hit
from askdesk.answering.search_answer import (
    asks_for_fix,
    check_lead,
    compose_extractive,
    context_for,
    field_kind,
    group_same_issue,
    latest_update,
    request_state,
    resolution_detail,
    resolution_of,
    same_issue,
)
from askdesk.answering.search_answer import grouping as sa_grouping
from askdesk.answering.search_answer import lead as sa_lead
from askdesk.answering.vocabulary import IdShape, id_pattern


def _dt(value: str | None) -> datetime | None:
    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S") if value else None


def sample_row(rid: str, title: str, status: str, description: str, comments: str | None, *,
               created: str = "2026-08-04 16:59:26", resolved: str | None = None,
               category: str = "IT", priority: str = "3 - Medium") -> dict:
    """A row as ``facts.fetch_requests`` returns it for the bundled sample's mapping."""
    texts = {"description": description, "comments": comments or ""}
    return {
        "request_id": rid, "title": title, "status": status, "category": category, "priority": priority,
        "created_at": _dt(created), "updated_at": _dt(resolved or created), "resolved_at": _dt(resolved),
        "people": {"requester": "person_1a2b3c4d", "assignee": "person_9f8e7d6c"},
        "extra": {"subcategory": "VPN", "assignment_group": "Network Operations"},
        "texts": texts, "body": "\n\n".join([title, description, comments or ""]),
    }


# ----------------------------------------------------------------------------- the bundled sample
S_134 = sample_row(
    "REQ-100134", "VPN keeps disconnecting after Windows update", "Closed",
    "The VPN started disconnecting randomly over the weekend and I lose whatever I was doing in PowerPoint. "
    "I first noticed it over the weekend. It's not blocking me completely but it's really slowing me down.",
    "[2026-08-04 17:22] Agent: Could you let me know when you're free for a remote session?\n"
    "[2026-08-05 00:31] Requester: Sure, I'm free after 13:30.\n"
    "[2026-08-05 07:32] Agent: Moved the user to the EU-West gateway; no more drops.",
    resolved="2026-08-05 07:32:53",
)
S_171 = sample_row(  # the same issue again, title typed differently
    "REQ-100171", "URGENT: VPN keeps disconecting after Windows update", "Closed",
    "Hi team, the VPN started disconnecting randomly after the Windows update and I lose whatever I was doing. "
    "It's really slowing me down.",
    "[2026-09-10 09:02] Agent: Acknowledged. Looking into it.\n"
    "[2026-09-10 11:40] Agent: Known issue with the latest patch; applied the fix from the KB and the tunnel now "
    "stays up.\n"
    "[2026-09-10 12:05] Requester: That fixed it, thanks a lot.",
    created="2026-09-10 08:31:00", resolved="2026-09-10 11:40:10",
)
S_202 = sample_row(
    "REQ-100202", "VPN keeps disconnecting after the Windows update", "In Progress",
    "Since the Windows update the VPN keeps disconnecting every few minutes and I have to log in again.",
    "[2026-10-20 09:10] Agent: Thanks, I've taken ownership of this.\n"
    "[2026-10-21 15:45] Agent: Raised with the vendor (case VND-4471), waiting for their engineer.",
    created="2026-10-20 08:55:00",
)
S_136 = sample_row(  # resolved with only boilerplate: no fix recorded
    "REQ-100136", "VPN unstable - dropping all day", "Closed",
    "Dear Network Operations,\n\nThe VPN connection keeps dropping, sometimes several times an hour. "
    "For reference my employee no. is <EMPLOYEE_ID>.",
    "[2026-09-04 08:27] Agent: Assigned to myself, investigating.\n"
    "[2026-09-04 13:27] Requester: I'm on <PHONE> if it's easier to talk.\n"
    "[2026-09-05 08:15] Agent: Completed. Please raise a new request if you need anything else.",
    created="2026-09-03 10:22:23", resolved="2026-09-05 08:15:50",
)
S_004 = sample_row(  # auto-closed after an unanswered question
    "REQ-100004", "Badge release printing not working", "Closed",
    "When I tap my badge at the printer it says 'no jobs found' even though I've just sent something. "
    "This has happened on and off for a couple of weeks.",
    "[2026-08-29 09:30] Agent: Could you send a screenshot of the error message?\n"
    "[2026-09-04 10:24] Agent: Auto-closed: no response from requester in 5 working days.",
    created="2026-08-28 21:27:38", resolved="2026-09-04 10:24:47",
)
S_008 = sample_row(  # same issue as REQ-100004, another title
    "REQ-100008", "Follow-me printing says no jobs", "Closed",
    "When I tap my bdage at the printer it says 'no jobs found' even though I've just sent something. "
    "I'm in the office on Thursday if that helps. I've turned it off and on again.\nCheers!",
    "[2025-02-14 14:12] Agent: Re-enrolled the user's badge in the print release system.",
    created="2025-02-14 09:04:04", resolved="2025-02-14 14:12:24",
)
S_027 = sample_row(
    "REQ-100027", "Spilled water on laptop", "Closed",
    "I spilled water on my laptop and now the trackpad doesn't work. I turned it off straight away.",
    "[2026-06-08 11:28] Agent: Hi person_5c5c5c5c, thanks for the ticket - I'll pick this up today.\n"
    "[2026-06-08 13:08] Agent: Can you tell me your asset tag? It's on a sticker under the laptop.\n"
    "[2026-06-08 15:29] Requester: It's NW-LT-05262.\n"
    "[2026-06-09 14:37] Agent: Completed. Please raise a new request if you need anything else.",
    created="2026-06-04 16:56:48", resolved="2026-06-09 14:37:49",
)
S_025 = sample_row(
    "REQ-100025", "Too cold on floor 3", "Cancelled",
    "The heating went off in our area this morning and hasn't come back.",
    "[2024-11-14 05:06] Requester: Not needed anymore, thanks.",
    created="2024-11-13 22:22:22", category="Facilities",
)

# ----------------------------------------------------------------------------- a ServiceNow-like export
JOURNAL_4501 = (  # ServiceNow journals: newest entry first
    "2026-09-30 16:20:05 - person_77aa8810 (Work notes)\n"
    "Rolled back the GlobalProtect client to 6.1.4 on the affected laptops; tunnels stable for 24 hours.\n"
    "Monitoring before closing.\n\n"
    "2026-09-29 10:02:11 - person_77aa8810 (Work notes)\n"
    "Reproduced the drop after KB5031354; asked Network Operations for gateway logs.\n"
)
COMMENTS_4501 = (
    "2026-09-30 16:25:40 - person_77aa8810 (Additional comments)\n"
    "We have rolled back the VPN client on your laptop, please let us know if it drops again.\n\n"
    "2026-09-29 09:15:40 - person_ab12cd34 (Additional comments)\n"
    "Still dropping every 10 minutes since the update, I can't stay on calls.\n"
)


def snow_row(rid: str, title: str, state: str, texts: dict, *, opened: str, closed: str | None = None) -> dict:
    return {
        "request_id": rid, "title": title, "status": state, "category": "Network", "priority": "2 - High",
        "created_at": _dt(opened), "updated_at": _dt(closed or opened), "resolved_at": _dt(closed),
        "people": {"caller_id": "person_ab12cd34", "assigned_to": "person_77aa8810"},
        "extra": {"assignment_group": "Network Operations"},
        "texts": texts, "body": title + "\n\n" + "\n\n".join(texts.values()),
    }


N_4501 = snow_row(
    "INC0004501", "GlobalProtect VPN drops after October Windows update", "Closed",
    {
        "description": "Since the October Windows update GlobalProtect VPN drops every 10 minutes for the whole "
                       "finance team; reconnecting works for a while.",
        "work_notes": JOURNAL_4501,
        "comments": COMMENTS_4501,
        "close_notes": "Rolled back the GlobalProtect client to 6.1.4 and paused the update ring for finance. "
                       "Root cause: the 6.2.0 client conflicts with KB5031354. Vendor fix expected in 6.2.1. "
                       "Closing after 24 hours stable.",
    },
    opened="2026-09-29 08:41:00", closed="2026-09-30 17:02:00",
)
N_4502 = snow_row(  # no close notes: the fix is the latest work note (journal newest first)
    "INC0004502", "VPN disconnecting every few minutes after update", "Resolved",
    {
        "description": "VPN disconnecting every few minutes after the Windows update, GlobalProtect says gateway "
                       "unreachable.",
        "work_notes": "2026-10-03 11:00:00 - person_77aa8810 (Work notes)\n"
                      "Reinstalled GlobalProtect 6.1.4 and cleared the cached portal config; connection stable.\n\n"
                      "2026-10-02 15:30:00 - person_77aa8810 (Work notes)\n"
                      "Same symptom as INC0004501, checking the client version.\n",
        "comments": "2026-10-03 11:05:00 - person_ab12cd34 (Additional comments)\nWorks now, thanks!\n",
    },
    opened="2026-10-02 14:10:00", closed="2026-10-03 11:00:00",
)
N_4510 = snow_row(
    "INC0004510", "Outlook keeps asking for password", "On Hold",
    {
        "description": "Outlook prompts for my password every hour since Monday.",
        "work_notes": "2026-10-20 09:00:00 - person_77aa8810 (Work notes)\nWaiting for the Microsoft case to come "
                      "back.\n",
    },
    opened="2026-10-19 08:00:00",
)


def hit(row: dict) -> Hit:
    return Hit(row["request_id"], row["texts"].get("description", ""), {"title": row["title"], "status": row["status"]})


def rows_of(*rows: dict) -> dict[str, dict]:
    return {r["request_id"]: r for r in rows}


# =============================================================================== resolution_of
def test_sample_latest_agent_fix_not_the_requester_or_the_question() -> None:
    assert resolution_of(S_134) == "Moved the user to the EU-West gateway; no more drops."
    # the requester's "That fixed it, thanks" after the fix is skipped
    assert resolution_of(S_171) == ("Known issue with the latest patch; applied the fix from the KB and the tunnel "
                                    "now stays up.")
    assert resolution_detail(S_171).kind == "fix"
    assert resolution_detail(S_171).source == "comments"


def test_sample_closed_without_a_fix() -> None:
    auto = resolution_detail(S_004)
    assert auto is not None and auto.kind == "closed"
    assert auto.text == "Auto-closed: no response from requester in 5 working days."
    bare = resolution_detail(S_136)
    assert bare is not None and (bare.kind, bare.text) == ("closed", "Completed.")  # boilerplate tail dropped
    # "It's on a sticker under the laptop." explains the agent's question: it is no fix
    spilled = resolution_detail(S_027)
    assert spilled is not None and (spilled.kind, spilled.text) == ("closed", "Completed.")


def test_open_requests_have_no_resolution_but_a_latest_update() -> None:
    assert request_state(S_202) == "open"
    assert resolution_of(S_202) is None
    update = latest_update(S_202)
    assert update is not None
    assert update.text == "Raised with the vendor (case VND-4471), waiting for their engineer."
    assert update.role == "agent" and update.when == datetime(2026, 10, 21, 15, 45)


def test_cancelled_by_the_requester() -> None:
    res = resolution_detail(S_025)
    assert request_state(S_025) == "cancelled"
    assert res is not None and (res.kind, res.text) == ("closed", "Not needed anymore, thanks.")


def test_servicenow_close_notes_win_trimmed_to_two_sentences() -> None:
    res = resolution_detail(N_4501)
    assert res is not None and res.source == "close_notes" and res.kind == "fix"
    assert res.text == ("Rolled back the GlobalProtect client to 6.1.4 and paused the update ring for finance. "
                        "Root cause: the 6.2.0 client conflicts with KB5031354.")


def test_multi_line_close_notes_are_one_note() -> None:
    row = snow_row("INC0004520", "VPN drops", "Closed", {
        "close_notes": "Rolled back the GlobalProtect client to 6.1.4.\nClosing after 24 hours stable.\n"},
        opened="2026-10-01 09:00:00", closed="2026-10-02 09:00:00")
    assert resolution_of(row) == "Rolled back the GlobalProtect client to 6.1.4. Closing after 24 hours stable."


def test_servicenow_latest_work_note_by_timestamp_not_position() -> None:
    # the journal lists the newest entry first; the caller's "Works now, thanks!" is not the fix
    assert resolution_of(N_4502) == ("Reinstalled GlobalProtect 6.1.4 and cleared the cached portal config; "
                                     "connection stable.")
    assert resolution_detail(N_4502).source == "work_notes"
    assert resolution_of(N_4510) is None  # on hold
    update = latest_update(N_4510)
    assert update is not None and update.text == "Waiting for the Microsoft case to come back."


@pytest.mark.parametrize("name,kind", [
    ("close_notes", "resolution"), ("CloseNotes", "resolution"), ("Close notes", "resolution"),
    ("Resolution", "resolution"), ("resolution_notes", "resolution"), ("u_fix_description", "resolution"),
    ("Solution", "resolution"), ("workaround", "resolution"), ("closure_summary", "resolution"),
    ("close_code", "text"), ("resolved_by", "text"), ("resolution_date", "text"),
    ("work_notes", "agent_log"), ("WorkNotes", "agent_log"), ("internal_notes", "agent_log"),
    ("comments", "log"), ("Updates", "log"), ("activity", "log"),
    ("description", "text"), ("short_description", "text"),
])
def test_field_names_are_read_by_words(name: str, kind: str) -> None:
    assert field_kind(name) == kind


def test_other_exports_labels_and_line_formats() -> None:
    jira = {"request_id": "HD-88", "title": "Dock not detecting monitors", "status": "Done",
            "texts": {"Description": "Both monitors go black when docked.",
                      "Comments": "Agent: Tried another cable, no change.\nRequester: Still black.\n"
                                  "Resolution: Updated the dock firmware to 1.0.17; both monitors detected.\n"
                                  "Agent: Closing."},
            "people": {}, "body": ""}
    assert resolution_of(jira) == "Updated the dock firmware to 1.0.17; both monitors detected."
    stamped = {"request_id": "T-1", "title": "Printer offline", "status": "Resolved", "people": {}, "body": "",
               "texts": {"updates": "2026-10-01 10:00 Technician: Printer had lost its IP; set a DHCP reservation.\n"
                                    "2026-10-01 10:30 User: Thanks, printing again."}}
    assert resolution_of(stamped) == "Printer had lost its IP; set a DHCP reservation."
    plain = {"request_id": "T-2", "title": "Teams crash", "status": "Closed", "people": {}, "body": "",
             "texts": {"Close notes": "Close notes: Cleared the Teams cache; stable since."}}
    assert resolution_of(plain) == "Cleared the Teams cache; stable since."


def test_pseudonymous_authors_take_their_role_from_people() -> None:
    row = {"request_id": "X-1", "title": "Laptop slow", "status": "Closed", "body": "",
           "people": {"requester": "person_aaaa1111", "assignee": "person_bbbb2222"},
           "texts": {"comments": "[2026-10-01 09:00] person_bbbb2222: Replaced the failing SSD.\n"
                                 "[2026-10-01 12:00] person_aaaa1111: I can't believe how fast it is now."}}
    assert resolution_of(row) == "Replaced the failing SSD."


def test_long_resolutions_are_cut_at_a_word() -> None:
    long = "Replaced " + ", ".join(f"the cable on port {i}" for i in range(40)) + "."
    row = {"request_id": "L-1", "title": "t", "status": "Closed", "people": {}, "body": "",
           "texts": {"resolution": long}}
    text = resolution_of(row)
    assert text is not None and len(text) <= 240 and text.endswith("…") and long.startswith(text[:-1])


@pytest.mark.parametrize("status,resolved_at,state", [
    ("Resolved", None, "resolved"), ("Closed Complete", None, "resolved"), ("Done", None, "resolved"),
    ("Canceled", None, "cancelled"), ("Closed - Duplicate", None, "cancelled"), ("In Progress", None, "open"),
    ("On Hold", None, "open"), ("Reopened", datetime(2026, 1, 1), "open"), ("Unresolved", None, "open"),
    ("Not Resolved", None, "open"), (None, datetime(2026, 1, 1), "resolved"), (None, None, "unknown"),
])
def test_request_state(status: str | None, resolved_at: datetime | None, state: str) -> None:
    assert request_state({"status": status, "resolved_at": resolved_at}) == state


def test_context_for_the_llm_from_either_export() -> None:
    assert context_for(S_134) == (
        "The VPN started disconnecting randomly over the weekend and I lose whatever I was doing in PowerPoint. "
        "I first noticed it over the weekend. It's not blocking me completely but it's really slowing me down.\n"
        "Resolution: Moved the user to the EU-West gateway; no more drops.")
    assert context_for(S_202).endswith("\nNot resolved yet; latest update: Raised with the vendor (case VND-4471), "
                                       "waiting for their engineer.")
    assert context_for(S_004).endswith("\nClosed without a recorded fix: Auto-closed: no response from requester in 5 "
                                       "working days.")
    snow = context_for(N_4501, max_chars=200)
    assert len(snow) <= 200 and snow.startswith("Since the October Windows update")
    assert "\nResolution: Rolled back the GlobalProtect client to 6.1.4" in snow


# =============================================================================== same issue
def test_near_identical_titles_group() -> None:
    assert same_issue(S_134["title"], "", S_171["title"], "")  # "URGENT:" and a typo
    assert same_issue("RE: Password reset needed", "", "password reset needed!", "")
    assert not same_issue("Access request: SAP", "", "Access request: Workday", "")  # 0.79


def test_same_symptom_under_another_title_groups() -> None:
    assert same_issue(S_004["title"], S_004["texts"]["description"], S_008["title"], S_008["texts"]["description"])
    assert same_issue(N_4501["title"], N_4501["texts"]["description"], "VPN drops since the October update",
                      "GlobalProtect VPN drops every few minutes since the October Windows update.")
    # the match is lexical: the same wave in other words ("disconnecting" for "drops") scores 0.31 on
    # its own (it can still join a group through a closer request: see the ServiceNow test below)
    assert not same_issue(N_4501["title"], N_4501["texts"]["description"], N_4502["title"],
                          N_4502["texts"]["description"])


def test_different_issues_of_one_subcategory_stay_apart() -> None:
    login_loop = ("VPN login loop", ("GlobalProtect asks for my password, accepts it, then asks again in a loop. "
                  "It's been going on for most of the day now."))
    assert not same_issue(S_134["title"], S_134["texts"]["description"], *login_loop)
    assert not same_issue(S_004["title"], S_004["texts"]["description"], "Printer jammed on floor 2",
                          "The printer on floor 2 keeps jamming, paper stuck in tray 2.")
    assert not same_issue(N_4510["title"], N_4510["texts"]["description"], N_4501["title"],
                          N_4501["texts"]["description"])


def test_thresholds_are_the_documented_ones() -> None:
    assert (sa_grouping.TITLE_RATIO, sa_grouping.TOKEN_JACCARD) == (0.9, 0.4)
    assert "0.9" in (sa_grouping.same_issue.__doc__ or "") and "0.4" in (sa_grouping.same_issue.__doc__ or "")


def test_groups_keep_the_order_of_first_appearance() -> None:
    hits = [hit(S_134), hit(S_004), hit(N_4510), hit(S_171), hit(S_008), hit(S_202)]
    groups = group_same_issue(hits, rows_of(S_134, S_004, N_4510, S_171, S_008, S_202))
    assert [[h.request_id for h in g] for g in groups] == [
        ["REQ-100134", "REQ-100171", "REQ-100202"], ["REQ-100004", "REQ-100008"], ["INC0004510"]]


def test_groups_fall_back_on_hit_metadata_without_rows() -> None:
    a = Hit("REQ-1", "", {"title": "Wi-Fi drops in the Bondi room"})
    b = Hit("REQ-2", "", {"title": "wifi drops in the bondi room"})
    c = Hit("REQ-3", "", {"title": "Monitor flickering"})
    assert [[h.request_id for h in g] for g in group_same_issue([a, c, b], {})] == [["REQ-1", "REQ-2"], ["REQ-3"]]


# =============================================================================== asks_for_fix
@pytest.mark.parametrize("question", [
    "how was the VPN disconnect fixed?", "How did IT solve the printer jam last month?",
    "how were the Outlook password prompts resolved", "what did we do last time the VPN dropped?",
    "is there a workaround for the Teams crash?", "any fix for GlobalProtect dropping after the update?",
    "what was the solution to the badge printing problem", "how do I fix VPN drops", "what fixed it?",
    "how did they get it working again", "what's the fix for the dock?",
])
def test_fix_questions(question: str) -> None:
    assert asks_for_fix(question)


@pytest.mark.parametrize("question", [
    "has anyone had VPN drops after the update?", "is REQ-100134 resolved?", "how many VPN requests were resolved?",
    "how long did it take to fix the printer?", "when was the VPN issue fixed?", "who is handling INC0004510?",
    "show me open printer requests",
])
def test_not_fix_questions(question: str) -> None:
    assert not asks_for_fix(question)


# =============================================================================== compose_extractive
def test_extractive_lists_groups_statuses_and_resolutions() -> None:
    rows = rows_of(S_134, S_171, S_202, S_136, S_004)
    hits = [hit(S_134), hit(S_136), hit(S_171), hit(S_202), hit(S_004)]
    answer = compose_extractive("has anyone had VPN drops after the update?", hits, rows, asks_fix=False)
    lines = answer.text.splitlines()
    assert lines[0] == "I found 5 matching requests about 3 issues:"
    assert lines[1] == ("• REQ-100134, REQ-100171 and REQ-100202: VPN keeps disconnecting after Windows update "
                        "(2 Closed, 1 In Progress). Fixed (REQ-100134): Moved the user to the EU-West gateway; "
                        "no more drops.")
    assert lines[2] == ("• REQ-100136: VPN unstable - dropping all day (Closed, resolved 2026-09-05). "
                        "Closed without a recorded fix: “Completed.”")
    assert lines[3].startswith("• REQ-100004: Badge release printing not working (Closed, resolved 2026-09-04). "
                               "Closed without a recorded fix: “Auto-closed")
    assert answer.cited_ids == ("REQ-100134", "REQ-100171", "REQ-100202", "REQ-100136", "REQ-100004")
    assert answer.groups == (("REQ-100134", "REQ-100171", "REQ-100202"), ("REQ-100136",), ("REQ-100004",))
    assert answer.fix_id is None
    assert "|" not in answer.text and "**" not in answer.text  # no tables, no markdown
    assert compose_extractive("has anyone had VPN drops after the update?", hits, rows, asks_fix=False) == answer


def test_not_resolved_yet_shows_the_latest_update() -> None:
    answer = compose_extractive("outlook password prompts", [hit(N_4510), hit(S_202)], rows_of(N_4510, S_202),
                                asks_fix=False)
    assert answer.text.splitlines()[1] == (
        "• INC0004510: Outlook keeps asking for password (On Hold). Not resolved yet; latest update (agent, "
        "2026-10-20): Waiting for the Microsoft case to come back.")
    assert answer.text.splitlines()[2].startswith("• REQ-100202: VPN keeps disconnecting after the Windows update "
                                                  "(In Progress). Not resolved yet; latest update (agent, 2026-10-21)")


def test_fix_questions_lead_with_the_best_resolved_fix() -> None:
    rows = rows_of(S_202, S_136, S_134, S_171)
    hits = [hit(S_202), hit(S_136), hit(S_134), hit(S_171)]  # the best match is still open
    answer = compose_extractive("how was the VPN disconnect fixed?", hits, rows, asks_fix=True)
    first, blank, head, *items = answer.text.splitlines()
    assert first == ("What fixed it in REQ-100134 (VPN keeps disconnecting after Windows update): "
                     "Moved the user to the EU-West gateway; no more drops.")
    assert blank == "" and head == "I found 4 matching requests about 2 issues:"
    assert "Fixed (REQ-100134): see above." in items[0]
    assert answer.fix_id == "REQ-100134"


def test_last_time_prefers_the_most_recent_fix_of_that_issue() -> None:
    rows = rows_of(S_134, S_171, S_008)
    answer = compose_extractive("what did we do last time the VPN kept disconnecting?",
                                [hit(S_134), hit(S_171), hit(S_008)], rows, asks_fix=True)
    assert answer.fix_id == "REQ-100171"  # resolved 2026-09-10, after REQ-100134 (2026-08-05)
    assert answer.text.startswith("What fixed it in REQ-100171 (URGENT: VPN keeps disconecting after Windows update): "
                                  "Known issue with the latest patch;")


def test_fix_question_without_any_fix() -> None:
    answer = compose_extractive("how was it fixed?", [hit(S_202), hit(S_136)], rows_of(S_202, S_136), asks_fix=True)
    assert answer.text.splitlines()[0] == "None of the matching requests records a fix yet."
    assert answer.fix_id is None


def test_servicenow_rows_and_many_in_one_group() -> None:
    extra = [snow_row(f"INC00046{i:02d}", "GlobalProtect VPN drops after October Windows update", "Closed",
                      {"description": "GlobalProtect VPN drops every 10 minutes since the October Windows update.",
                       "close_notes": "Rolled back the GlobalProtect client to 6.1.4."},
                      opened="2026-10-01 09:00:00", closed="2026-10-01 12:00:00") for i in range(3)]
    rows = rows_of(N_4501, N_4502, *extra)
    hits = [hit(N_4501), hit(N_4502), *(hit(r) for r in extra)]
    answer = compose_extractive("any fix for GlobalProtect dropping?", hits, rows, asks_fix=True)
    lines = answer.text.splitlines()
    assert lines[0].startswith("What fixed it in INC0004501 (GlobalProtect VPN drops after October Windows update): "
                               "Rolled back the GlobalProtect client to 6.1.4 and paused the update ring for finance.")
    assert lines[2] == "I found 5 matching requests about 1 issue:"
    # INC0004502 says "disconnecting" where INC0004501 says "drops", but it shares enough words with
    # INC0004600-02 (0.42): one group, joined transitively, in the order of the hits
    assert lines[3] == ("• INC0004501, INC0004502 and 3 more: GlobalProtect VPN drops after October Windows update "
                        "(4 Closed, 1 Resolved). Fixed (INC0004501): see above.")
    assert answer.cited_ids == ("INC0004501", "INC0004502", "INC0004600", "INC0004601", "INC0004602")
    assert answer.groups == (answer.cited_ids,)


def test_rows_missing_use_the_hit() -> None:
    answer = compose_extractive("q", [Hit("REQ-9", "Text", {"title": "Printer jam", "status": "New"})], {},
                                asks_fix=False)
    assert answer.text.splitlines()[1] == "• REQ-9: Printer jam (New). Not resolved yet; no updates."


# =============================================================================== check_lead
CTX_IDS = ["REQ-100134", "REQ-100171", "REQ-100202"]
CONTEXT = (
    "[REQ-100134] VPN keeps disconnecting after Windows update (status: Closed, created: 2026-08-04)\n"
    "The VPN started disconnecting randomly over the weekend.\nResolution: Moved the user to the EU-West gateway.\n\n"
    "[REQ-100171] URGENT: VPN keeps disconecting after Windows update (status: Closed, created: 2026-09-10)\n"
    "Resolution: Known issue with the latest patch; applied the fix from the KB.\n\n"
    "[REQ-100202] VPN keeps disconnecting after the Windows update (status: In Progress, created: 2026-10-20)\n"
    "Raised with the vendor, waiting for their engineer. Windows 11 laptops drop every 10 minutes."
)
Q = "has anyone had VPN drops after the update?"


def check(text: str, **kw) -> sa_lead.LeadCheck:
    return check_lead(text, context_ids=kw.pop("ids", CTX_IDS), context_text=kw.pop("ctx", CONTEXT),
                      question=kw.pop("q", Q), **kw)


@pytest.mark.parametrize("lead", [
    ("Yes, VPN drops after the Windows update were reported in [REQ-100134] and [REQ-100171]; moving the user "
    "to the EU-West gateway fixed the first."),
    ("I found requests about it: [REQ-100134] was fixed by moving the user to another gateway, and "
    "[REQ-100202] is still open."),
    "Windows 11 laptops drop every 10 minutes [REQ-100202]; it has been open since 2026-10-20.",
    "Yes: the requester of [REQ-100134] wrote “I lose whatever I was doing”, and the fix was a gateway move.",
    "I couldn't find a confirmed fix for the latest one [REQ-100202], but [REQ-100171] was a known patch issue.",
    "Yes, [REQ-100134] had the same drops after the Windows update; switching gateways fixed it.",  # 1 new word
])
def test_leads_that_pass(lead: str) -> None:
    result = check(lead)
    assert result.ok, result.reasons
    assert result.reasons == ()
    assert result.cited


def test_lead_is_cleaned_cut_and_ids_respelled() -> None:
    result = check("assistant: **Yes**, it happened before [req 100134].  It was fixed by a gateway move.\n"
                   "Another sentence that goes away. And another one.")
    assert result.ok, result.reasons
    assert result.text == "Yes, it happened before [REQ-100134]. It was fixed by a gateway move."
    assert result.cited == ("REQ-100134",)


def test_counts_stated_by_the_extractive_part_are_allowed() -> None:
    lead = "Three requests had the same drops, and one of them is fixed [REQ-100134]."
    assert check(lead).reasons == ("number_not_in_context: Three",)
    assert check(lead, ctx=CONTEXT + "\nI found 3 matching requests about 1 issue:").ok


@pytest.mark.parametrize("lead,reason", [
    ("Yes, this was reported in [REQ-100999] and fixed by a gateway move.", "invented_id: REQ-100999"),
    ("Yes, [REQ-100134] and [INC0000042] had it.", "invented_id: INC0000042"),
    ("Yes, it was fixed in 45 minutes [REQ-100134].", "number_not_in_context: 45"),
    ("Yes, it happened 7 times since 2026-11-02 [REQ-100134].", "number_not_in_context: 7, 2026-11-02"),
    ("Yes, I have had VPN drops after the update [REQ-100134].", "first_person: I"),
    ("The VPN connection keeps dropping on my laptop [REQ-100134].", "first_person: my"),
    ("We're seeing the same drops [REQ-100202].", "first_person: We're"),
    ("Yes, VPN drops after the update happened before and a gateway move fixed them.", "no_citation"),
    ("I don't know based on the requests I found.", "dont_know"),
    ("I couldn't find any relevant requests [REQ-100134].", "dont_know"),
    ("", "empty"),
    # what Qwen2.5-Coder-0.5B wrote with earlier prompts
    ("Yes, I have had VPN drops after the update. The VPN connection keeps dropping, sometimes several times an hour.",
     "first_person: I"),
    ("Yes, this was reported before [REQ-100134]; it was fixed by reinstalling the client.",
     "unsupported: reinstalling, client"),
    ("[REQ-100134] VPN keeps disconnecting after Windows update (status: Closed, created: 2026-08-04)", "echo"),
    ("Yes, [REQ-100134] had it; it was fixed by <what its resolution says>.", "echo"),
])
def test_leads_that_fail(lead: str, reason: str) -> None:
    result = check(lead)
    assert not result.ok
    assert any(r.startswith(reason) for r in result.reasons), result.reasons


def test_dont_know_is_not_also_first_person() -> None:
    assert check("I don't know based on the requests I found.").reasons == (
        "no_citation: cites none of REQ-100134, REQ-100171, REQ-100202", "dont_know")


def test_too_long_after_the_cut() -> None:
    long_sentence = "Yes, [REQ-100134] " + " ".join(["had the same VPN drops after the Windows update"] * 8) + "."
    result = check(long_sentence + " Second sentence. Third sentence.")
    assert not result.ok
    assert result.reasons[0].startswith("too_long: ") and "(max 60)" in result.reasons[0]
    assert result.text.endswith("Second sentence.")  # cut to two sentences before counting


def test_digits_inside_ids_are_not_numbers() -> None:
    # the context text names no REQ ids at all: their digits still don't count as stated numbers
    result = check("[REQ-100134] and [REQ-100171] were both fixed.", ctx="Two requests, both fixed.")
    assert result.ok, result.reasons


def test_servicenow_ids_and_the_vocabulary_pattern() -> None:
    ids = ["INC0004501", "INC0004502"]
    ctx = "[INC0004501] GlobalProtect VPN drops after October Windows update\nRolled back the client to 6.1.4."
    ok = check_lead("Yes: [INC0004501] was fixed by rolling the GlobalProtect client back to 6.1.4.",
                    context_ids=ids, context_text=ctx, question="any fix for GlobalProtect drops?")
    assert ok.ok, ok.reasons
    bad = check_lead("Yes: [INC0004501] was fixed by installing 6.2.1.", context_ids=ids, context_text=ctx,
                     question="any fix?")
    assert bad.reasons == ("number_not_in_context: 6.2.1",)
    pattern = id_pattern((IdShape("INC", "", 7, True),))
    invented = check_lead("See inc 4599 and [INC0004501].", context_ids=ids, context_text=ctx, question="q",
                          id_re=pattern)
    assert invented.reasons == ("invented_id: inc 4599",)


def test_reasons_are_readable_for_the_trace() -> None:
    result = check("Yes, I had it 3 times on my laptop.")
    assert [re.sub(r":.*", "", r) for r in result.reasons] == ["no_citation", "number_not_in_context", "first_person"]
    assert result.reasons[2] == "first_person: I, my (“I had it”)"


def test_unsupported_words_compare_roots_and_skip_quotes() -> None:
    # "moving" ~ "Moved", "patches" ~ "patch", "drops" ~ "drop": nothing unsupported
    assert check("Yes [REQ-100134]: moving the user to the EU-West gateway fixed the drops; [REQ-100171] was "
                 "one of the patches.").ok
    # a symptom or fix no request mentions, even a short one
    result = check("Yes, [REQ-100134] was fixed by replacing the router firmware.")
    assert result.reasons == ("unsupported: replacing, router, firmware",)
    assert sa_lead.MAX_UNSUPPORTED_WORDS == 1


def test_request_state_follows_the_vocabulary_s_finished_statuses() -> None:
    # the mapping declared "Archived" finished and "Done" open (a team's own naming): the search
    # answer agrees with what a count calls open, not with the status's English words
    finished = frozenset({"Archived", "Withdrawn", "Closed"})
    assert request_state({"status": "Archived"}, finished) == "resolved"
    assert request_state({"status": "Done"}, finished) == "open"
    assert request_state({"status": "Withdrawn"}, finished) == "cancelled"
    assert request_state({"status": " Closed "}, finished) == "resolved"
    assert request_state({"status": "Done"}) == "resolved"  # without a vocabulary: the words decide
