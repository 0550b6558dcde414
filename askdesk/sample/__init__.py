"""Deterministic generator of realistic (synthetic) helpdesk requests: the demo's sample export.

It feeds the demo, the tests and the golden evaluation set, so everything structured about a
row is ground truth and exactly reproducible:

* the same ``(n, seed)`` gives byte-identical files, and row ``i`` depends only on ``(seed, i)``,
  never on ``n`` (rows come in blocks of 32 that share one ``random.Random`` stream seeded from
  ``(seed, block)``); the employee directory and the agent pool depend on the seed alone;
* nothing depends on the clock: dates are spread over the two years ending at the fixed
  :data:`REFERENCE_TIME`;
* every PII value that ends up in a row -- in the PII columns *and* planted in the free text
  (title, description, comments) -- is listed in :attr:`SampleRequest.planted_pii`.

No real people: names are random first/last-name combinations (a directory of a few hundred
employees plus a separate pool of helpdesk agents), e-mails live on the
fictitious :data:`COMPANY_DOMAIN` (or the reserved ``example.*`` domains), phone numbers are taken
from ranges reserved for fiction where such exist (UK 020 7946 0xxx, 0161 496 0xxx,
07700 900xxx; US 555-01xx; Berlin 030 23125xxx; Sydney 02 5550 xxxx) and IBANs are random
accounts with correct mod-97 check digits.

The phrase catalogue (names, sites, categories, issues, sentences, comments) is data:
``askdesk/sample/data/*.toml``. Any change to it changes the generated rows.

Modules: :mod:`.schema` (columns, row type), :mod:`.catalogue` (loading the data),
:mod:`.people` (directory, phones), :mod:`.iban`, :mod:`.slots` (slot pools and values),
:mod:`.text` (templates, PII recording, typos), :mod:`.phrases` and :mod:`.categories` (the
catalogue's tables), :mod:`.timeline` (dates and status), :mod:`.description`, :mod:`.comments`,
:mod:`.generator` (rows) and :mod:`.writers` (files).

Usage::

    python -m askdesk.sample out/requests.parquet -n 100000 --seed 7
"""

from __future__ import annotations

from .categories import CATEGORIES
from .generator import generate_requests, sample_request
from .iban import iban_is_valid
from .people import Employee, employee_directory
from .schema import (
    CHANNELS,
    COLUMNS,
    COMPANY_DOMAIN,
    PII_COLUMNS,
    PII_ENTITY_TYPES,
    PRIORITIES,
    REFERENCE_TIME,
    STATUSES,
    WINDOW_DAYS,
    SampleRequest,
)
from .writers import busiest_requester, write_sample

__all__ = [
    "CATEGORIES",
    "CHANNELS",
    "COLUMNS",
    "COMPANY_DOMAIN",
    "PII_COLUMNS",
    "PII_ENTITY_TYPES",
    "PRIORITIES",
    "REFERENCE_TIME",
    "STATUSES",
    "WINDOW_DAYS",
    "Employee",
    "SampleRequest",
    "busiest_requester",
    "employee_directory",
    "generate_requests",
    "iban_is_valid",
    "sample_request",
    "write_sample",
]
