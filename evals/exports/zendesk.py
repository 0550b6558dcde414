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
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from evals.exports import export_main, write_csv

#: the evaluation's "now" (naive UTC, Thursday 9 July 2026; every date in the export is before it)
NOW = datetime(2026, 7, 9, 16, 45, 0)
#: the first ticket is created on this day (a Monday)
START = datetime(2025, 5, 5, 0, 0, 0)
SEED = 4821
FIRST_ID = 41207
#: how the export writes dates (the account's time zone is UTC)
DATE_FORMAT = "%Y-%m-%d %H:%M:%S +0000"
#: solved tickets are closed by the "close after 4 days" automation
AUTO_CLOSE = timedelta(days=4)

COLUMNS: tuple[str, ...] = (
    "Id", "Subject", "Status", "Priority", "Type", "Group", "Assignee", "Requester", "Requester email", "Organization",
    "Via", "Ticket form", "Product Area", "Region", "Customer Plan", "Tags", "Created at", "Updated at", "Solved at",
    "Description", "Latest public comment",
)
STATUSES: tuple[str, ...] = ("New", "Open", "Pending", "On-hold", "Solved", "Closed")
FINISHED = frozenset({"Solved", "Closed"})
PRIORITIES: tuple[str, ...] = ("Urgent", "High", "Normal", "Low")
TYPES: tuple[str, ...] = ("Question", "Incident", "Problem", "Task")
GROUPS: tuple[str, ...] = ("Tier 1 Support", "Tier 2 Support", "Payments Ops", "Partner Tech", "Platform Engineering",
                           "Customer Success")
T1, T2 = "Tier 1 Support", "Tier 2 Support"
VIAS: tuple[str, ...] = ("Web form", "Email", "Chat", "Phone call", "API")
_VIA_WEIGHTS = (36, 30, 21, 8, 5)
AREAS: tuple[str, ...] = ("Billing", "Account Access", "API & Webhooks", "Integrations", "Labels & Shipping", "Imports",
                          "Notifications", "Reports")
REGIONS: tuple[str, ...] = ("NA", "EMEA", "APAC", "LATAM")
PLANS: tuple[str, ...] = ("Starter", "Growth", "Pro", "Enterprise")
FORMS: tuple[str, ...] = ("Default Ticket Form", "Billing & Account", "Technical Issue", "Developer Support")


@dataclass(frozen=True)
class Theme:
    """A recurring issue: where it lands (product area, type, groups, form), how customers put it and how it's fixed."""

    key: str
    area: str
    types: tuple[str, ...]
    type_weights: tuple[float, ...]
    groups: tuple[str, ...]
    form: str
    subjects: tuple[str, ...]
    symptoms: tuple[str, ...]
    fixes: tuple[str, ...]
    #: weights of Urgent, High, Normal, Low
    priority_weights: tuple[float, ...]
    slow: float = 1.0
    weight: float = 1.0
    #: what the agent asks while the ticket waits on the customer
    asks: tuple[str, ...] = ()


