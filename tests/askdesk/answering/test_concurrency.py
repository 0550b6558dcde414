"""One engine (and its sanitiser, parser and retriever) serves many threads at once: the Slack
bot's HTTP threads and answer workers share it.  Answers given concurrently must be exactly the
answers given one at a time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from evals.golden import build_golden


def _fingerprint(answer):
    """What a user sees and what the evals score; not timings or ids."""
    return (answer.text, answer.route, answer.refused, answer.filters_text,
            tuple(s.request_id for s in answer.sources))


def test_concurrent_answers_equal_serial_answers(answer_env) -> None:
    golden = build_golden(answer_env.rows, answer_env.now, lookups=6, searches=8, unknown=3, pii=3, aggregate_every=25)
    # the personal-data questions make the sanitiser replace names while other threads scrub too
    questions = [q["question"] for q in golden] * 2
    assert len({q["kind"] for q in golden}) >= 4 and len(questions) >= 40
    serial = [_fingerprint(answer_env.engine.answer(q)) for q in questions]
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(lambda q: _fingerprint(answer_env.engine.answer(q)), questions))
    diffs = [(q, s, c) for q, s, c in zip(questions, serial, concurrent, strict=True) if s != c]
    assert not diffs, diffs[:3]


def test_concurrent_scrubs_equal_serial_scrubs(answer_env, sanitiser) -> None:
    texts = [f"{row.title}. {row.description} Call Maria Garcia on +44 20 7946 0{i % 1000:03d}, password is Xk{i}q9!zz"
             for i, row in enumerate(answer_env.rows[:60])]
    serial = [sanitiser.scrub(t).text for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(lambda t: sanitiser.scrub(t).text, texts))
    assert concurrent == serial
    assert not any("Maria Garcia" in t or "Xk1q9" in t for t in concurrent)
