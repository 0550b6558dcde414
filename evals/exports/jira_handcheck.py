"""Hand check of jira-3000 truths straight from the CSV (pandas), independent of the question builder.

Run from the repo root: python evals/exports/jira_handcheck.py (prints expected vs hand-computed for ~30 questions)."""
import json
from pathlib import Path

import numpy as np
import pandas as pd

df = pd.read_csv("evals/exports/jira-3000.csv.gz", dtype=str, keep_default_na=False)
df = df.apply(lambda c: c.str.strip())
def dt(s):
    return pd.to_datetime(s, format="%d/%b/%y %I:%M %p", errors="coerce")
for c in ("Created", "Updated", "Resolved"):
    df[c + "_dt"] = dt(df[c])
df = df[(df["Issue key"] != "") & df["Created_dt"].notna()]
df["upd"] = df["Updated_dt"].fillna(df["Created_dt"])
df = df.sort_values("upd").groupby("Issue key").tail(1)
print("rows", len(df))
NOW = pd.Timestamp("2026-05-20 15:30")
FIN = {"Resolved", "Closed", "Canceled"}
openm = ~df["Status"].isin(FIN)
Q = {q["id"]: q for q in map(json.loads, Path("evals/golden/jira-3000.jsonl").read_text().splitlines())}


def show(qid, got):
    q = Q[qid]
    exp = {k: v for k, v in q.items() if k.startswith("expected")}
    print(f"{qid}: {q.get('history', '')} {q['question']!r}\n   expected {exp}\n   hand     {got}")

show("count-004", len(df[df.Office == "Austin"]))
show("count-016", len(df[df.Team == "Identity & Access"]))
show("count-041", len(df[(df.Priority == "High") & (df.Team == "Service Desk L2") & openm]))
apr = (df.Created_dt >= "2026-04-01") & (df.Created_dt < "2026-05-01")
show("count-021", len(df[(df.Status == "Closed") & apr]))
show("count-051", len(df[(df.Status == "Open") & (df.Created_dt >= "2026-04-01")]))
# list: last 5 highest-prio (newest by created, ties by id)
m = df[df.Priority == "Highest"].sort_values(["Created_dt", "Issue key"], ascending=[False, True])
show("list-007", (list(m["Issue key"][:5]), len(m)))
m = df[df.Status == "Closed"].sort_values(["Created_dt", "Issue key"])
show("list-015", (list(m["Issue key"][:5]), len(m)))
m = df[(df.Team == "Business Apps") & openm].sort_values(["Created_dt", "Issue key"])
show("list-014", (list(m["Issue key"][:5]), len(m)))
vc = df[df.Office != ""].Office.value_counts()
show("top-016", sorted(vc.items(), key=lambda kv: (-kv[1], kv[0])))
vc = df[df.Source != ""].Source.value_counts()
show("top-012", sorted(vc.items(), key=lambda kv: (-kv[1], kv[0])))
m = df[df.Office == "Lisbon"].Status.value_counts()
show("top-037", sorted(m.items(), key=lambda kv: (-kv[1], kv[0])))
def res_hours(m):
    m = m[m.Resolved_dt.notna()]
    return ((m.Resolved_dt - m.Created_dt).dt.total_seconds() / 3600).to_numpy()
show("duration-026", res_hours(df[df.Priority == "Low"]).mean())
age = ((NOW - df[openm].Created_dt).dt.total_seconds() / 3600).to_numpy()
show("duration-017", np.percentile(age, 90))
show("duration-031", np.percentile(res_hours(df[df.Office == "Austin"]), 90))
show("duration-024", np.median(res_hours(df[df.Priority == "Medium"])))
months = pd.period_range("2025-06", "2026-05", freq="M")
c = df.Created_dt.dt.to_period("M").value_counts()
show("trend-009", [[str(p), int(c.get(p, 0))] for p in months])
# weekly, last 8 weeks, Mondays
mon = (NOW.normalize() - pd.Timedelta(days=NOW.weekday()))
weeks = [mon - pd.Timedelta(weeks=k) for k in range(7, -1, -1)]
wk = df[df.Priority != "Lowest"].Created_dt.dt.normalize()
wk = wk - pd.to_timedelta(wk.dt.day_of_week, unit="D")
show("trend-012", [[w.strftime("%Y-%m-%d"), int((wk == w).sum())] for w in weeks])
show("share-015", 100 * (df.Source == "Portal").mean())
sw = df[df["Request Type"] == "Request new software"]
show("share-010", 100 * (sw.Status == "Escalated").mean())
show("count-058", len(df[(df.Created_dt >= "2026-05-01") & (df.Created_dt < "2026-06-01")]))
show("count-062", len(df[(df.Created_dt >= "2026-03-01") & (df.Created_dt < "2026-04-01")]))
b = df[(df.Office == "Austin") & (df.Team != "Identity & Access")]
show("count-057", len(df[(df.Office == "Remote") & (df.Team != "Identity & Access")]))
show("count-010", len(df[openm & (df.Source == "Slack") & (df.Created_dt >= "2026-04-01")]))
vc = df[openm & (df.Office != "")].Office.value_counts()
show("top-027", sorted(vc.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
wk = df[df.Source == "Slack"].Created_dt.dt.normalize()
wk = wk - pd.to_timedelta(wk.dt.day_of_week, unit="D")
weeks = [mon - pd.Timedelta(weeks=k) for k in range(11, -1, -1)]
show("trend-011", [[w.strftime("%Y-%m-%d"), int((wk == w).sum())] for w in weeks])
ws = df[df.Status == "Waiting for support"]
show("duration-008", np.median(((NOW - ws.Created_dt).dt.total_seconds() / 3600).to_numpy()))
show("share-013", 100 * (df[openm].Priority == "Lowest").mean())
m = df[(df.Status == "Resolved") & (df.Priority != "Lowest")].sort_values(["Resolved_dt", "Issue key"], ascending=[False, True])
show("list-013", (list(m["Issue key"][:1]), len(m)))
show("duration-022", res_hours(df[(df.Priority == "Highest") & (df.Team == "Workplace Tech")]).mean())