THEMES: tuple[Theme, ...] = (
    Theme("sso", "Account Access", ("Incident", "Question"), (70, 30), ("Tier 2 Support", "Platform Engineering"),
          "Technical Issue",
          ("Can't log in with SSO", "SAML login fails - 'invalid assertion'", "Login loop after SSO redirect",
           "Okta SSO to Shiplane broken since this morning", "Google sign-in button does nothing"),
          ("Our team can't log into Shiplane through our IdP {when}. We get 'SAML response invalid: assertion expired'.",
           "After the SSO redirect we land back on the login page, over and over. Tried incognito, same thing.",
           "Nobody in the warehouse can sign in with SSO {when}, we can't print labels!"),
          ("The IdP's SAML signing certificate had been rotated; uploaded the new certificate to the SSO settings and log-ins work again.",
           "Clock skew on the customer's ADFS server was over 5 minutes; after they synced NTP the assertions validate.",
           "The ACS URL in the IdP still pointed to the old domain; corrected it to app.shiplane.example/saml/acs.",
           "Cleared the stuck sessions on our side and re-enabled SSO enforcement; user confirmed they can sign in."),
          (12, 30, 48, 10), 0.8, 1.1,
          ("Could you send us the SAML response (HAR file) from a failed attempt?",)),
    Theme("twofa", "Account Access", ("Question", "Task"), (40, 60), (T1,), "Billing & Account",
          ("Lost my phone - need 2FA reset", "2FA codes not accepted", "Locked out after too many 2FA attempts",
           "Reset two-factor for a warehouse user"),
          ("I got a new phone and my authenticator codes don't work anymore, I'm locked out of Shiplane.",
           "The 6-digit code is always rejected {when}, even right after it refreshes.",
           "One of our packers is locked out after too many 2FA attempts, can you reset it?"),
          ("Verified the request with the account owner and reset 2FA; the user re-enrolled their authenticator app.",
           "Phone clock was set manually and drifted; turning on automatic time fixed the codes.",
           "Unlocked the user after the 30-minute lockout and sent the 2FA reset link to the account owner."),
          (4, 25, 60, 11), 0.5, 1.0,
          ("To reset 2FA we need the account owner to confirm by replying to this e-mail.",)),
    Theme("double_charge", "Billing", ("Incident", "Question"), (60, 40), ("Payments Ops",), "Billing & Account",
          ("Charged twice this month", "Duplicate charge on our card", "Two invoices for the same period",
           "Why was I charged again?"),
          ("Our card was charged twice for the {month} subscription. Please refund the duplicate.",
           "I see two identical charges from Shiplane on our statement {when}.",
           "We got two invoices for the same billing period, one of them must be a mistake."),
          ("Refunded the duplicate charge; it came from a payment retry after the first attempt was declined and then went through. Refunds take 5-10 business days.",
           "The second charge was the prorated seat upgrade, not a duplicate; sent the itemised invoice.",
           "Voided the duplicate invoice and refunded it to the original card."),
          (8, 40, 45, 7), 0.9, 1.2,
          ("Could you send us the last 4 digits of the card and the dates of both charges?",)),
    Theme("invoice", "Billing", ("Question", "Task"), (55, 45), ("Payments Ops", T1), "Billing & Account",
          ("Need our VAT number on invoices", "Invoice shows the wrong company address", "Where can I download past invoices?",
           "Please send invoice in EUR instead of USD", "PO number missing on invoice"),
          ("Our finance team needs the VAT number on every invoice, can you add it and reissue {month}'s?",
           "The invoices still show our old address. How do I change it?",
           "I can't find where to download invoices for last year, our accountant needs them."),
          ("Updated the billing profile with the VAT number and reissued the invoice.",
           "Pointed the customer to Settings > Billing > Invoices, where every past invoice can be downloaded as PDF.",
           "Changed the billing address; future invoices use it and we reissued the last three.",
           "Added the PO number field to the billing profile and regenerated the invoice."),
          (1, 10, 60, 29), 1.2, 1.0,
          ("Could you confirm the exact legal name and address you want on the invoice?",)),
    Theme("plan_change", "Billing", ("Task", "Question"), (70, 30), ("Payments Ops", "Customer Success"),
          "Billing & Account",
          ("Downgrade from Pro to Growth", "Add 5 more seats to our account", "Quote for Enterprise plan",
           "Switch to annual billing", "Upgrade plan - need more labels per month"),
          ("We'd like to move from Pro to Growth at the end of this billing cycle.",
           "Can you add five more user seats? We're hiring for peak season.",
           "We are shipping a lot more now and keep hitting the label limit, what would Enterprise cost?"),
          ("Scheduled the downgrade for the end of the billing cycle; the customer keeps Pro features until then.",
           "Added the seats; the prorated amount is on the next invoice.",
           "Handed over to the account manager, who sent an Enterprise quote.",
           "Switched the subscription to annual billing with the 15% discount."),
          (1, 12, 62, 25), 1.3, 1.1,
          ("Could you confirm which plan and how many seats you'd like?",)),
    Theme("rate_limit", "API & Webhooks", ("Incident", "Problem", "Question"), (65, 10, 25),
          ("Platform Engineering", T2), "Developer Support",
          ("Getting 429 Too Many Requests from the rates API", "API rate limit hit during peak", "HTTP 429 on /v2/shipments",
           "Rate limiting is breaking our checkout"),
          ("Since {when} our integration gets 'HTTP 429 Too Many Requests - retry after 60s' from /v2/rates.",
           "We hit the API rate limit every morning when we batch-create shipments.",
           "Checkout shows no shipping rates because your API answers 429 for most calls."),
          ("Raised the account's rate limit to 20 requests/second for peak season and advised exponential backoff.",
           "Their integration requested rates once per cart item; suggested one call per cart and caching, 429s stopped.",
           "Moved their batch job to the bulk shipments endpoint, which is not rate-limited the same way."),
          (15, 35, 40, 10), 0.9, 1.0,
          ("Could you send us a request id (X-Request-Id header) of a rejected call?",)),
    Theme("webhooks", "API & Webhooks", ("Incident", "Question"), (75, 25), ("Platform Engineering", "Partner Tech"),
          "Developer Support",
          ("Webhooks not firing for shipment.delivered", "Webhook signature mismatch (401)", "Webhook endpoint disabled",
           "Missing tracking webhooks since yesterday"),
          ("We stopped receiving shipment.delivered webhooks {when}, other events still arrive.",
           "Our endpoint rejects your webhooks: the X-Shiplane-Signature doesn't match what we compute.",
           "The dashboard says our webhook endpoint was disabled, what happened?"),
          ("The endpoint had been auto-disabled after 10 consecutive failures (their server returned 503); re-enabled it and replayed the missed events.",
           "The signing secret was rotated by another admin; the customer updated the secret and signatures match.",
           "Re-subscribed the shipment.delivered event, which was lost when they recreated the endpoint."),
          (12, 33, 45, 10), 1.0, 0.9,
          ("Could you check whether your endpoint returned errors around that time?",)),
    Theme("csv_import", "Imports", ("Incident", "Question"), (55, 45), (T1, T2), "Technical Issue",
          ("CSV import fails with 'unknown column'", "Bulk order import stuck at 0%", "Imported addresses have broken accents",
           "Order import skips half the rows"),
          ("Our order CSV import fails with 'Row 1: unknown column \"Order #\"'.",
           "The bulk import has been stuck at 0% {when}, the file has about 800 orders.",
           "After importing, customer names like Müller show up as MÃ¼ller."),
          ("The file was exported from Excel as UTF-16 with semicolons; re-saved as UTF-8 CSV with commas and the import ran.",
           "Column headers didn't match the template; mapped 'Order #' to order_number in the import settings.",
           "A stuck import job was blocking the queue; cancelled it and the customer's import finished in 2 minutes.",
           "Rows with an empty country were skipped; the customer filled in the country and re-imported."),
          (3, 17, 60, 20), 0.8, 1.1,
          ("Could you attach the file you tried to import (or the first few rows)?",)),
    Theme("label_error", "Labels & Shipping", ("Incident", "Question"), (75, 25), (T1, T2), "Technical Issue",
          ("Label creation fails: address validation failed", "Labels print blank on our Zebra printer",
           "Wrong label size - need 4x6", "Can't void a label", "Label PDF won't download"),
          ("Creating a label fails with 'Address validation failed: street not found' but the address is correct.",
           "Our Zebra ZD420 prints blank labels {when}. Test page prints fine.",
           "Labels come out as A4 instead of 4x6 thermal labels."),
          ("Bypassed address validation for this recipient and reported the address to the carrier's data team.",
           "Switched the print format to ZPL in Settings > Printing; the Zebra prints correctly again.",
           "Changed the label size to 4x6 in the shipping preset.",
           "Voided the label from the shipment page; the carrier credit shows within 14 days."),
          (10, 30, 50, 10), 0.7, 1.5,
          ("Could you send the shipment id and a screenshot of the error?",)),
    Theme("carrier_rates", "Labels & Shipping", ("Incident", "Question"), (60, 40), (T2, "Partner Tech"),
          "Technical Issue",
          ("UPS rates not showing at checkout", "DHL Express account won't connect", "FedEx negotiated rates missing",
           "Carrier rates way higher than our contract"),
          ("No UPS rates are returned {when}, only USPS shows up at checkout.",
           "Connecting our DHL Express account fails with 'invalid credentials' but they work on the DHL site.",
           "The rates we see are retail rates, not our negotiated account rates."),
          ("The UPS account's credentials had expired after the carrier's OAuth migration; reconnected the account.",
           "DHL needed the account number with its country prefix; reconnected and rates come back.",
           "Turned on 'use account rates' for the carrier connection; negotiated rates now appear."),
          (10, 35, 45, 10), 1.1, 1.0,
          ("Could you confirm the carrier account number and that the credentials work on the carrier's site?",)),
    Theme("shopify_sync", "Integrations", ("Incident", "Problem", "Question"), (70, 8, 22), ("Partner Tech", T2),
          "Technical Issue",
          ("Shopify orders not syncing", "Fulfillment status not updating in Shopify", "WooCommerce plugin returns error 500",
           "Orders imported twice from Shopify"),
          ("New Shopify orders haven't shown up in Shiplane {when}.",
           "We ship the orders but Shopify still says unfulfilled, so customers get no shipping confirmation.",
           "The WooCommerce plugin throws a 500 error when it pushes orders."),
          ("The Shopify app had lost its access token after the store changed owner; re-authorised the app and the orders synced.",
           "The orders/create webhook subscription was missing in Shopify; re-registered it and back-filled the last 3 days.",
           "Updated the WooCommerce plugin to 3.8.2, which fixes the 500 on PHP 8.2.",
           "Removed the duplicate store connection that imported every order twice."),
          (14, 36, 42, 8), 1.0, 1.4,
          ("Could you confirm the store URL and when the last order synced?",)),
    Theme("tracking_emails", "Notifications", ("Incident", "Question"), (65, 35), (T1, T2), "Technical Issue",
          ("Customers not receiving tracking emails", "Tracking emails going to spam", "SMS notifications not sent",
           "Wrong logo in tracking emails"),
          ("Our customers say they never got the tracking e-mail {when}.",
           "Tracking e-mails land in spam for Gmail users.",
           "SMS shipping notifications stopped going out."),
          ("The custom sender domain's DKIM record wasn't verified; once the customer fixed DNS, e-mails were delivered again.",
           "SMS credits had run out; topped up the SMS bundle and re-sent the pending notifications.",
           "Updated the branding settings; the new logo shows in tracking e-mails."),
          (5, 25, 55, 15), 0.8, 1.0,
          ("Could you forward one of the affected orders' numbers?",)),
    Theme("reports", "Reports", ("Question", "Incident"), (55, 45), (T2, "Platform Engineering"), "Technical Issue",
          ("Shipping cost report times out", "Report export to Excel is empty", "Dashboard numbers don't match the carrier invoice",
           "Scheduled report not arriving"),
          ("The shipping cost report for the last quarter never loads, it times out after a minute.",
           "Exporting the report to Excel gives an empty file {when}.",
           "The dashboard says we spent less on postage than the carrier invoice shows."),
          ("Report queries over 90 days now run in the background; the customer gets an e-mail with the file.",
           "The export was empty because of a saved filter on a deleted warehouse; removed the filter.",
           "The difference is carrier surcharges billed later; explained the adjustments report."),
          (2, 15, 58, 25), 1.3, 0.8,
          ("Could you tell us which date range and filters you used?",)),
    Theme("user_invite", "Account Access", ("Question", "Task"), (50, 50), (T1, "Customer Success"), "Billing & Account",
          ("Teammate didn't get the invite email", "Change the account owner", "Remove access for a former employee",
           "Need admin rights for a new manager"),
          ("I invited a new colleague {when} but the invite never arrived.",
           "Our account owner left the company, please make me the owner.",
           "Please remove the user of a former employee from our account asap."),
          ("The invite had gone to the colleague's quarantine; resent it and it arrived.",
           "Transferred ownership after the previous owner's manager confirmed by e-mail.",
           "Deactivated the former employee's user and revoked their API keys."),
          (3, 20, 60, 17), 0.7, 1.0,
          ("Could the current account owner confirm this change in writing?",)),
    Theme("cancel", "Billing", ("Task", "Question"), (80, 20), ("Customer Success", "Payments Ops"), "Billing & Account",
          ("Cancel our subscription", "GDPR data deletion request", "Export all our data before cancelling",
           "Close our account"),
          ("We are closing the shop, please cancel our subscription at the end of the month.",
           "Under GDPR we ask you to delete all personal data of our customers that you hold.",
           "Before we cancel we need a full export of our shipments and addresses."),
          ("Cancelled the subscription effective at the end of the billing period; no further charges.",
           "Deleted the account's personal data and sent the deletion confirmation.",
           "Sent the full data export (shipments, addresses, invoices) as a download link valid for 7 days."),
          (1, 10, 64, 25), 1.5, 0.7,
          ("Could you confirm the cancellation date and that you are the account owner?",)),
)

