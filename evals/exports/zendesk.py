"""A fourth, held-out export: Zendesk Support tickets of a shipping-software SaaS, generated deterministically.

It looks like the CSV a Zendesk admin gets from *Reporting > Export* (or a view export) of the
support account of "Shiplane", a SaaS that prints shipping labels, compares carrier rates and
sends tracking e-mails for online shops.  Its customers (online shops on the Starter, Growth, Pro
and Enterprise plans) write in by web form, e-mail, chat, phone and the in-app widget (API).  It
shares no column names with the other exports:

``Id`` (numeric ticket ids, 41207…, with gaps: ids are shared with deleted tickets and side
conversations), ``Subject``, ``Description``, ``Latest public comment`` (the agent's last public
reply: the fix for solved tickets), ``Status`` (New, Open, Pending, On-hold, Solved, Closed; the
last two are finished), ``Priority`` (Urgent, High, Normal, Low; blank or ``-`` when nobody set
it), ``Type`` (Question, Incident, Problem, Task; sometimes ``-``), ``Group`` (Tier 1 Support, Tier 2
Support, Payments Ops, Partner Tech, Platform Engineering, Customer Success), ``Via`` (Web form,
Email, Chat, Phone call, API), ``Ticket form``, ``Organization`` (the customer's shop), the custom
fields ``Product Area`` (Billing, Account Access, API & Webhooks, Integrations, Labels & Shipping,
Imports, Notifications, Reports), ``Region`` (NA, EMEA, APAC, LATAM) and ``Customer Plan``, the
people ``Requester`` / ``Requester email`` / ``Assignee`` (PII), ``Tags``, and the dates ``Created
at``, ``Updated at``, ``Solved at`` written ``2026-02-11 09:14:33 +0000`` (the account runs on UTC).

What makes it realistic, and what the truth knows about it:

* fifteen recurring issue themes (SAML/SSO log-ins, 2FA resets, double charges, invoices, plan
  changes, API 429s, webhooks, CSV imports, label errors, carrier rates, Shopify sync, tracking
  e-mails, slow reports, teammate invites, cancellations/GDPR), several subjects and descriptions
  per theme, the fix in the latest public comment;
* log-normal solve times by priority (hours for Urgent, days for Low); about one ticket in twenty
  is stuck Pending (waiting on the customer) or On-hold (waiting on engineering or a carrier) for
  weeks; solved tickets close automatically 4 days after they are solved; a few tickets were
  closed by a merge without ever being solved (no ``Solved at``);
* planted PII in some descriptions (phone numbers from ranges reserved for fiction, e-mails on
  ``.example``, e-mail signatures), listed in :attr:`ZendeskTicket.pii`;
* messy cells: blank or ``-`` priority, type and custom fields, padded values; the typed truth of
  :class:`ZendeskTicket` holds what :mod:`indexing.mapping` makes of them under
  ``evals/exports/zendesk_mapping.toml`` (stripped; blank and ``-`` are no value);
* four deliberately broken rows (no id twice, an impossible date, no dates at all;
  ``kind == "broken"``) and six older versions of tickets written *after* their newer version
  (``kind == "duplicate"``), which "latest update wins" supersedes.

The evaluation's clock is :data:`NOW` (naive UTC, a Thursday): run the questions with
``--now 2026-07-09T16:45``.  Regenerate the file with::

    python -m evals.exports.zendesk --rows 3000 --out evals/exports/zendesk-3000.csv.gz
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from pathlib import Path

from evals.datafiles import load_table
from evals.exports import export_main, write_csv
from evals.exports.generation import (
    Names,
    ascii_lower,
    choose,
    dated,
    draw_times,
    insert_broken,
    insert_duplicates,
    to_second,
)
from evals.exports.zendesk_schema import (
    AREAS,
    COLUMNS,
    DATE_FORMAT,
    FINISHED,
    FORMS,
    GROUPS,
    NOW,
    PLANS,
    PRIORITIES,
    REGIONS,
    STATUSES,
    T1,
    T2,
    THEMES,
    TYPES,
    VIAS,
    Theme,
    ZendeskTicket,
    fmt,
)

__all__ = [  # the generator, and the export's shape it re-exports (zendesk_schema.py)
    "AREAS", "AUTO_CLOSE", "COLUMNS", "DATE_FORMAT", "FINISHED", "FIRST_ID", "FORMS", "GROUPS", "NOW", "PLANS",
    "PRIORITIES", "REGIONS", "SEED", "START", "STATUSES", "T1", "T2", "THEMES", "TYPES", "VIAS", "Theme",
    "ZendeskTicket", "current_tickets", "fmt", "generate_tickets", "main", "write_export",
]

#: the first ticket is created on this day (a Monday)
START = datetime(2025, 5, 5, 0, 0, 0)
SEED = 4821
FIRST_ID = 41207
#: solved tickets are closed by the "close after 4 days" automation
AUTO_CLOSE = timedelta(days=4)

_VIA_WEIGHTS = (36, 30, 21, 8, 5)

_WORDS = load_table("zendesk_export")
_ORG_NAMES: tuple[str, ...] = _WORDS["organisations"]
_NAMES = Names(_WORDS["first_names"], _WORDS["family_names"])
_WHEN: tuple[str, ...] = _WORDS["when"]
_MONTHS: tuple[str, ...] = _WORDS["months"]
_OPENERS: dict[str, tuple[str, ...]] = _WORDS["openers"]
_IMPACT: tuple[str, ...] = _WORDS["impact_text"]
_CLOSE_EXTRA: tuple[str, ...] = _WORDS["close_extra"]
_HOLD: tuple[str, ...] = _WORDS["hold_replies"]
_OPEN_REPLY: tuple[str, ...] = _WORDS["open_replies"]


_SPAN = (NOW - START).total_seconds()


def _created_weight(t: datetime) -> float:
    """Creation times: weekdays busier, a follow-the-sun day, growth, a Q4 peak; none in the last 3 minutes."""
    if t >= NOW - timedelta(minutes=3):
        return 0.0
    w = 1.0 if t.weekday() < 5 else 0.3
    w *= 1.0 if 6 <= t.hour < 22 else 0.35  # customers in NA, EMEA, APAC
    w *= 0.65 + 0.35 * (t - START).total_seconds() / _SPAN
    if t.month in (11, 12):
        w *= 1.35  # peak season for online shops
    return w


def _solve_hours(rng: random.Random, priority: str | None, theme: Theme) -> float:
    median = {"Urgent": 3.5, "High": 13.0, "Normal": 38.0, "Low": 95.0, None: 45.0}[priority] * theme.slow
    return min(max(median * math.exp(rng.gauss(0.0, 0.95)), 0.05), 24 * 120)


def _fill(rng: random.Random, text: str, created: datetime) -> str:
    return text.format(when=choose(rng, _WHEN), month=_MONTHS[(created.month - 2) % 12])


def generate_tickets(n: int = 3000, seed: int = SEED) -> list[ZendeskTicket]:
    """The export's ``n`` rows in file order (ok, duplicate and broken rows together)."""
    if n < 40:
        raise ValueError("n must be at least 40 (the export needs room for its messy rows)")
    rng = random.Random(seed)
    n_broken, n_dup = 4, 6
    n_ok = n - n_broken - n_dup
    # customers: each organisation has a plan and a region; requesters belong to an organisation
    orgs = []
    for name in _ORG_NAMES:
        plan = choose(rng, PLANS, (30, 34, 24, 12))
        region = choose(rng, REGIONS, (46, 32, 15, 7))
        orgs.append((name, plan, region, 0.4 + rng.random() * (3.0 if plan == "Enterprise" else 1.6)))
    people: dict[str, list[str]] = {}
    used: set[str] = set()
    for name, *_ in orgs:
        staff: list[str] = []
        while len(staff) < 2 + int(rng.random() * 4):
            p = _NAMES.person(rng)
            if p not in used:
                used.add(p)
                staff.append(p)
        people[name] = staff
    agents = {g: [_NAMES.new_person(rng, used) for _ in range(6 if g == T1 else 3)] for g in GROUPS}
    theme_weights = [t.weight for t in THEMES]
    org_weights = [o[3] for o in orgs]

    ok: list[ZendeskTicket] = []
    next_id = FIRST_ID
    for created in draw_times(rng, n_ok, START, NOW, _created_weight, whole_seconds=True, snap=to_second):
        tid = str(next_id)
        next_id += 1 + (int(rng.random() * 4) if rng.random() < 0.35 else 0)  # gaps: deleted tickets, other brands
        theme = choose(rng, THEMES, theme_weights)
        org_name, plan, region, _w = choose(rng, orgs, org_weights)
        requester = choose(rng, people[org_name])
        prio: str | None = choose(rng, PRIORITIES, theme.priority_weights)
        if plan == "Enterprise" and prio == "Normal" and rng.random() < 0.2:
            prio = "High"
        via = choose(rng, VIAS, (20, 15, 30, 30, 5) if prio == "Urgent" else _VIA_WEIGHTS)
        ttype = choose(rng, theme.types, theme.type_weights)
        group = T1 if (rng.random() < 0.25 and T1 not in theme.groups) else choose(rng, theme.groups)
        form = "Default Ticket Form" if via in ("Email", "Chat", "Phone call") else theme.form
        if via == "API":
            form = "Technical Issue" if theme.form != "Developer Support" else theme.form
        # --- lifecycle
        age_h = (NOW - created).total_seconds() / 3600
        # stuck for weeks: waiting on the customer (Pending) or on engineering / a carrier (On-hold);
        # Pending tickets auto-solve after a quiet month, so nothing older than ~3 months is stuck
        # except a handful of On-hold ones waiting on a fix
        if 24 * 10 < age_h < 24 * 95:
            stuck = rng.random() < (0.15 if prio != "Urgent" else 0.05)
        else:
            stuck = age_h >= 24 * 95 and rng.random() < 0.003
        merged = not stuck and age_h > 48 and rng.random() < 0.008
        solved: datetime | None = None
        if not stuck and not merged:
            hours = _solve_hours(rng, prio, theme)
            if hours < age_h:
                solved = to_second(created + timedelta(seconds=int(hours * 3600)))
        if merged:
            status = "Closed"
            closed_at = to_second(created + timedelta(hours=1 + rng.random() * 40))
            updated = closed_at
        elif solved is not None:
            if NOW - solved >= AUTO_CLOSE + timedelta(hours=1):
                status = "Closed"
                updated = to_second(solved + AUTO_CLOSE + timedelta(minutes=int(rng.random() * 50)))
            else:
                status = "Solved"
                updated = solved
        elif stuck:
            status = choose(rng, ("Pending", "On-hold", "Open"), (45, 33, 22)) if age_h < 24 * 95 else "On-hold"
            updated = to_second(created + timedelta(seconds=int(rng.random() * min(age_h, 24 * 9) * 3600)))
        else:
            if age_h < 8 and rng.random() < 0.55:
                status = "New"
            else:
                status = choose(rng, ("Open", "Pending", "On-hold", "New"), (52, 30, 12, 6))
            if status == "New":
                updated = created
            else:
                updated = to_second(created + timedelta(seconds=int(rng.random() * (NOW - created).total_seconds())))
        if status == "Pending" and rng.random() < 0.05:
            prio = None
        # priority blank for a share of tickets nobody triaged (most New ones)
        if status == "New" and rng.random() < 0.5 or rng.random() < 0.05:
            prio = None
        if rng.random() < 0.04:
            ttype = None
        # --- text
        subject = choose(rng, theme.subjects)
        r = rng.random()
        if r < 0.03:
            subject = "URGENT: " + subject
        elif r < 0.06:
            subject = "Re: " + subject
        elif r < 0.09:
            subject = subject.lower()
        pii: list[tuple[str, str]] = [("PERSON", requester)]
        first, last = requester.split(" ", 1)
        domain = ascii_lower(org_name.split()[0]).replace("&", "") + ".example"
        email = f"{ascii_lower(first)}.{ascii_lower(last).replace(' ', '')}@{domain}"
        pii.append(("EMAIL_ADDRESS", email))
        description = choose(rng, _OPENERS[via]) + _fill(rng, choose(rng, theme.symptoms), created)
        extra = choose(rng, _IMPACT)
        if extra:
            description += " " + extra
        r = rng.random()
        if r < 0.05:
            phone = f"+1 (555) 01{int(rng.random() * 100):02d}"  # 555-0100..0199: reserved for fiction
            description += f" You can call me at {phone}."
            pii.append(("PHONE_NUMBER", phone))
        elif r < 0.085:
            phone = f"+44 20 7946 0{int(rng.random() * 1000):03d}"  # Ofcom's drama range
            description += f" Best number to reach me: {phone}."
            pii.append(("PHONE_NUMBER", phone))
        elif r < 0.11:
            phone = f"0491 570 {choose(rng, ('156', '157', '158', '159', '110', '313', '737'))}"  # ACMA fiction range
            description += f" Mobile {phone}."
            pii.append(("PHONE_NUMBER", phone))
        elif r < 0.18:
            description += f" Please reply to {email} rather than the shared inbox."
        if via == "Email" and rng.random() < 0.5:
            description += f"\n\nBest regards,\n{requester}\n{org_name}"
        if via == "Web form" and rng.random() < 0.04:
            description = ""  # only the subject filled in
        if merged:
            comment = f"This request was closed and merged into request #{int(tid) - 1 - int(rng.random() * 20)}."
        elif solved is not None:
            comment = f"{choose(rng, theme.fixes)} {choose(rng, _CLOSE_EXTRA)}".strip()
            if rng.random() < 0.03:
                comment = ""
        elif status == "Pending":
            comment = choose(rng, theme.asks)
        elif status == "On-hold":
            comment = choose(rng, _HOLD)
        elif status == "Open":
            comment = choose(rng, _OPEN_REPLY)
        else:
            comment = ""
        assignee = None if status == "New" or (status == "Open" and rng.random() < 0.1) else choose(rng, agents[group])
        if assignee:
            pii.append(("PERSON", assignee))
        tags = " ".join(x for x in (theme.key, f"prio_{prio.lower()}" if prio else "", f"plan_{plan.lower()}",
                                    "vip" if plan == "Enterprise" else "") if x)
        # --- messy cells (the truth keeps what the mapping reads)
        prio_cell = prio or choose(rng, ("", "-"))
        type_cell = ttype or "-"
        area: str | None = theme.area
        area_cell = area
        if rng.random() < 0.03:
            area, area_cell = None, choose(rng, ("", "-"))
        elif rng.random() < 0.01:
            area_cell = f" {area}"
        region_t: str | None = region
        region_cell = region
        if rng.random() < 0.035:
            region_t, region_cell = None, ""
        elif rng.random() < 0.01:
            region_cell = f"{region} "
        plan_t: str | None = plan
        plan_cell = plan
        if rng.random() < 0.02:
            plan_t, plan_cell = None, ""
        group_cell = f"{group} " if rng.random() < 0.006 else group
        status_cell = f" {status}" if rng.random() < 0.004 else status
        cells = {
            "Id": tid, "Subject": subject, "Status": status_cell, "Priority": prio_cell, "Type": type_cell,
            "Group": group_cell, "Assignee": assignee or "", "Requester": requester, "Requester email": email,
            "Organization": org_name, "Via": via, "Ticket form": form, "Product Area": area_cell or "",
            "Region": region_cell or "", "Customer Plan": plan_cell, "Tags": tags, "Created at": fmt(created),
            "Updated at": fmt(updated), "Solved at": fmt(solved), "Description": description,
            "Latest public comment": comment,
        }
        ok.append(ZendeskTicket(cells, "ok", tid, subject, status, prio, area, ttype, group, via, form, org_name,
                                region_t, plan_t, created, updated, solved, requester, assignee,
                                tuple(dict.fromkeys(pii)), theme.key, merged))

    rows: list[ZendeskTicket] = list(ok)
    # older versions of a few finished tickets, written *after* the current one (an export re-run appended)
    finished = [x for x in ok if x.status == "Closed" and x.solved and dated(x.created) < NOW - timedelta(days=40)]

    def old_version(x: ZendeskTicket) -> ZendeskTicket:
        old_updated = to_second(dated(x.created) + timedelta(minutes=20 + int(rng.random() * 180)))
        cells = dict(x.cells, Status="Open", **{"Solved at": "", "Updated at": fmt(old_updated),
                                                "Latest public comment": choose(rng, _OPEN_REPLY)})
        return ZendeskTicket(cells, "duplicate", x.id, x.subject)

    insert_duplicates(rng, rows, finished, n_dup, old_version, spread=300)
    # rows the indexer must quarantine
    breakers = (("Id", ""), ("Created at", "2026-02-30 10:11:12 +0000"), ("Created at", ""), ("Id", ""))

    def broken(j: int, template: ZendeskTicket) -> ZendeskTicket:
        tid = str(next_id + 3 + 7 * j)
        cells = dict(template.cells, Id=tid)
        column, value = breakers[j % len(breakers)]
        cells[column] = value
        if column == "Created at":
            cells["Updated at"] = "" if value == "" else cells["Updated at"]
            if value:
                cells["Updated at"] = "2026-02-30 11:00:00 +0000"
        return ZendeskTicket(cells, "broken", cells["Id"], template.subject)

    insert_broken(rng, rows, ok, n_broken, broken)
    return rows


def current_tickets(n: int = 3000, seed: int = SEED) -> list[ZendeskTicket]:
    """The tickets an index holds after reading the export: no broken rows, the latest version of each id."""
    return [t for t in generate_tickets(n, seed) if t.kind == "ok"]


def write_export(path: Path, n: int = 3000, seed: int = SEED) -> Path:
    """Write the export as CSV (``.csv``, or gzip-compressed ``.csv.gz`` with a fixed header: same bytes every time)."""
    return write_csv(path, COLUMNS, (x.cells for x in generate_tickets(n, seed)))


def main(argv: list[str] | None = None) -> None:
    export_main(__doc__, generate_tickets, COLUMNS, SEED, argv)


if __name__ == "__main__":
    main()
