"""One `Sanitiser` shared by many threads (the bot's HTTP threads and answer workers, an index
run's sanitiser thread): concurrent scrubs equal serial ones, also while another thread
remembers names (each call sees the known-names set before or after a `remember_names` call,
never half of it), and concurrent writers lose no names."""

from __future__ import annotations

import itertools
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from askdesk.keyed_hash import Domain, KeyedHasher
from askdesk.sanitise import Sanitiser, SanitiserConfig, ScrubResult, normalise

#: names NER and the names lexicon miss when written in lowercase: found only once remembered
KNOWN = ["Oyelaran Thistlewood-Vance", "Xiomara Quenby Ashdown"]

TEXTS = [
    "Please loop in Oyelaran Thistlewood-Vance; ask xiomara quenby ashdown about the laptop.",
    "Hi Pooja, the VPN drops every hour. Call me on +44 20 7946 0958 or mail pooja.rao@example.com",
    "ask oyelaran thistlewood-vance to reset the password for host 10.20.30.40 please",
    "Thanks, Rhys. Printer on floor 3 is jammed again (asset KB5034441).",
    "xiomara quenby ashdown says the token ghp_1234567890abcdefghijklmnopqrstuvwxyzAB leaked",
    "New starter is Catalina Vasquez, start date Monday; laptop and badge needed.",
    "Outlook keeps crashing after the update, no names here at all.",
    "cc oyelaran thistlewood-vance and xiomara quenby ashdown on the Okta MFA reset ticket",
]
#: the rows' own PII values, for the scrubs that pass them
KNOWN_VALUES = [(), ("Pooja Rao", "pooja.rao@example.com"), (), ("Rhys Evans",), (), (), (), ()]


def _letters(n: int) -> str:
    """``n`` written in letters (names are words: a known name holds no digits)."""
    out = ""
    while True:
        n, r = divmod(n, 26)
        out = "abcdefghijklmnopqrstuvwxyz"[r] + out
        if n == 0:
            return out


@pytest.fixture(scope="module")
def san() -> Sanitiser:
    # its own instance: the names remembered here must not leak into other tests' sanitisers
    return Sanitiser(SanitiserConfig(secret="thread-safety-secret"))