_ORG_NAMES = (
    "Bramblewood Goods", "Kestrel Outdoor Co.", "Tidepool Ceramics", "Northfork Coffee", "Halcyon Pet Supply",
    "Marigold & Moss", "Copperline Cycles", "Juniper Tea House", "Blue Heron Books", "Foxglove Apparel",
    "Saltmarsh Soap Co.", "Lumen Lighting", "Redwood Kitchenware", "Orchard Lane Toys", "Pinecrest Supplements",
    "Quarry Stone Jewelry", "Wildflower Candles", "Driftwood Surf", "Ember & Oak", "Silverleaf Skincare",
    "Granite Peak Gear", "Cobalt Audio", "Velvet Fern Florals", "Harbor Light Prints", "Meadowlark Baby",
    "Ironbark Tools", "Aurora Yoga", "Sunbeam Snacks", "Thistle Knitwear", "Canyon Rock Climbing",
    "Lighthouse Games", "Mosaic Home", "Riverstone Pottery", "Starling Stationery", "Evergreen Garden Co.",
    "Pebble Beach Swim", "Nimbus Electronics", "Larkspur Linen", "Oakmoss Fragrance", "Trailhead Running",
    "Paper Crane Studio", "Bluebird Bakery Supply", "Rosewater Bridal", "Sparrow Vintage", "Urban Sprout",
    "Keystone Auto Parts", "Lotus Wellness", "Magpie Curiosities",
)
_FIRST = ("Adaeze", "Bjorn", "Carmen", "Dmitri", "Elif", "Farah", "Gustavo", "Hanna", "Ifeoma", "Jonas", "Kalani",
          "Leandro", "Mei", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sefa", "Tomasz", "Uma", "Valentina",
          "Wen", "Ximena", "Yusuf", "Zofia", "Amara", "Bruno", "Chiara", "Declan", "Esme", "Felix", "Greer",
          "Hugo", "Ines", "Jasper", "Kirra", "Lorenzo", "Maeve", "Nikhil")
