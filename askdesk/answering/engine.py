"""The answering engine: one entry point, ``AnswerEngine.answer(question)``, shared by the Slack
bot, the terminal chat, ``askdesk ask``, the evals and the training-data builder.

question -> understand (ids, filters mapped onto known values) -> route:
  lookup    ids -> rows of the requests table, described by code (exact)
  aggregate filters -> parameterised COUNT / GROUP BY, described by code (exact)
  search    filtered hybrid retrieval -> relevance gate -> prompt -> LLM (+ adapter)
  refuse    questions about people's personal data
and every answer carries its sources, the filters used and a JSON trace.

Dependencies (database engine, retriever, LLM, PII scrubber, clock) are passed in; build them
from settings with :func:`askdesk.answering.build.build_engine`.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from askdesk.answering import facts
from askdesk.answering.answer import Answer, Source
from askdesk.answering.prompt import PROMPT_VERSION, ContextItem, build_messages
from askdesk.answering.retrieve import Hit, HybridRetriever
from askdesk.answering.understand import QuestionParser, Understanding, is_follow_up, merge_follow_up
from askdesk.answering.vocabulary import Vocabulary, id_pattern
from askdesk.settings import AnsweringSettings

log = logging.getLogger(__name__)

TokenCallback = Callable[[str], None]

REFUSAL_PII = (
    "I can't help with personal information about people (names, contact details, ids or anything that "
    "identifies someone). askdesk only keeps pseudonyms such as person_1a2b3c4d. I can tell you about "
    "requests instead: their status, counts, or similar requests."
)
EMPTY_QUESTION = (
    "Ask me about your requests, e.g. \"What's the status of REQ-100042?\", \"How many HR requests are "
    "pending?\" or \"Has anyone had VPN drops after the update?\""
)
NOTHING_RELEVANT = "I don't know: I found no requests relevant to that question"
_LLM_DONT_KNOW = re.compile(r"\bI (?:do not|don't) know\b", re.IGNORECASE)


@dataclass(frozen=True)
class PromptContext:
    """What the LLM sees for a search question: the scrubbed question, the messages, and the
    requests in its context (ids in order, and their rows)."""

    question: str
    messages: list[Any]
    request_ids: list[str]
    rows: dict[str, dict[str, Any]]
    best_similarity: float


def utc_now() -> datetime:
    """Naive UTC, like the dates in the requests table."""
    return datetime.now(UTC).replace(tzinfo=None)


class AnswerEngine:
    def __init__(
        self,
        engine: sa.Engine,
        retriever: HybridRetriever,
        settings: AnsweringSettings,
        *,
        llm: Any | None = None,
        scrub: Callable[[str], str] | None = None,
        clock: Callable[[], datetime] | None = None,
        vocabulary: Vocabulary | None = None,
        reranker: Any | None = None,
    ) -> None:
        """``llm`` is an :class:`askdesk.llm.LoadedLLM` (or None: search answers then list the
        closest requests without generated text); ``scrub`` removes PII from free text (the
        indexing sanitiser), applied to the question stored in the trace and to generated text."""
        self.engine = engine
        self.retriever = retriever
        self.settings = settings
        self.llm = llm
        self.scrub = scrub
        self.reranker = reranker
        self.clock = clock or ((lambda: settings.now) if settings.now else utc_now)
        self._vocab_lock = threading.Lock()
        self._set_vocabulary(vocabulary or Vocabulary.load(engine))

    # ------------------------------------------------------------------ vocabulary
    def _set_vocabulary(self, vocab: Vocabulary) -> None:
        self.vocabulary = vocab
        self.parser = QuestionParser(vocab)
        self._id_re = id_pattern(vocab.id_shapes)

    def refresh_vocabulary(self) -> None:
        """Re-read the values that exist in the data (after an indexing run)."""
        vocab = Vocabulary.load(self.engine)
        with self._vocab_lock:
            self._set_vocabulary(vocab)

    # ------------------------------------------------------------------ entry point
    def understand(self, question: str) -> Understanding:
        """Scrub PII from the question first (so it reaches neither prompts nor traces; names become
        the same pseudonyms the index uses), then parse it."""
        question = question[: self.settings.max_question_chars * 2]
        return self.parser.parse(self._scrub(question), self.clock(), max_chars=self.settings.max_question_chars)

    def _understand_thread(self, questions: Sequence[str]) -> Understanding | None:
        """What the thread's last question meant, with its own follow-ups resolved."""
        current: Understanding | None = None
        for q in questions:
            u = self.parser.parse(q, self.clock(), max_chars=self.settings.max_question_chars)
            if current is not None and u.question and is_follow_up(u.question, current):
                u = merge_follow_up(current, u)
            current = u
        return current

    def answer(
        self,
        question: str,
        *,
        history: Sequence[tuple[str, str]] = (),
        on_token: TokenCallback | None = None,
    ) -> Answer:
        """Answer one question.  ``history``: earlier (question, answer) turns of a thread.
        ``on_token`` receives the answer text as it is produced (the whole text at once for
        exact routes)."""
        t0 = time.perf_counter()
        u = self.understand(question)
        follow_up_of = None
        if history and u.question:
            # follow-ups in a thread ("and which of those are still open?") inherit the last turn's
            # filters/ids/topic; earlier turns are already folded into the last one's question
            previous = self._understand_thread([q for q, _a in history])
            if previous is not None and is_follow_up(u.question, previous):
                u = merge_follow_up(previous, u)
                follow_up_of = previous.question
        timings = {"understand_ms": (time.perf_counter() - t0) * 1000}
        trace: dict[str, Any] = {
            "question": u.question,
            "understood": u.as_dict(),
            "filters_text": u.filters.describe(),
            "follow_up_of": follow_up_of,
            "now": self.clock().isoformat(timespec="seconds"),
            "prompt_version": PROMPT_VERSION,
            "adapter_version": getattr(self.llm, "adapter_version", None),
            "model": getattr(self.llm, "model_name", None),
            "timings_ms": timings,
        }
        if not u.question:
            answer = self._done(EMPTY_QUESTION, [], u, trace, refused=True)
        elif u.route == "refuse":
            answer = self._done(REFUSAL_PII, [], u, trace, refused=True)
        elif u.route in ("lookup", "aggregate"):
            answer = self._lookup(u, trace) if u.route == "lookup" else self._aggregate(u, trace)
            if self.settings.llm_phrases_facts and self.llm is not None and not answer.refused:
                answer.text = self._phrase_facts(u.question, answer.text, trace)
        else:
            answer = self._search(u, trace, history, on_token)
            timings["total_ms"] = (time.perf_counter() - t0) * 1000
            return answer
        self._emit(answer, on_token)
        timings["total_ms"] = (time.perf_counter() - t0) * 1000
        timings.setdefault("first_token_ms", timings["total_ms"])
        return answer

    # ------------------------------------------------------------------ routes
    def _lookup(self, u: Understanding, trace: dict[str, Any]) -> Answer:
        t0 = time.perf_counter()
        rows = facts.fetch_requests(self.engine, u.request_ids)
        trace["timings_ms"]["sql_ms"] = (time.perf_counter() - t0) * 1000
        parts, sources = [], []
        for rid in u.request_ids:
            row = rows.get(rid)
            if row is None:
                parts.append(f"I couldn't find request {rid}.")
            else:
                parts.append(facts.describe_request(row, u.question))
                sources.append(self._source(row))
        trace["retrieved"] = [{"request_id": rid, "found": rid in rows} for rid in u.request_ids]
        return self._done("\n\n".join(parts), sources, u, trace, refused=not rows)

    def _aggregate(self, u: Understanding, trace: dict[str, Any]) -> Answer:
        t0 = time.perf_counter()
        where = u.filters.describe()
        if u.topic:
            where = (where + " · " if not u.filters.is_empty() else "") + f"mentioning “{u.topic}”"
        sources: list[Source] = []
        if u.group_by:
            groups = facts.breakdown(self.engine, u.filters, u.group_by, u.topic)
            trace["result"] = {"group_by": u.group_by, "groups": [[g.value, g.count] for g in groups]}
            label = u.group_by.replace("_", " ")
            total = sum(g.count for g in groups)
            if not groups:
                text = f"No requests match ({where})."
            elif u.rank:
                best = groups[0].count if u.rank == "most" else groups[-1].count
                top = [g for g in groups if g.count == best]
                names = " and ".join(g.value for g in top)
                verb = "have" if len(top) > 1 else "has"
                word = "most" if u.rank == "most" else "fewest"
                text = f"{names} {verb} the {word} requests: {facts.plural(best)} ({where})."
                others = [g for g in groups if g not in top][:4]
                if others:
                    text += " Then: " + ", ".join(f"{g.value} {g.count:,}" for g in others) + "."
                if u.rank == "fewest":
                    text += f" ({label.capitalize()} values with no matching requests are not counted.)"
            else:
                text = f"{facts.plural(total)} by {label} ({where}): " + ", ".join(
                    f"{g.value} {g.count:,}" for g in groups[:15]) + ("…" if len(groups) > 15 else "") + "."
        else:
            n = facts.count_requests(self.engine, u.filters, u.topic)
            trace["result"] = {"count": n}
            if n == 0:
                text = f"No requests match ({where})."
            else:
                verb = "matches" if n == 1 else "match"
                text = f"{facts.plural(n)} {verb} ({where})."
                recent = facts.recent_requests(self.engine, u.filters, u.topic, limit=min(5, n))
                sources = [self._source(r) for r in recent]
                if recent:
                    text += " Most recent: " + "; ".join(
                        f"{r['request_id']} {r['title']} ({r['status'] or 'no status'})" for r in recent) + "."
        trace["timings_ms"]["sql_ms"] = (time.perf_counter() - t0) * 1000
        trace["retrieved"] = [{"request_id": s.request_id} for s in sources]
        return self._done(text, sources, u, trace)

    def prompt_for(self, question: str, history: Sequence[tuple[str, str]] = ()) -> PromptContext | None:
        """The exact prompt the LLM would get for this question (None when the question would not
        reach the LLM: exact routes, refusals, nothing relevant).  The training-data builder uses
        it, so adapters learn on the inference template and the inference retrieval."""
        u = self.understand(question)
        if not u.question or u.route != "search":
            return None
        trace: dict[str, Any] = {"timings_ms": {}}
        found = self._search_hits(u, trace)
        if isinstance(found, str):
            return None
        hits = found[: self.settings.prompt_k]
        rows = facts.fetch_requests(self.engine, [h.request_id for h in hits])
        messages = self._messages(u.question, hits, rows, history)
        return PromptContext(u.question, messages, [h.request_id for h in hits], rows, trace.get("best_similarity", 0.0))

    def _messages(self, question: str, hits: list[Hit], rows: dict[str, dict[str, Any]],
                  history: Sequence[tuple[str, str]]) -> list[Any]:
        return build_messages(question, [self._context(h, rows.get(h.request_id)) for h in hits],
                              history=history, max_chars=self.settings.context_chars)

    def _search_hits(self, u: Understanding, trace: dict[str, Any]) -> list[Hit] | str:
        """Retrieval for a search question, with the relevance gate: the hits worth showing, or
        the refusal text when nothing is relevant."""
        timings = trace["timings_ms"]
        query, exclude = u.question, set(u.similar_to)
        if u.similar_to:
            rows = facts.fetch_requests(self.engine, u.similar_to)
            missing = [rid for rid in u.similar_to if rid not in rows]
            if missing:
                return " ".join(f"I couldn't find request {rid}." for rid in missing)
            query = "\n".join(f"{r['title']}\n{facts.summarise_text(r['body'], 600)}" for r in rows.values())
        k = max(self.settings.top_k, self.settings.trace_depth) * (4 if self.reranker is not None else 1) + len(exclude)
        retrieval = self.retriever.retrieve(query, u.filters, k)
        timings.update(retrieval.timings_ms)
        hits = [h for h in retrieval.hits if h.request_id not in exclude]
        if self.reranker is not None:
            t0 = time.perf_counter()
            hits = self.reranker.rerank(u.question, hits)
            timings["rerank_ms"] = (time.perf_counter() - t0) * 1000
        # the ranking below the cited top_k is kept for evals (hit@10, nDCG@10), not shown
        trace["ranking"] = [[h.request_id, round(h.score, 6)] for h in hits[: self.settings.trace_depth]]
        hits = hits[: self.settings.top_k]
        trace["retrieved"] = [h.trace() for h in hits]
        trace["best_similarity"] = round(retrieval.best_similarity, 4)
        relevant = [h for h in hits if (h.similarity or 0.0) >= self.settings.min_similarity]
        if not relevant:
            return NOTHING_RELEVANT + (f" ({u.filters.describe()})." if not u.filters.is_empty() else ".")
        return [h for h in hits if (h.similarity or 0.0) >= self.settings.min_similarity or (h.text_rank or 99) <= 3]

    def _search(
        self,
        u: Understanding,
        trace: dict[str, Any],
        history: Sequence[tuple[str, str]],
        on_token: TokenCallback | None,
    ) -> Answer:
        timings = trace["timings_ms"]
        found = self._search_hits(u, trace)
        if isinstance(found, str):
            return self._emit(self._done(found, [], u, trace, refused=True), on_token)
        hits = found
        if self.llm is None:
            text = self._extractive(hits[: self.settings.prompt_k])
            return self._emit(self._done(text, [self._hit_source(h) for h in hits], u, trace), on_token)

        from askdesk.llm import generate  # local import: the engine works without an LLM installed

        hits = hits[: self.settings.prompt_k]
        rows = facts.fetch_requests(self.engine, [h.request_id for h in hits])
        messages = self._messages(u.question, hits, rows, history)
        # the exact prompt, so 👍/👎 on this answer become training examples in the same template
        trace["prompt"] = [{"role": m.role.value, "content": m.content} for m in messages]
        result = generate(self.llm, messages, on_token=on_token)
        trace["adapter_version"] = result.adapter_version  # the adapter that really answered
        timings["first_token_ms"] = result.first_token_s * 1000
        timings["generate_ms"] = result.total_s * 1000
        trace["llm"] = {"tokens": result.tokens}
        text = self._scrub(result.text.strip())
        text, cited, invented = self._check_citations(text, {h.request_id for h in hits})
        trace["cited"], trace["invented_ids"] = cited, invented
        if _LLM_DONT_KNOW.search(text) and not cited:
            if trace["best_similarity"] < self.settings.confident_similarity:
                return self._done(text, [], u, trace, refused=True)
            # the matches are clearly on topic: show them rather than a refusal
            trace["llm_declined"] = True
            text = self._extractive(hits, rows)
            if on_token:
                on_token("\n" + text)
            return self._done(text, [self._hit_source(h) for h in hits], u, trace)
        by_id = {h.request_id: h for h in hits}
        chosen = [by_id[c] for c in cited] or hits[:3]
        return self._done(text, [self._hit_source(h) for h in chosen], u, trace)

    # ------------------------------------------------------------------ helpers
    _FACT_TOKEN = re.compile(r"[A-Za-z]+-?\d+|\d[\d,.:-]*\d|\d")

    def _phrase_facts(self, question: str, facts_text: str, trace: dict[str, Any]) -> str:
        """Let the LLM phrase exact facts, keeping its text only if every number and id survived."""
        from askdesk.answering.prompt import build_fact_messages
        from askdesk.llm import generate

        result = generate(self.llm, build_fact_messages(question, facts_text))
        trace["timings_ms"]["generate_ms"] = result.total_s * 1000
        phrased = self._scrub(result.text.strip())
        missing = sorted({t for t in self._FACT_TOKEN.findall(facts_text) if t not in phrased})
        trace["phrasing"] = {"used": not missing and bool(phrased), "missing": missing[:20]}
        return phrased if trace["phrasing"]["used"] else facts_text

    def _check_citations(self, text: str, allowed: set[str]) -> tuple[str, list[str], list[str]]:
        """Ids the answer cites that were in its context; ids it invented are removed from the text."""
        if not self._id_re:
            return text, [], []
        cited: list[str] = []
        invented: list[str] = []

        def keep(m: re.Match[str]) -> str:
            rid = m.group(0).upper()
            match = next((a for a in allowed if a.upper() == rid), None)
            if match:
                if match not in cited:
                    cited.append(match)
                return m.group(0)
            invented.append(m.group(0))
            return "(unverified id removed)"

        text = self._id_re.sub(keep, text)
        text = re.sub(r"\[\s*\(unverified id removed\)\s*\]", "(unverified id removed)", text)
        return text, cited, invented

    def _scrub(self, text: str) -> str:
        return self.scrub(text) if self.scrub and text else text

    def _emit(self, answer: Answer, on_token: TokenCallback | None) -> Answer:
        if on_token:
            on_token(answer.text)
        return answer

    def _done(self, text: str, sources: list[Source], u: Understanding, trace: dict[str, Any], *,
              refused: bool = False) -> Answer:
        trace["route"] = u.route
        trace["refused"] = refused
        return Answer(text=text, sources=sources, filters=u.filters.as_dict(), route=u.route, trace=trace,
                      refused=refused)

    def _url(self, request_id: str) -> str:
        from urllib.parse import quote

        return self.settings.request_url_template.replace("{id}", quote(request_id, safe=""))

    def _source(self, row: dict[str, Any]) -> Source:
        return Source(row["request_id"], row["title"], row["status"], self._url(row["request_id"]))

    def _hit_source(self, hit: Hit) -> Source:
        return Source(hit.request_id, hit.metadata.get("title", ""), hit.metadata.get("status"), self._url(hit.request_id))

    def _extractive(self, hits: list[Hit], rows: dict[str, dict[str, Any]] | None = None) -> str:
        """The matching requests and their latest updates, in the requests' own words (no LLM)."""
        if rows is None:
            rows = facts.fetch_requests(self.engine, [h.request_id for h in hits])
        lines = [f"I found {facts.plural(len(hits), 'similar request')}:"]
        for h in hits:
            item = self._context(h, rows.get(h.request_id))
            update = item.text.split("Latest update: ", 1)[1] if "Latest update: " in item.text else ""
            update = re.sub(r"^\[[^\]]*\]\s*(?:Agent|Requester):\s*", "", update)
            lines.append(f"[{h.request_id}] {item.title} ({item.status or '-'})" + (f": {update}" if update else ""))
        return "\n".join(lines)

    def _context(self, hit: Hit, row: dict[str, Any] | None) -> ContextItem:
        """What the LLM sees of a request: its description's start and its latest update (where
        resolutions are written), within ``context_chars``."""
        m = hit.metadata
        text = hit.text
        if row is not None:
            texts = row["texts"] or {}
            budget = self.settings.context_chars
            lines = [line for line in (texts.get("comments") or "").splitlines() if line.strip()]
            agent = [line for line in lines if "agent:" in line.lower()]
            latest = (agent or lines)[-1:]  # the last agent update holds the fix, more often than "thanks"
            update = facts.summarise_text(latest[0], budget // 3) if latest else ""
            description = facts.summarise_text(texts.get("description") or row["body"], budget - len(update) - 20)
            text = description + (f"\nLatest update: {update}" if update else "")
        return ContextItem(hit.request_id, m.get("title", ""), m.get("status"), m.get("category"), m.get("priority"),
                           m.get("created_at"), text)
