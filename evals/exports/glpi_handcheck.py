"""Hand check of glpi-3000 truths straight from the CSV (pandas), independent of the question builder.

Reads ``evals/exports/glpi-3000.csv.gz`` as text, applies the mapping's rules by hand (strip cells;
"" and "-----" are no value; dates ``%Y-%m-%d %H:%M``; rows without an id or a parsable opening
date dropped; the latest ``Last update`` of an id wins), recomputes ~30 expected values and asserts
each equals ``evals/golden/glpi-3000.jsonl``.

Run from the repo root: ``python evals/exports/glpi_handcheck.py`` (exit 1 on any mismatch).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

raw = pd.read_csv("evals/exports/glpi-3000.csv.gz", dtype=str, keep_default_na=False)
df = raw.apply(lambda c: c.str.strip()).replace({"-----": ""})
for c in ("Opening date", "Last update", "Resolution date"):
    df[c] = pd.to_datetime(df[c], format="%Y-%m-%d %H:%M", errors="coerce")
df = df[(df["ID"] != "") & df["Opening date"].notna()].copy()
df["upd"] = df["Last update"].fillna(df["Opening date"])
df = df.sort_values("upd").groupby("ID").tail(1)
df = df.rename(columns={"Opening date": "created", "Resolution date": "resolved", "Request source": "src",
                        "Assigned to - Group": "grp", "Category": "cat", "Entity": "ent", "Location": "loc"})
df["n"] = df["ID"].astype(int)

NOW = pd.Timestamp("2026-04-22 15:40")
TODAY = NOW.normalize()
FIN = {"Solved", "Closed"}
openm = ~df.Status.isin(FIN)
Q = {q["id"]: q for q in map(json.loads, Path("evals/golden/glpi-3000.jsonl").read_text().splitlines())}
failures: list[str] = []


def by_question(text: str) -> str:
    hits = [k for k, q in Q.items() if q["question"] == text and not q.get("history")]
    assert len(hits) == 1, text
    return hits[0]


def branch(path: str) -> pd.Series:
    return (df.cat == path) | df.cat.str.startswith(path + " > ")


def entity(level: str) -> pd.Series:
    return df.ent.str.split(" > ").apply(lambda parts: level in parts)


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
    m = m[~m.Status.isin(FIN)]
    return ((NOW - m.created).dt.total_seconds() / 3600).to_numpy()


def first(m: pd.DataFrame, n: int, col: str = "created", desc: bool = False) -> list[str]:
    return list(m.sort_values([col, "n"], ascending=[not desc, True])["ID"][:n])


print("tickets", len(df))
assert len(df) == 2990
check("how many tickets are open right now?", "expected_number", int(openm.sum()))
check("how many tickets are in processing?", "expected_number", int(df.Status.str.startswith("Processing").sum()))
check("how many tickets came in yesterday", "expected_number", int(created_in("2026-04-21", "2026-04-22").sum()))
check("how many tickets did we fix last week?", "expected_number", int(resolved_in("2026-04-13", "2026-04-20").sum()))
check("wifi issues on campus north last month?", "expected_number",
      int(((df.cat == "Network > Wi-Fi") & entity("Campus North") & created_in("2026-03-01", "2026-04-01")).sum()))
check("how many printer tickets are still open", "expected_number", int((branch("Hardware > Printer") & openm).sum()))
check("number of open tickets other than printers", "expected_number", int((openm & ~branch("Hardware > Printer")).sum()))
check("how many phoned in tickets in the past 7 days", "expected_number",
      int(((df.src == "Phone") & created_in(str(TODAY - pd.Timedelta(days=6)))).sum()))
check("moodle tickets between 2 and 13 march?", "expected_number",
      int(((df.cat == "Software > Moodle") & created_in("2026-03-02", "2026-03-14")).sum()))
check("how many pending tickets were opened before march?? those are ancient", "expected_number",
      int(((df.Status == "Pending") & (df.created < pd.Timestamp("2026-03-01"))).sum()))
check("how many tickets have no group assigned", "expected_number", int((df.grp == "").sum()))
check("AV tickets (projectors, mics, sound) this year", "expected_number",
      int((branch("Hardware > Audiovisual") & created_in("2026-01-01")).sum()))
check("open tickets excluding the library, how many?", "expected_number", int((openm & ~entity("Library")).sum()))
check("list the 5 oldest open tickets", "expected_request_ids", first(df[openm], 5))
check("which are the 3 most recent toner tickets?", "expected_request_ids",
      first(df[df.cat == "Hardware > Printer > Toner"], 3, desc=True))
check("5 most recently updated tickets for CSIRT", "expected_request_ids", first(df[df.grp == "CSIRT"], 5, "upd", desc=True))
m = df[resolved_in("2026-03-01", "2026-04-01")].assign(dur=lambda x: x.resolved - x.created)
check("which ticket took the longest to fix among those solved last month?", "expected_request_ids",
      first(m, 1, "dur", desc=True))
check("tickets per category", "expected_groups", groups(df.cat))
check("breakdown of open tickets by entity", "expected_groups", groups(df[openm].ent))
check("which building has the most wi-fi problems?", "expected_groups", groups(df[df.cat == "Network > Wi-Fi"]["loc"], 1))
check("tickets by top-level category (hardware, network, accounts...) this year", "expected_groups",
      groups(df[created_in("2026-01-01")].cat.str.split(" > ").str[0]))
check("which campus has the most open tickets?", "expected_groups", groups(df[openm].ent.str.split(" > ").str[1], 1))
check("average resolution time for toner tickets", "expected_hours",
      res_hours(df[df.cat == "Hardware > Printer > Toner"]).mean(), tol=1e-3)
check("median age of pending tickets", "expected_hours", np.median(ages(df[df.Status == "Pending"])), tol=1e-3)
check("p90 resolution time for very high priority tickets", "expected_hours",
      np.percentile(res_hours(df[df.Priority == "Very high"]), 90), tol=1e-3)
check("median resolution time of tickets solved last month", "expected_hours",
      np.median(res_hours(df[resolved_in("2026-03-01", "2026-04-01")])), tol=1e-3)
months = pd.period_range("2025-11", "2026-04", freq="M")
c = df.created.dt.to_period("M").value_counts()
check("tickets per month", "expected_series", [[str(p), int(c.get(p, 0))] for p in months])
weeks = pd.date_range("2026-03-02", "2026-04-20", freq="7D")
wk = df.resolved.dropna().dt.normalize()
wk = (wk - pd.to_timedelta(wk.dt.day_of_week, unit="D")).value_counts()
check("tickets solved per week", "expected_series", [[w.strftime("%Y-%m-%d"), int(wk.get(w, 0))] for w in weeks])
check("what percentage of open tickets are pending?", "expected_percent", 100 * (df[openm].Status == "Pending").mean(),
      tol=1e-3)
check("what percent of printer tickets are toner?", "expected_percent",
      100 * (df[branch("Hardware > Printer")].cat == "Hardware > Printer > Toner").mean(), tol=1e-3)
base = df[resolved_in("2026-03-01", "2026-04-01")]
check("of the tickets solved last month, what % were solved within 24 hours of opening?", "expected_percent",
      100 * (((base.resolved - base.created).dt.total_seconds() / 3600) <= 24).mean(), tol=1e-3)
# lookups: the expected value is the row's; unknown ids are in no row of the file (broken ones included)
raw_ids = set(raw["ID"].str.strip())
for q in Q.values():
    if q["kind"] == "lookup":
        row = df[df["ID"] == q["expected_request_ids"][0]].iloc[0]
        if q["expected_answer"] not in set(row[["Status", "Priority", "cat", "Title"]]):
            failures.append(q["id"])
            print("FAIL", q["id"], q["expected_answer"])
    if q["kind"] == "unknown":
        digits = "".join(ch for ch in q["question"] if ch.isdigit())
        if digits in raw_ids:
            failures.append(q["id"])
            print("FAIL", q["id"], digits)
print(f"\n{len(failures)} mismatches" + (f": {failures}" if failures else " (every hand-computed truth matches)"))
sys.exit(1 if failures else 0)