_LAST = ("Abernathy", "Bergström", "Castillo", "Dufresne", "Eze", "Fairbanks", "Galloway", "Hakimi", "Iwasaki",
         "Jovanović", "Kariuki", "Lindqvist", "Moreau", "Nakagawa", "Okonkwo", "Prescott", "Quintero", "Rahman",
         "Salonen", "Takahashi", "Underwood", "Vidal", "Whitlock", "Yilmaz", "Zamora", "Ashby", "Brannigan",
         "Colquhoun", "Delgado", "Esposito")
_WHEN = ("since this morning", "since yesterday", "since Monday", "since your last release", "for about an hour",
         "since the weekend", "on and off all week", "since we changed our settings")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_OPENERS = {
    "Email": ("Hi there,\n\n", "Hello Shiplane team,\n\n", "Hi,\n\n", "Good morning,\n\n"),
    "Chat": ("Chat started on the help center. Visitor: ", "Chat transcript - customer: ", "Customer (chat): "),
    "Phone call": ("Call from the customer: ", "Inbound call - caller says ", "Voicemail transcription: "),
    "API": ("[in-app widget] ", "[Report a problem] "),
    "Web form": ("",),
}
_IMPACT = ("We ship about 300 orders a day, this is blocking us.", "Not urgent, just wondering.", "Please help asap!",
           "Our peak season starts next week.", "", "", "Thanks in advance.")
