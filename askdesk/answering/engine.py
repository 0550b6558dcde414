"""The answering engine: one entry point, ``AnswerEngine.answer(question)``, shared by the Slack
bot, the terminal chat, ``askdesk ask``, the evals and the training-data builder.

question -> scrub PII -> understand (rules over the data's vocabulary; the LLM asked for a JSON
plan, validated against the vocabulary, when the rules can't account for the question) ->
follow-up merged onto the thread's previous plan -> the plan's route (:mod:`.routes`):

  lookup     ids -> rows of the requests table (exact)
  aggregate  counts, lists, breakdowns, durations, trends, shares (parameterised SQL, exact)
  search     filtered hybrid retrieval -> relevance gate -> extractive answer + a checked LLM lead
  refuse     personal data;   cant   what askdesk did not understand, and what it can answer

Every answer carries its sources, the plan it used and a typed trace.  Dependencies (database
engine, retriever, LLM, PII scrubber, clock) are passed in; build them from settings with
:func:`askdesk.answering.build.build_engine`.

Access: every answer is for a :class:`~askdesk.access.Visibility` (the caller's, else the
engine's ``default_visibility``).  It is in the WHERE of every query the routes run (lookups,
analytics, similar-to, both sides of retrieval), the question is read with the vocabulary of its
visible requests (:mod:`.vocabularies`), answers over a restricted one say so, the trace records
it, and a silent one gets no answer at all (no query is run).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa

from askdesk.access import EVERYTHING, SILENT_REPLY, AccessPolicy, Visibility
from askdesk.answering import facts
from askdesk.answering.answer import Answer
from askdesk.answering.filters import RAISED_BY_YOU
from askdesk.answering.llm_plan import draft_plan, plan_from_draft
from askdesk.answering.phrasing import phrase_facts
from askdesk.answering.plan import QueryPlan
from askdesk.answering.policy_fields import PolicyFieldCheck
from askdesk.answering.prompt import PROMPT_VERSION
from askdesk.answering.retrieve import HybridRetriever
from askdesk.answering.routes import VISIBLE_ONLY, RouteContext, TokenCallback, routes
from askdesk.answering.routes.search import messages_for, search_hits
from askdesk.answering.trace import Trace
from askdesk.answering.understand import QuestionParser, is_follow_up, merge_follow_up, refers_to_the_one_listed
from askdesk.answering.understand.coverage import uncovered
from askdesk.answering.understand.parser import NO_REQUESTERS, WHOSE_REQUESTS
from askdesk.answering.understand.personal import give_back_known_words
from askdesk.answering.vocabularies import Understanding, Vocabularies
from askdesk.answering.vocabulary import Vocabulary
from askdesk.schema import index_runs
from askdesk.settings import AnsweringSettings

log = logging.getLogger(__name__)

__all__ = ["SILENT", "AnswerEngine", "PromptContext", "TokenCallback", "utc_now"]

#: the answer where askdesk does not answer at all (``Visibility.silent``: a shared channel)
SILENT = SILENT_REPLY


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
    """Answers questions; one instance serves every thread of a process.

    Thread safety: ``answer`` may be called from many threads at once (the bot's HTTP threads
    and answer workers share one engine).  Per-question state lives in local variables; each
    visibility's vocabulary and its parser are swapped together under a lock after an index run
    (a question uses the pair it started with; :mod:`.vocabularies`); the cache of LLM plans has
    its own lock; the retriever opens a connection per query from SQLAlchemy's thread-safe pool
    (a restricted search sets its pgvector scan mode for its own transaction only); the
    sanitiser and the LLM state
    their own rules (a local LLM serialises generations, an OpenAI-compatible one does not).
    ``tests/askdesk/answering/test_concurrency.py`` checks concurrent answers equal serial ones."""

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
        default_visibility: Visibility = EVERYTHING,
        access_policy: AccessPolicy | None = None,
    ) -> None:
        """``llm`` is an :class:`askdesk.llm.LoadedLLM` (or None: search answers are extractive
        only and the understanding has no LLM fallback); ``scrub`` removes PII from free text
        (the indexing sanitiser), applied to the question and to generated text.  ``vocabulary``:
        the one over every request, if the caller has it.  ``default_visibility``: what answers
        asked without a visibility may use; ``access_policy``: checked against the indexed
        fields here (or after the first index run), raising `AccessPolicyError` on a typo."""
        self.engine = engine
        self.retriever = retriever
        self.settings = settings
        self.llm = llm
        self.scrub = scrub
        self.reranker = reranker
        self.default_visibility = default_visibility
        self.access_policy = access_policy
        self._policy_fields = PolicyFieldCheck(engine, access_policy)

        def pinned_now() -> datetime:  # read at each call: a demo or an eval may pin it again later
            return settings.now or utc_now()

        self.clock: Callable[[], datetime] = clock or (pinned_now if settings.now else utc_now)
        self._routes = routes()
        self._vocab_stamp: tuple[Any, ...] | None = None
        self._vocab_checked = 0.0
        self._refresh_lock = threading.Lock()  # one refresh at a time, never waited for
        #: plans the LLM fallback made, by question, day and visibility (a thread re-reads its earlier questions)
        self._llm_plans: OrderedDict[tuple[str, str, tuple[str, ...]], QueryPlan] = OrderedDict()
        self._llm_plans_lock = threading.Lock()
        if vocabulary is None:
            self._vocab_stamp = self._index_stamp()
        self._vocabs = Vocabularies(engine, vocabulary)
        self._policy_fields.run()  # raises AccessPolicyError on a field the requests don't have
        self._vocabs.get(default_visibility)  # read now, not on the first question

    # ------------------------------------------------------------------ vocabulary
    @property
    def vocabulary(self) -> Vocabulary:
        """The vocabulary of the default visibility."""
        return self._vocabs.get(self.default_visibility).vocabulary

    @property
    def parser(self) -> QuestionParser:
        """The parser of the default visibility."""
        return self._vocabs.get(self.default_visibility).parser

    def vocabulary_for(self, visibility: Visibility | None = None) -> Vocabulary:
        """The values ``visibility``'s questions are read with (what its visible requests hold)."""
        return self._understanding(visibility).vocabulary

    def _understanding(self, visibility: Visibility | None) -> Understanding:
        return self._vocabs.get(self.default_visibility if visibility is None else visibility)

    def refresh_vocabulary(self) -> None:
        """Re-read the values that exist in the data (after an indexing run), for every
        visibility held, and check the access policy's fields again."""
        stamp = self._index_stamp()
        self._policy_fields.run(again=True)
        self._vocabs.reload()
        self._vocab_stamp = stamp

    def _index_stamp(self) -> tuple[Any, ...]:
        with self.engine.connect() as conn:
            return tuple(conn.execute(sa.select(sa.func.max(index_runs.c.id), sa.func.max(index_runs.c.finished_at),
                                                sa.func.count())).one())

    def refresh_if_stale(self, *, block: bool = False) -> bool:
        """At most every ``vocabulary_refresh_s``: if an index run finished since the vocabulary
        was read, re-read it (in the background unless ``block``: answers go on with the current
        one).  True when a refresh was started."""
        every = self.settings.vocabulary_refresh_s
        if every <= 0 or (not block and time.monotonic() - self._vocab_checked < every):
            return False
        if not self._refresh_lock.acquire(blocking=False):  # another thread is refreshing
            return False
        self._vocab_checked = time.monotonic()
        try:
            stamp = self._index_stamp()
        except sa.exc.SQLAlchemyError:
            self._refresh_lock.release()
            return False
        if stamp == self._vocab_stamp:
            self._refresh_lock.release()
            return False

        def run() -> None:
            try:
                self.refresh_vocabulary()
                log.info("vocabulary refreshed after an index run")
            except Exception:
                log.exception("vocabulary refresh failed; keeping the current one")
            finally:
                self._refresh_lock.release()

        if block:
            run()
        else:
            threading.Thread(target=run, name="askdesk-vocabulary", daemon=True).start()
        return True

    # ------------------------------------------------------------------ understanding
    def understand(self, question: str, *, visibility: Visibility | None = None) -> QueryPlan:
        """Scrub PII from the question first (so it reaches neither prompts nor traces; names
        become the same pseudonyms the index uses), then plan it (rules, then the LLM) with the
        vocabulary of ``visibility`` (None: the default visibility)."""
        question = question[: self.settings.max_question_chars * 2]
        understood = self._understanding(visibility)
        return self._plan(self._scrub_question(question, understood.parser), understood)

    def _plan(self, question: str, understood: Understanding, llm_trace: dict[str, Any] | None = None) -> QueryPlan:
        parser = understood.parser
        plan = parser.parse(question, self.clock(), max_chars=self.settings.max_question_chars)
        if plan.intent != "cant" or plan.refusal_reason == "empty" or self.llm is None or not self.settings.llm_plans:
            return plan
        # the plan is validated against this vocabulary: cached per visibility's key
        key = (plan.question, self.clock().date().isoformat(), understood.visibility.key())
        with self._llm_plans_lock:
            cached = self._llm_plans.get(key)
        if cached is not None:
            return cached
        t0 = time.perf_counter()
        draft = draft_plan(self.llm, plan.question, parser.vocab, self.clock(),
                           max_new_tokens=self.settings.plan_max_new_tokens)
        info: dict[str, Any] = {"asked": True, "ms": round((time.perf_counter() - t0) * 1000, 1),
                                "rules_unexplained": list(plan.unexplained)}
        result = plan
        if draft is None:
            info["used"] = False
            info["why"] = "no valid plan"
        else:
            candidate = plan_from_draft(draft, plan.question, parser.vocab, topic_fallback=plan.topic)
            if plan.filters.mine:  # the rules read "my …"; the LLM's plan has no field for it
                candidate = candidate.with_(filters=replace(candidate.filters, mine=True))
            info["plan"] = candidate.as_dict()
            # the LLM's plan must account for every word the rules could not (else it answers
            # another question: "how many breached the SLA" is not "how many")
            missing = uncovered(candidate, plan.unexplained)
            usable = candidate.intent not in ("cant", "refuse") and not candidate.unexplained and not missing
            info["used"] = usable
            if usable:
                result = candidate
            else:
                info["why"] = ("the plan named values the data doesn't have" if candidate.unexplained
                               else f"the plan doesn't account for {missing}" if missing else "cant")
                result = replace(plan, unexplained=tuple(dict.fromkeys(plan.unexplained + candidate.unexplained)))
        if llm_trace is not None:
            llm_trace.update(info)
        with self._llm_plans_lock:
            self._llm_plans[key] = result
            while len(self._llm_plans) > 256:
                self._llm_plans.popitem(last=False)
        return result

    def plan_thread(self, questions: Sequence[str], *, visibility: Visibility | None = None) -> QueryPlan | None:
        """What the thread's last question meant, with its own follow-ups resolved (read with
        ``visibility``'s vocabulary: a thread keeps the visibility of where it is)."""
        understood = self._understanding(visibility)
        current: QueryPlan | None = None
        for q in questions:
            p = self._plan(q, understood)
            if current is not None and p.question and is_follow_up(p, current):
                p = merge_follow_up(current, p)
            current = p
        return current

    # ------------------------------------------------------------------ entry point
    def answer(
        self,
        question: str,
        *,
        history: Sequence[tuple[str, str]] = (),
        on_token: TokenCallback | None = None,
        visibility: Visibility | None = None,
    ) -> Answer:
        """Answer one question.  ``history``: earlier (question, answer) turns of a thread.
        ``on_token`` receives the answer text as it is produced (at once for exact routes).
        ``visibility``: what the answer's reader may see (None: the engine's default); a thread
        passes the same one for each of its questions."""
        vis = self.default_visibility if visibility is None else visibility
        if vis.silent:
            return self._silent(question, vis, on_token)
        self._policy_fields.raise_if_failed()
        self.refresh_if_stale()
        t0 = time.perf_counter()
        understood = self._vocabs.get(vis)
        llm_trace: dict[str, Any] = {}
        plan = self._plan(self._scrub_question(question[: self.settings.max_question_chars * 2], understood.parser),
                          understood, llm_trace)
        follow_up_of = None
        if history and plan.question:
            # follow-ups in a thread ("which of those is the oldest?") act on the last turn's plan
            previous = self.plan_thread([q for q, _a in history], visibility=vis)
            listed = understood.parser.request_ids(history[-1][1])[0][:1] if previous is not None else ()
            if previous is not None and listed and refers_to_the_one_listed(plan, previous):
                plan = replace(plan, intent="lookup", request_ids=listed, understood_by="follow-up",
                               unexplained=(), refusal_reason=None)
                follow_up_of = previous.question
            elif previous is not None and is_follow_up(plan, previous):
                plan = merge_follow_up(previous, plan)
                follow_up_of = previous.question
        plan, vis = self._own_requests(plan, vis)
        now = self.clock()
        trace = Trace(question=plan.question, plan=plan, now=now.isoformat(timespec="seconds"),
                      prompt_version=PROMPT_VERSION, model=getattr(self.llm, "model_name", None),
                      adapter_version=getattr(self.llm, "adapter_version", None), follow_up_of=follow_up_of,
                      llm_plan=llm_trace, access=vis.as_dict())
        trace.timings_ms["understand_ms"] = (time.perf_counter() - t0) * 1000
        ctx = self._context(understood, vis, now)
        result = self._routes[plan.route](plan, trace, ctx, history=history, on_token=on_token)
        text = result.text
        if plan.understood_by == "llm" and not result.refused:
            text += "\n(I read this question with the help of the language model: check the filters and metric above.)"
        if (plan.route in ("lookup", "aggregate") and self.settings.llm_phrases_facts and self.llm is not None
                and not result.refused):
            text = phrase_facts(self.llm, plan.question, text, trace, self._scrub,
                                keep=((VISIBLE_ONLY,) if vis.restricted else ()) + ((RAISED_BY_YOU,) if vis.own_only else ()))
        if on_token and not result.streamed:
            on_token(text)
        route = result.route or plan.route
        trace.route, trace.refused = route, result.refused
        trace.timings_ms["total_ms"] = (time.perf_counter() - t0) * 1000
        trace.timings_ms.setdefault("first_token_ms", trace.timings_ms["total_ms"])
        return Answer(text=text, sources=result.sources, route=route, trace=trace, refused=result.refused)

    def _own_requests(self, plan: QueryPlan, vis: Visibility) -> tuple[QueryPlan, Visibility]:
        """A question about the asker's own requests ("my open tickets"): the visibility narrowed
        to their requests, or a plan that declines and says why (the answer would be read in a
        channel, who is asking is unknown, or the index doesn't record who raised its requests).
        Never everyone's requests: that would answer another question."""
        if not plan.filters.mine or plan.route not in ("lookup", "aggregate", "search"):
            return plan, vis
        if not vis.requester.known:
            return plan.with_(intent="cant", refusal_reason=WHOSE_REQUESTS), vis
        if not facts.has_requesters(self.engine):
            return plan.with_(intent="cant", refusal_reason=NO_REQUESTERS), vis
        return plan, vis.own()

    def _silent(self, question: str, vis: Visibility, on_token: TokenCallback | None) -> Answer:
        """No answer where askdesk must stay silent: no query runs (the question is scrubbed
        for the trace)."""
        scrubbed = " ".join(self._scrub(question[: self.settings.max_question_chars]).split())
        plan = QueryPlan(scrubbed, "cant", refusal_reason="silent")
        trace = Trace(question=scrubbed, plan=plan, now=self.clock().isoformat(timespec="seconds"),
                      prompt_version=PROMPT_VERSION, route="silent", refused=True, access=vis.as_dict())
        if on_token:
            on_token(SILENT)
        return Answer(text=SILENT, sources=[], route="silent", trace=trace, refused=True)

    def prompt_for(self, question: str, history: Sequence[tuple[str, str]] = (), *,
                   visibility: Visibility | None = None) -> PromptContext | None:
        """The exact prompt the LLM would get for this question (None when the question would not
        reach the LLM: exact routes, refusals, nothing relevant, a silent visibility).  The
        training-data builder uses it, so adapters learn on the inference template and the
        inference retrieval."""
        vis = self.default_visibility if visibility is None else visibility
        if vis.silent:
            return None
        understood = self._vocabs.get(vis)
        plan = self._plan(self._scrub_question(question[: self.settings.max_question_chars * 2], understood.parser),
                          understood)
        plan, vis = self._own_requests(plan, vis)
        if not plan.question or plan.route != "search":
            return None
        now = self.clock()
        trace = Trace(question=plan.question, plan=plan, now=now.isoformat(), prompt_version=PROMPT_VERSION,
                      access=vis.as_dict())
        ctx = self._context(understood, vis, now)
        found = search_hits(plan, trace, ctx)
        if isinstance(found, str):
            return None
        hits = found[: self.settings.prompt_k]
        rows = facts.fetch_requests(self.engine, [h.request_id for h in hits], visibility=vis)
        messages = messages_for(ctx, plan.question, hits, rows, history)
        return PromptContext(plan.question, messages, [h.request_id for h in hits], rows, trace.best_similarity or 0.0)

    def messages_for(self, question: str, hits: Sequence[Any], history: Sequence[tuple[str, str]] = (), *,
                     visibility: Visibility | None = None) -> list[Any]:
        """The LLM messages for ``question`` with these retrieved ``hits`` in its context (the
        training builder's off-topic examples: the context the engine would retrieve, ungated).
        Rows of requests ``visibility`` hides are not read (the hit's own text is used)."""
        vis = self.default_visibility if visibility is None else visibility
        rows = facts.fetch_requests(self.engine, [h.request_id for h in hits], visibility=vis)
        shown = [h for h in hits if h.request_id in rows] if vis.restricted else list(hits)
        return messages_for(self._context(self._vocabs.get(vis), vis), question, shown, rows, history)

    def _context(self, understood: Understanding, visibility: Visibility, now: datetime | None = None) -> RouteContext:
        return RouteContext(self.engine, self.retriever, self.settings, understood.vocabulary, now or self.clock(),
                            self.llm, self._scrub, self.reranker, self.url, visibility)

    # ------------------------------------------------------------------ helpers
    def _scrub(self, text: str) -> str:
        return self.scrub(text) if self.scrub and text else text

    def _scrub_question(self, question: str, parser: QuestionParser) -> str:
        """The question scrubbed of PII, with the words ``parser`` reads given back where the NER
        took them for a name (:func:`~askdesk.answering.understand.personal.give_back_known_words`)."""
        return give_back_known_words(question, self._scrub(question), parser.known_words)

    def url(self, request_id: str) -> str:
        return self.settings.request_url_template.replace("{id}", quote(request_id, safe=""))
