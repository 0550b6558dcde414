"""Hand check of zendesk-3000 truths straight from the CSV (pandas), independent of the question builder.

Reads ``evals/exports/zendesk-3000.csv.gz`` as text, applies the mapping's rules by hand (strip cells;
"" and "-" are no value; dates ``%Y-%m-%d %H:%M:%S %z``; rows without an id or a parsable created date
dropped; the latest ``Updated at`` of an id wins), recomputes ~30 expected values and asserts each
equals ``evals/golden/zendesk-3000.jsonl``.

Run from the repo root: ``python evals/exports/zendesk_handcheck.py`` (exit 1 on any mismatch).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

df = pd.read_csv("evals/exports/zendesk-3000.csv.gz", dtype=str, keep_default_na=False)
df = df.apply(lambda c: c.str.strip())
df = df.replace({"-": ""})
for c in ("Created at", "Updated at", "Solved at"):
    df[c] = pd.to_datetime(df[c], format="%Y-%m-%d %H:%M:%S %z", errors="coerce").dt.tz_convert(None)
df = df[(df["Id"] != "") & df["Created at"].notna()].copy()
df["upd"] = df["Updated at"].fillna(df["Created at"])
df = df.sort_values("upd").groupby("Id").tail(1)
df = df.rename(columns={"Created at": "created", "Solved at": "solved", "Product Area": "area", "Customer Plan": "plan",
                        "Ticket form": "form"})

NOW = pd.Timestamp("2026-07-09 16:45")
unsolved = ~df.Status.isin({"Solved", "Closed"})
Q = {q["id"]: q for q in map(json.loads, Path("evals/golden/zendesk-3000.jsonl").read_text().splitlines())}
failures: list[str] = []


def created_in(a: str, b: str | None = None) -> pd.Series:
    m = df.created >= pd.Timestamp(a)
    return m & (df.created < pd.Timestamp(b)) if b else m


def solved_in(a: str, b: str | None = None) -> pd.Series:
    m = df.solved >= pd.Timestamp(a)
    return m & (df.solved < pd.Timestamp(b)) if b else m


def check(qid: str, field: str, got, *, tol: float = 0.0) -> None:
    q = Q[qid]
    exp = q[field]
    ok = abs(float(exp) - float(got)) <= tol if tol else exp == got
    print(f"{'ok  ' if ok else 'FAIL'} {qid}: {q.get('history', '')} {q['question']!r}\n      expected {exp}\n      hand     {got}")
    if not ok:
        failures.append(qid)


def groups(series: pd.Series, n: int | None = None) -> list[list]:
    vc = series[series != ""].value_counts()
    ranked = sorted(([k, int(v)] for k, v in vc.items()), key=lambda kv: (-kv[1], kv[0]))
    n = n or (len(ranked) if len(ranked) <= 8 else 5)
    cut = ranked[:n]
    return cut + [g for g in ranked[n:] if g[1] == cut[-1][1]]


def res_hours(m: pd.DataFrame) -> np.ndarray:
    m = m[m.solved.notna()]
    return ((m.solved - m.created).dt.total_seconds() / 3600).to_numpy()


def ages(m: pd.DataFrame) -> np.ndarray:
    m = m[~m.Status.isin({"Solved", "Closed"})]
    return ((NOW - m.created).dt.total_seconds() / 3600).to_numpy()


def oldest(m: pd.DataFrame, n: int, col: str = "created", desc: bool = False) -> list[str]:
    return list(m.sort_values([col, "Id"], ascending=[not desc, True]).Id[:n])


print("tickets", len(df))
assert len(df) == 2990
check("zd-count-002", "expected_number", int(unsolved.sum()))
check("zd-count-001", "expected_number", int(((df.Status == "Pending") & (df.Priority == "Urgent")).sum()))
check("zd-count-006", "expected_number", int(created_in("2026-07-09").sum()))
check("zd-count-009", "expected_number", int(created_in("2026-06-29", "2026-07-06").sum()))
check("zd-count-011", "expected_number", int(solved_in("2026-06-01", "2026-07-01").sum()))
check("zd-count-015", "expected_number", int((unsolved & df.Priority.isin(["Urgent", "High"])).sum()))
check("zd-count-035", "expected_number", int(((df.Status == "Pending") & (df.Via != "Chat")).sum()))
check("zd-count-037", "expected_number", int(((df.Priority == "Urgent") & created_in("2026-06-01", "2026-06-16")).sum()))
check("zd-count-039", "expected_number", int(created_in("2025-01-01", "2026-01-01").sum()))
check("zd-count-047", "expected_number", int(((df.Priority == "Urgent") & created_in(str(NOW.normalize() - pd.Timedelta(days=6)))).sum()))
check("zd-count-065", "expected_number", int(((df.Status != "Closed") & created_in("2026-07-01")).sum()))
check("zd-count-066", "expected_number", len(df))
check("zd-count-069", "expected_number", int(((df.Via == "Email") & created_in("2026-06-01", "2026-07-01")).sum()))
check("zd-count-079", "expected_number",
      int(((df.area == "Imports") & created_in("2026-04-01", "2026-07-01") & (df.Via != "Chat")).sum()))
check("zd-list-001", "expected_request_ids", oldest(df[unsolved & (df.Priority == "Urgent")], 1))
check("zd-list-013", "expected_request_ids", oldest(df[unsolved], 10))
check("zd-list-009", "expected_request_ids", oldest(df[df.Status == "Pending"], 5, "upd"))
check("zd-list-012", "expected_request_ids", oldest(df[df.Organization == "Paper Crane Studio"], 5, desc=True))
m = df[solved_in("2026-06-01", "2026-07-01")].assign(dur=lambda x: x.solved - x.created)
check("zd-list-005", "expected_request_ids", oldest(m, 1, "dur", desc=True))
check("zd-top-003", "expected_groups", groups(df[unsolved].Status))
check("zd-top-010", "expected_groups", groups(df.Organization, 5))
check("zd-top-022", "expected_groups", groups(df[df.area == "Integrations"].Group, 1))
check("zd-top-033", "expected_groups", groups(df[unsolved].Region))
check("zd-top-008", "expected_groups", groups(df[created_in("2026-06-01", "2026-07-01")].plan))
check("zd-duration-001", "expected_hours", res_hours(df[df.area == "Billing"]).mean(), tol=1e-3)
check("zd-duration-002", "expected_hours", np.median(res_hours(df[df.Priority == "Urgent"])), tol=1e-3)
check("zd-duration-006", "expected_hours", ages(df).mean(), tol=1e-3)
check("zd-duration-017", "expected_hours", np.percentile(ages(df), 90), tol=1e-3)
check("zd-duration-028", "expected_hours", np.percentile(res_hours(df[df.plan == "Enterprise"]), 90), tol=1e-3)
months = pd.period_range("2026-02", "2026-07", freq="M")
c = df.created.dt.to_period("M").value_counts()
check("zd-trend-001", "expected_series", [[str(p), int(c.get(p, 0))] for p in months])
months = pd.period_range("2025-01", "2025-12", freq="M")
c = df[df.Via == "Chat"].created.dt.to_period("M").value_counts()
check("zd-trend-007", "expected_series", [[str(p), int(c.get(p, 0))] for p in months])
weeks = pd.date_range("2026-05-18", "2026-07-06", freq="7D")
wk = df.solved.dropna().dt.normalize()
wk = (wk - pd.to_timedelta(wk.dt.day_of_week, unit="D")).value_counts()
check("zd-trend-006", "expected_series", [[w.strftime("%Y-%m-%d"), int(wk.get(w, 0))] for w in weeks])
check("zd-share-001", "expected_percent", 100 * (df.Via == "Chat").mean(), tol=1e-3)
base = df[created_in(str(NOW.normalize() - pd.Timedelta(days=29)))]
check("zd-share-016", "expected_percent", 100 * (~base.Status.isin({"Solved", "Closed"})).mean(), tol=1e-3)
base = df[df.area == "Billing"]
check("zd-share-003", "expected_percent", 100 * (base.plan == "Enterprise").mean(), tol=1e-3)
# lookups: the answer's value is the row's; unknown ids are in no row of the file (broken ones included)
raw_ids = set(pd.read_csv("evals/exports/zendesk-3000.csv.gz", dtype=str, keep_default_na=False).Id)
for q in Q.values():
    if q["kind"] == "lookup":
        row = df[df.Id == q["expected_request_ids"][0]].iloc[0]
        if q["expected_answer"] not in set(row[["Status", "Priority", "area", "Subject", "Group", "Type", "Via"]]):
            failures.append(q["id"])
            print("FAIL", q["id"], q["expected_answer"])
    if q["kind"] == "unknown":
        digits = "".join(ch for ch in q["question"] if ch.isdigit())
        if digits in raw_ids:
            failures.append(q["id"])
            print("FAIL", q["id"], digits)
print(f"\n{len(failures)} mismatches" + (f": {failures}" if failures else " (every hand-computed truth matches)"))
sys.exit(1 if failures else 0)