_CLOSE_EXTRA = ("Let us know if anything else comes up!", "Marking this as solved; just reply to reopen it.", "",
                "Thanks for your patience.")
_HOLD = ("We've escalated this to our engineering team and will update you as soon as we hear back.",
         "Waiting on the carrier's API team; we'll follow up here.",
         "Our developers are working on a fix, we'll let you know when it's deployed.")
_OPEN_REPLY = ("Thanks for reaching out! We're looking into this now.", "I'm checking this with a colleague, more soon.",
               "")


@dataclass
class ZendeskTicket:
    """One row of the export (``cells``, as written) and what the mapping reads from it (the truth).

    ``kind``: ``ok`` (a current ticket), ``duplicate`` (an older version of an ``ok`` one, written
    after it and superseded by it) or ``broken`` (quarantined by the indexer).  For ``ok`` rows the
    typed fields hold exactly what :mod:`indexing.mapping` makes of the cells: stripped, blank and
    ``-`` cells are None; dates are naive UTC with seconds.
    """

    cells: dict[str, str]
    kind: str
    id: str
    subject: str
    status: str | None = None
    priority: str | None = None
    #: the mapping's category: the ``Product Area`` custom field
    area: str | None = None
    #: ``[metadata]`` of the mapping: type, group, channel (Via), form, organization, region, plan
    type: str | None = None
    group: str | None = None
    via: str | None = None
    form: str | None = None
    org: str | None = None
    region: str | None = None
    plan: str | None = None
    created: datetime | None = None
    updated: datetime | None = None
    solved: datetime | None = None
    requester: str = ""
    assignee: str | None = None
    #: (entity type, value) of every PII value in the row
    pii: tuple[tuple[str, str], ...] = ()
    theme: str = ""
    merged: bool = False

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def meta(self) -> dict[str, str | None]:
        return {"type": self.type, "group": self.group, "channel": self.via, "form": self.form,
                "organization": self.org, "region": self.region, "plan": self.plan}


