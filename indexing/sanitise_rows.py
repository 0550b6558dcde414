"""Request rows -> sanitised requests: the indexing side of the shared sanitiser.

The type `SanitisedRequest` is the guarantee the store relies on: only this function makes one
from a `RequestRow`, and only after every text of the row went through the sanitiser.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from askdesk.sanitise import SanitiseError, Sanitiser
from indexing.records import RequestRow, SanitisedRequest


def sanitise_rows(sanitiser: Sanitiser, rows: Sequence[RequestRow]) -> list[SanitisedRequest]:
    """Rows -> requests safe to store: title and texts scrubbed (batched across rows, each
    with its row's own PII as `known`), pseudonymise columns -> `people` tokens, drop
    columns removed, extra metadata scrubbed without NER.

    The full names found in this batch's PII columns are added to the known-names set
    first, so a requester named in another row's text is caught too.
    """
    if not rows:
        return []
    sanitiser.remember_names(v for row in rows for v in row.known_pii() if sanitiser.is_full_name(v))
    flat: list[str] = []
    flat_known: list[tuple[str, ...]] = []
    layout: list[list[str]] = []
    for row in rows:
        known = tuple(row.known_pii())
        layout.append(list(row.texts.keys()))
        flat.append(row.title or "")
        flat_known.append(known)
        for name in row.texts:
            flat.append(row.texts[name] or "")
            flat_known.append(known)
    scrubbed = sanitiser.scrub_many(flat, flat_known)

    out: list[SanitisedRequest] = []
    k = 0
    for row, fields in zip(rows, layout):
        counts: Counter[str] = Counter()
        title = scrubbed[k]
        counts.update(title.counts)
        texts: dict[str, str] = {}
        for name in fields:
            k += 1
            texts[name] = scrubbed[k].text
            counts.update(scrubbed[k].counts)
        k += 1
        known = tuple(row.known_pii())
        extra: dict[str, str | None] = {}
        for name, value in row.extra.items():
            if value is None or not str(value).strip():
                extra[name] = value
                continue
            try:
                res = sanitiser.scrub_light_result(str(value), known)
            except SanitiseError:
                raise SanitiseError(f"PII replacement failed in extra column {name!r} at {row.position}") from None
            extra[name] = res.text
            counts.update(res.counts)
        out.append(
            SanitisedRequest(
                request_id=row.request_id,
                title=title.text,
                texts=texts,
                status=row.status,
                category=row.category,
                priority=row.priority,
                created_at=row.created_at,
                updated_at=row.updated_at,
                resolved_at=row.resolved_at,
                people={name: sanitiser.pseudonym(value) for name, value in row.pseudonymise.items()},
                extra=extra,
                source_hash=row.source_hash,
                pii_found=counts,
                requester_key=row.requester_key,
            )
        )
    return out
