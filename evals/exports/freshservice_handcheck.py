"""Hand check of freshservice-3000 truths straight from the CSV (pandas), independent of the question builder.

Reads ``evals/exports/freshservice-3000.csv.gz`` as text, applies the mapping's rules by hand (strip
cells; "" and "--" are no value; dates ``%Y-%m-%d %H:%M:%S``; rows without an id or a parsable
created date dropped; the latest ``Last Updated Time`` of an id wins), recomputes ~30 expected values
and asserts each equals ``evals/golden/freshservice-3000.jsonl``.

Run from the repo root: ``python evals/exports/freshservice_handcheck.py`` (exit 1 on any mismatch).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

raw = pd.read_csv("evals/exports/freshservice-3000.csv.gz", dtype=str, keep_default_na=False)
df = raw.apply(lambda c: c.str.strip()).replace({"--": ""})
for c in ("Created Time", "Last Updated Time", "Resolved Time"):
    df[c] = pd.to_datetime(df[c], format="%Y-%m-%d %H:%M:%S", errors="coerce")
df = df[(df["Ticket Id"] != "") & df["Created Time"].notna()].copy()
df["upd"] = df["Last Updated Time"].fillna(df["Created Time"])
df = df.sort_values("upd").groupby("Ticket Id").tail(1)
df = df.rename(columns={"Created Time": "created", "Resolved Time": "resolved", "Sub-Category": "sub",
                        "Department": "dept", "Location": "loc", "Source": "src", "Group": "grp"})

NOW = pd.Timestamp("2026-09-15 14:05:00")
TODAY = NOW.normalize()
openm = ~df.Status.isin({"Resolved", "Closed"})
Q = {q["id"]: q for q in map(json.loads, Path("evals/golden/freshservice-3000.jsonl").read_text().splitlines())}
failures: list[str] = []


def by_question(text: str) -> str:
    """The id of the (non-follow-up) question with this text: the check names questions, not numbers."""
    hits = [k for k, q in Q.items() if q["question"] == text and not q.get("history")]
    assert len(hits) == 1, text
    return hits[0]


def created_in(a: str, b: str | None = None) -> pd.Series:
    m = df.created >= pd.Timestamp(a)
    return m & (df.created < pd.Timestamp(b)) if b else m


def resolved_in(a: str, b: str | None = None) -> pd.Series:
    m = df.resolved >= pd.Timestamp(a)
    return m & (df.resolved < pd.Timestamp(b)) if b else m


def check(text: str, field: str, got, *, tol: float = 0.0) -> None:
    qid = by_question(text)
    exp = Q[qid][field]
    ok = abs(float(exp) - float(got)) <= tol if tol else exp == got
    print(f"{'ok  ' if ok else 'FAIL'} {qid}: {text!r}\n      expected {exp}\n      hand     {got}")
    if not ok:
        failures.append(qid)


def groups(series: pd.Series, n: int | None = None) -> list[list]:
    vc = series[series != ""].value_counts()
    ranked = sorted(([k, int(v)] for k, v in vc.items()), key=lambda kv: (-kv[1], kv[0]))
    n = n or (len(ranked) if len(ranked) <= 8 else 5)
    cut = ranked[:n]
    return cut + [g for g in ranked[n:] if g[1] == cut[-1][1]]


def res_hours(m: pd.DataFrame) -> np.ndarray:
    m = m[m.resolved.notna()]
    return ((m.resolved - m.created).dt.total_seconds() / 3600).to_numpy()


def ages(m: pd.DataFrame) -> np.ndarray:
    m = m[~m.Status.isin({"Resolved", "Closed"})]
    return ((NOW - m.created).dt.total_seconds() / 3600).to_numpy()


def first(m: pd.DataFrame, n: int, col: str = "created", desc: bool = False) -> list[str]:
    return list(m.sort_values([col, "Ticket Id"], ascending=[not desc, True])["Ticket Id"][:n])


print("tickets", len(df))
assert len(df) == 2990
check("how many tickets are open right now?", "expected_number", int(openm.sum()))
check("hey, how many service requests are awaiting approval atm?", "expected_number",
      int(((df.Type == "Service Request") & (df.Status == "Awaiting Approval")).sum()))
check("tickets raised yesterday?", "expected_number", int(created_in("2026-09-14", "2026-09-15").sum()))
check("how many tix did we resolve last week?", "expected_number", int(resolved_in("2026-09-07", "2026-09-14").sum()))
check("payroll tickets that aren't closed yet?", "expected_number", int(((df["sub"] == "Payroll") & (df.Status != "Closed")).sum()))
check("count of unresolved tickets other than the lisbon office", "expected_number",
      int((openm & (df["loc"] != "Lisbon") & (df["loc"] != "")).sum()))
check("how many SRs were logged between 1 and 15 August?", "expected_number",
      int(((df.Type == "Service Request") & created_in("2026-08-01", "2026-08-16")).sum()))
check("how many phishing reports in the last 30 days", "expected_number",
      int(((df["sub"] == "Phishing") & created_in(str(TODAY - pd.Timedelta(days=29)))).sum()))
check("maintenance tickets in lisbon and amsterdam last month?", "expected_number",
      int(((df["sub"] == "Maintenance") & df["loc"].isin(["Lisbon", "Amsterdam"]) & created_in("2026-08-01", "2026-09-01")).sum()))
check("how many Awaiting Approval tickets were created before July", "expected_number",
      int(((df.Status == "Awaiting Approval") & (df.created < pd.Timestamp("2026-07-01"))).sum()))
check("github access requests this year?", "expected_number",
      int(((df["sub"] == "Application Access") & (df.Item == "GitHub") & created_in("2026-01-01")).sum()))
check("how many tickets are there in total", "expected_number", len(df))
check("how many tickets in the Access Management category are not closed", "expected_number",
      int(((df.Category == "Access Management") & (df.Status != "Closed")).sum()))
check("list the 5 oldest access requests still awaiting approval", "expected_request_ids",
      first(df[(df.Category == "Access Management") & (df.Type == "Service Request") & (df.Status == "Awaiting Approval")], 5))
check("10 oldest unresolved tickets pls", "expected_request_ids", first(df[openm], 10))
check("show the 5 most recently updated tickets for the IAM team", "expected_request_ids",
      first(df[df.grp == "IAM Team"], 5, "upd", desc=True))
m = df[resolved_in("2026-08-01", "2026-09-01")].assign(dur=lambda x: x.resolved - x.created)
check("which ticket took the longest to resolve out of the ones resolved last month", "expected_request_ids",
      first(m, 1, "dur", desc=True))
check("tickets by department", "expected_groups", groups(df.dept))
check("breakdown of open tickets by group", "expected_groups", groups(df[openm].grp))
check("top 5 items for hardware tickets", "expected_groups", groups(df[df.Category == "Hardware"].Item, 5))
check("which office has the most unresolved tickets, not counting remote", "expected_groups",
      groups(df[openm & (df["loc"] != "Remote")]["loc"], 1))
check("incidents vs service requests this year", "expected_groups", groups(df[created_in("2026-01-01")].Type))
check("whats the avg time to resovle urgent incidents?", "expected_hours",
      res_hours(df[(df.Priority == "Urgent") & (df.Type == "Incident")]).mean(), tol=1e-3)
check("median age of tickets awaiting approval", "expected_hours", np.median(ages(df[df.Status == "Awaiting Approval"])),
      tol=1e-3)
check("90th percentile of resolution time for P1s", "expected_hours", np.percentile(res_hours(df[df.Priority == "Urgent"]), 90),
      tol=1e-3)
check("median resolution time for hardware tickets opened in 2025", "expected_hours",
      np.median(res_hours(df[(df.Category == "Hardware") & created_in("2025-01-01", "2026-01-01")])), tol=1e-3)
months = pd.period_range("2026-04", "2026-09", freq="M")
c = df.created.dt.to_period("M").value_counts()
check("tickets per month", "expected_series", [[str(p), int(c.get(p, 0))] for p in months])
weeks = pd.date_range("2026-07-27", "2026-09-14", freq="7D")
wk = df.resolved.dropna().dt.normalize()
wk = (wk - pd.to_timedelta(wk.dt.day_of_week, unit="D")).value_counts()
check("tickets resolved per week, last 8 weeks", "expected_series", [[w.strftime("%Y-%m-%d"), int(wk.get(w, 0))] for w in weeks])
months = pd.period_range("2025-01", "2025-12", freq="M")
c = df[df.dept == "Finance"].created.dt.to_period("M").value_counts()
check("how many tickets did finance raise per month in 2025?", "expected_series", [[str(p), int(c.get(p, 0))] for p in months])
check("what percentage of open tickets are awaiting approval", "expected_percent",
      100 * (df[openm].Status == "Awaiting Approval").mean(), tol=1e-3)
base = df[created_in(str(TODAY - pd.Timedelta(days=29)))]
check("what percent of tickets created in the last 30 days are still open", "expected_percent",
      100 * (~base.Status.isin({"Resolved", "Closed"})).mean(), tol=1e-3)
base = df[df.Category == "HR Services"]
check("% of HR Services tickets that are payroll", "expected_percent", 100 * (base["sub"] == "Payroll").mean(), tol=1e-3)
# lookups: the expected value is the row's; unknown ids are in no row of the file (broken ones included)
raw_numbers = {i.split("-")[1] for i in raw["Ticket Id"] if i}
for q in Q.values():
    if q["kind"] == "lookup":
        row = df[df["Ticket Id"] == q["expected_request_ids"][0]].iloc[0]
        if q["expected_answer"] not in set(row[["Status", "Priority", "Category", "Subject", "grp", "sub", "loc"]]):
            failures.append(q["id"])
            print("FAIL", q["id"], q["expected_answer"])
    if q["kind"] == "unknown":
        digits = "".join(ch for ch in q["question"] if ch.isdigit())
        if digits in raw_numbers:
            failures.append(q["id"])
            print("FAIL", q["id"], digits)
print(f"\n{len(failures)} mismatches" + (f": {failures}" if failures else " (every hand-computed truth matches)"))
sys.exit(1 if failures else 0)