def fmt(dt: datetime | None) -> str:
    return "" if dt is None else dt.strftime(DATE_FORMAT)


def _choose(rng: random.Random, seq: Sequence[Any], weights: Sequence[float] | None = None) -> Any:
    return rng.choices(seq, weights=weights, k=1)[0] if weights else seq[int(rng.random() * len(seq))]


def _second(d: datetime) -> datetime:
    return d.replace(microsecond=0)


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def _created_times(rng: random.Random, n: int) -> list[datetime]:
    """``n`` creation times between START and NOW: weekdays busier, a follow-the-sun day, growth, a Q4 peak."""
    span = (NOW - START).total_seconds()
    out: list[datetime] = []
    while len(out) < n:
        t = _second(START + timedelta(seconds=int(rng.random() * span)))
        if t >= NOW - timedelta(minutes=3):
            continue
        w = 1.0 if t.weekday() < 5 else 0.3
        w *= 1.0 if 6 <= t.hour < 22 else 0.35  # customers in NA, EMEA, APAC
        w *= 0.65 + 0.35 * (t - START).total_seconds() / span
        if t.month in (11, 12):
            w *= 1.35  # peak season for online shops
        if rng.random() < w:
            out.append(t)
    return sorted(out)


def _solve_hours(rng: random.Random, priority: str | None, theme: Theme) -> float:
    median = {"Urgent": 3.5, "High": 13.0, "Normal": 38.0, "Low": 95.0, None: 45.0}[priority] * theme.slow
    return min(max(median * math.exp(rng.gauss(0.0, 0.95)), 0.05), 24 * 120)