@pytest.fixture(autouse=True)
def _switch_often() -> Iterator[None]:
    """Switch threads every few microseconds, so calls interleave inside each other."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(old)


def _scrub_calls(san: Sanitiser) -> list[Callable[[], object]]:
    """Every way of scrubbing, over every text: one call each."""
    calls: list[Callable[[], object]] = []
    for text, known in zip(TEXTS, KNOWN_VALUES):
        calls.append(lambda t=text, k=known: san.scrub(t, k))
        calls.append(lambda t=text, k=known: san.scrub_light(t, k))
    calls.append(lambda: san.scrub_many(TEXTS, [list(k) for k in KNOWN_VALUES]))
    return calls


def _run_concurrently(calls: list[Callable[[], object]], rounds: int, threads: int,
                      background: Callable[[threading.Event], None] | None = None) -> list[list[object]]:
    """Each call ``rounds`` times, spread over ``threads`` threads (started together), while
    ``background`` runs in one more thread; the results per call."""
    jobs = [i for _ in range(rounds) for i in range(len(calls))]
    start = threading.Barrier(threads + (background is not None))
    done = threading.Event()
    results: list[list[object]] = [[] for _ in calls]
    lock = threading.Lock()

    def worker(mine: list[int]) -> None:
        start.wait()
        for i in mine:
            out = calls[i]()
            with lock:
                results[i].append(out)

    def side() -> None:
        start.wait()
        assert background is not None
        background(done)

    with ThreadPoolExecutor(threads + 1) as pool:
        side_future = pool.submit(side) if background is not None else None
        futures = [pool.submit(worker, jobs[w::threads]) for w in range(threads)]
        for f in futures:
            f.result()
        done.set()
        if side_future is not None:
            side_future.result()
    return results


def test_concurrent_scrubs_equal_serial_ones(san: Sanitiser) -> None:
    calls = _scrub_calls(san)
    serial = [call() for call in calls]
    results = _run_concurrently(calls, rounds=3, threads=6)
    for i, outs in enumerate(results):
        assert len(outs) == 3
        assert all(out == serial[i] for out in outs), f"call #{i} differed when run concurrently"


def test_scrubs_see_all_or_none_of_the_names_remembered_meanwhile() -> None:
    san = Sanitiser(SanitiserConfig(secret="thread-safety-remember"))
    # pairs of names remembered together, each pair in a text of its own (lowercase: NER and the
    # names lexicon miss them), plus the texts above for everything else a scrub does
    pairs = [(f"Xandra Quill{_letters(k)}", f"Bartholo Vrenn{_letters(k)}") for k in range(12)]
    texts = [f"please ask {a.lower()} and {b.lower()} about the vpn" for a, b in pairs]
    calls = [*(lambda t=t: san.scrub(t) for t in texts), *(lambda t=t: san.scrub_light(t) for t in texts),
             *_scrub_calls(san)]
    before = [call() for call in calls]
    noise = (f"Zephyrine Noise{_letters(i)}" for i in itertools.count())  # names in no text
    writing = threading.Event()
    writing.set()
    start = threading.Barrier(5)
    seen: list[list[object]] = [[] for _ in calls]
    lock = threading.Lock()

    def scrub_until_written() -> None:
        start.wait()
        while writing.is_set():
            for i, call in enumerate(calls):
                out = call()
                with lock:
                    seen[i].append(out)

    def remember() -> None:
        start.wait()
        try:
            for a, b in pairs:  # one pair at a time, with writes that change no result in between
                san.remember_names([next(noise) for _ in range(50)])
                san.remember_names([a, b])
                san.load_known_name_hashes(san.known_name_hashes())  # a reader-writer too
            san.remember_names(KNOWN)
            san.remember_names([next(noise) for _ in range(50)])
        finally:
            writing.clear()

    with ThreadPoolExecutor(5) as pool:
        futures = [pool.submit(scrub_until_written) for _ in range(4)] + [pool.submit(remember)]
        for f in futures:
            f.result()
    after = [call() for call in calls]
    # every name matters to its text, so "before" and "after" really differ there
    assert all(before[i] != after[i] for i in range(len(texts)))
    for (a, b), result in zip(pairs, after):
        assert isinstance(result, ScrubResult)
        assert result.text == f"please ask {san.pseudonym(a)} and {san.pseudonym(b)} about the vpn"
    for i, outs in enumerate(seen):
        assert outs
        for out in outs:
            assert out in (before[i], after[i]), f"call #{i} saw half a remember_names call"


def test_concurrent_writers_lose_no_names() -> None:
    san = Sanitiser(SanitiserConfig(secret="thread-safety-writers", entities=("PERSON", "EMAIL_ADDRESS")))
    batches = [[f"Writer{_letters(w)} Person{_letters(i)}" for i in range(200)] for w in range(6)]
    start = threading.Barrier(len(batches) + 1)

    def write(names: list[str]) -> None:
        start.wait()
        for k in range(0, len(names), 10):
            san.remember_names(names[k:k + 10])

    def read() -> int:
        start.wait()
        sizes = [len(san.known_name_hashes()) for _ in range(200)]  # copies while others write
        assert sizes == sorted(sizes)  # the set only grows
        return sizes[-1]

    with ThreadPoolExecutor(len(batches) + 1) as pool:
        reader = pool.submit(read)
        for f in [pool.submit(write, b) for b in batches]:
            f.result()
        reader.result()

    hasher = KeyedHasher("thread-safety-writers", Domain.PSEUDONYM)
    assert san.known_name_hashes() == {hasher.hexdigest(normalise(name)) for b in batches for name in b}
    name = f"Writer{_letters(3)} Person{_letters(7)}"
    assert san.scrub(f"mail {name.lower()} now").text == f"mail {san.pseudonym(name)} now"