def _fill(rng: random.Random, text: str, created: datetime) -> str:
    return text.format(when=_choose(rng, _WHEN), month=_MONTHS[(created.month - 2) % 12])


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
        plan = _choose(rng, PLANS, (30, 34, 24, 12))
        region = _choose(rng, REGIONS, (46, 32, 15, 7))
        orgs.append((name, plan, region, 0.4 + rng.random() * (3.0 if plan == "Enterprise" else 1.6)))
    people: dict[str, list[str]] = {}
    used: set[str] = set()
    for name, *_ in orgs:
        staff = []
        while len(staff) < 2 + int(rng.random() * 4):
            p = f"{_choose(rng, _FIRST)} {_choose(rng, _LAST)}"
            if p not in used:
                used.add(p)
                staff.append(p)
        people[name] = staff
    agents: dict[str, list[str]] = {}
    for g in GROUPS:
        agents[g] = []
        while len(agents[g]) < (6 if g == T1 else 3):
            p = f"{_choose(rng, _FIRST)} {_choose(rng, _LAST)}"
            if p not in used:
                used.add(p)
                agents[g].append(p)
    theme_weights = [t.weight for t in THEMES]
    org_weights = [o[3] for o in orgs]

    ok: list[ZendeskTicket] = []
    next_id = FIRST_ID
    for created in _created_times(rng, n_ok):
        tid = str(next_id)
        next_id += 1 + (int(rng.random() * 4) if rng.random() < 0.35 else 0)  # gaps: deleted tickets, other brands
        theme = _choose(rng, THEMES, theme_weights)
        org_name, plan, region, _w = _choose(rng, orgs, org_weights)
        requester = _choose(rng, people[org_name])
        prio: str | None = _choose(rng, PRIORITIES, theme.priority_weights)
        if plan == "Enterprise" and prio == "Normal" and rng.random() < 0.2:
            prio = "High"
        via = _choose(rng, VIAS, (20, 15, 30, 30, 5) if prio == "Urgent" else _VIA_WEIGHTS)
        ttype = _choose(rng, theme.types, theme.type_weights)
        group = T1 if (rng.random() < 0.25 and T1 not in theme.groups) else _choose(rng, theme.groups)
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
                solved = _second(created + timedelta(seconds=int(hours * 3600)))
        if merged:
            status = "Closed"
            closed_at = _second(created + timedelta(hours=1 + rng.random() * 40))
            updated = closed_at
        elif solved is not None:
            if NOW - solved >= AUTO_CLOSE + timedelta(hours=1):
                status = "Closed"
                updated = _second(solved + AUTO_CLOSE + timedelta(minutes=int(rng.random() * 50)))
            else:
                status = "Solved"
                updated = solved
        elif stuck:
            status = _choose(rng, ("Pending", "On-hold", "Open"), (45, 33, 22)) if age_h < 24 * 95 else "On-hold"
            updated = _second(created + timedelta(seconds=int(rng.random() * min(age_h, 24 * 9) * 3600)))
        else:
            if age_h < 8 and rng.random() < 0.55:
                status = "New"
            else:
                status = _choose(rng, ("Open", "Pending", "On-hold", "New"), (52, 30, 12, 6))
            if status == "New":
                updated = created
            else:
                updated = _second(created + timedelta(seconds=int(rng.random() * (NOW - created).total_seconds())))
        if status == "Pending" and rng.random() < 0.05:
            prio = None
        # priority blank for a share of tickets nobody triaged (most New ones)
        if status == "New" and rng.random() < 0.5 or rng.random() < 0.05:
            prio = None
        if rng.random() < 0.04:
            ttype = None
        # --- text
        subject = _choose(rng, theme.subjects)
        r = rng.random()
        if r < 0.03:
            subject = "URGENT: " + subject
        elif r < 0.06:
            subject = "Re: " + subject
        elif r < 0.09:
            subject = subject.lower()
        pii: list[tuple[str, str]] = [("PERSON", requester)]
        first, last = requester.split(" ", 1)
        domain = _ascii(org_name.split()[0]).replace("&", "") + ".example"
        email = f"{_ascii(first)}.{_ascii(last).replace(' ', '')}@{domain}"
        pii.append(("EMAIL_ADDRESS", email))
        description = _choose(rng, _OPENERS[via]) + _fill(rng, _choose(rng, theme.symptoms), created)
        extra = _choose(rng, _IMPACT)
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
            phone = f"0491 570 {_choose(rng, ('156', '157', '158', '159', '110', '313', '737'))}"  # ACMA fiction range
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
            comment = f"{_choose(rng, theme.fixes)} {_choose(rng, _CLOSE_EXTRA)}".strip()
            if rng.random() < 0.03:
                comment = ""
        elif status == "Pending":
            comment = _choose(rng, theme.asks)
        elif status == "On-hold":
            comment = _choose(rng, _HOLD)
        elif status == "Open":
            comment = _choose(rng, _OPEN_REPLY)
        else:
            comment = ""
        assignee = None if status == "New" or (status == "Open" and rng.random() < 0.1) else _choose(rng, agents[group])
        if assignee:
            pii.append(("PERSON", assignee))
        tags = " ".join(x for x in (theme.key, (prio or "").lower() and f"prio_{prio.lower()}", f"plan_{plan.lower()}",
                                    "vip" if plan == "Enterprise" else "") if x)
        # --- messy cells (the truth keeps what the mapping reads)
        prio_cell = prio or _choose(rng, ("", "-"))
        type_cell = ttype or "-"
        area: str | None = theme.area
        area_cell = area
        if rng.random() < 0.03:
            area, area_cell = None, _choose(rng, ("", "-"))
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
    finished = [x for x in ok if x.status == "Closed" and x.solved and x.created < NOW - timedelta(days=40)]
    for x in rng.sample(finished, n_dup):
        old_updated = _second(x.created + timedelta(minutes=20 + int(rng.random() * 180)))
        cells = dict(x.cells, Status="Open", **{"Solved at": "", "Updated at": fmt(old_updated),
                                                "Latest public comment": _choose(rng, _OPEN_REPLY)})
        at = rows.index(x) + 1 + int(rng.random() * 300)
        rows.insert(min(at, len(rows)), ZendeskTicket(cells, "duplicate", x.id, x.subject))
    # rows the indexer must quarantine
    breakers = (("Id", ""), ("Created at", "2026-02-30 10:11:12 +0000"), ("Created at", ""), ("Id", ""))
    for j in range(n_broken):
        template = _choose(rng, ok)
        tid = str(next_id + 3 + 7 * j)
        cells = dict(template.cells, Id=tid)
        column, value = breakers[j % len(breakers)]
        cells[column] = value
        if column == "Created at":
            cells["Updated at"] = "" if value == "" else cells["Updated at"]
            if value:
                cells["Updated at"] = "2026-02-30 11:00:00 +0000"
        rows.insert(int(rng.random() * len(rows)), ZendeskTicket(cells, "broken", cells["Id"], template.subject))
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
