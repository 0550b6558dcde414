"""The evaluation report: Markdown and HTML with matplotlib plots (PNG), written next to the results.

Both formats render the same sections (built once as plain data): the headline per adapter, what
changed against the baseline with confidence intervals and the questions that flipped, metrics by
kind and by route, the retrievers side by side, latency, the route confusion, gate results, and
the worst 20 answers with their retrieved sources.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from evals.summary import RANKING, metric_names

Table = tuple[list[str], list[list[str]]]


@dataclass
class Section:
    title: str
    text: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    images: list[tuple[str, str]] = field(default_factory=list)  # (relative path, alt text)


def _pct(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return f"{v:.3f}"


def _ms(v: Any) -> str:
    return "–" if v is None else (f"{v / 1000:.1f} s" if v >= 1000 else f"{v:.0f} ms")


def _metric_cell(block: dict[str, Any], m: str) -> str:
    v = block.get(m)
    return f"{v['mean']:.3f} ({v['n']})" if isinstance(v, dict) else "–"


# ------------------------------------------------------------------------------------ plots
def _plt() -> ModuleType:
    # deferred: matplotlib is heavy and only the report's plots need it
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    return plt


def _grouped_bars(path: Path, groups: list[str], series: dict[str, list[float]], title: str, ylabel: str) -> None:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(max(6, 1.2 * len(groups) * max(1, len(series)) / 2 + 2), 4))
    width = 0.8 / max(1, len(series))
    for i, (name, values) in enumerate(series.items()):
        xs = [g + (i - (len(series) - 1) / 2) * width for g in range(len(groups))]
        bars = ax.bar(xs, [0 if math.isnan(v) else v for v in values], width, label=name)
        for b, v in zip(bars, values, strict=True):
            if not math.isnan(v):
                ax.annotate(f"{v:.2f}", (b.get_x() + b.get_width() / 2, b.get_height()), ha="center", va="bottom", fontsize=7)
    ax.set_xticks(range(len(groups)), groups)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_metrics_by_kind(path: Path, summary: dict[str, Any]) -> None:
    adapters = summary["adapters"]
    kinds = sorted({k for a in adapters.values() for k in a["by_kind"]})
    series = {label: [a["by_kind"].get(k, {}).get("correct", {}).get("mean", math.nan) for k in kinds]
              for label, a in adapters.items()}
    _grouped_bars(path, kinds, series, "Correct answers by kind", "share correct")


def plot_retrievers(path: Path, summary: dict[str, Any]) -> None:
    retrievers = summary["retrievers"]
    series = {name: [r["overall"].get(m, {}).get("mean", math.nan) for m in RANKING] for name, r in retrievers.items()}
    _grouped_bars(path, list(RANKING), series, "Retrieval: the engine against reference retrievers", "mean")


def plot_latency(path: Path, results: Sequence[dict[str, Any]], labels: Sequence[str]) -> None:
    plt = _plt()
    routes = sorted({r["route"] for r in results})
    fig, ax = plt.subplots(figsize=(max(6, 1.5 * len(routes) * len(labels)), 4))
    data, names, positions = [], [], []
    for i, route in enumerate(routes):
        for j, label in enumerate(labels):
            values = [max(r["latency_ms"], 0.01) for r in results if r["route"] == route and r["adapter_label"] == label]
            if values:
                data.append(values)
                positions.append(i * (len(labels) + 1) + j)
                names.append(f"{route}\n{label}" if len(labels) > 1 else route)
    if data:
        ax.boxplot(data, positions=positions, widths=0.7)
        ax.set_xticks(positions, names, fontsize=8)
        ax.set_yscale("log")
    ax.set_ylabel("latency per question (ms, log scale)")
    ax.set_title("Latency by route")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_routes(path: Path, confusion: dict[str, dict[str, int]]) -> None:
    plt = _plt()
    expected = sorted(confusion)
    chosen = sorted({c for row in confusion.values() for c in row})
    fig, ax = plt.subplots(figsize=(1.2 * len(chosen) + 2.5, 0.8 * len(expected) + 1.8))
    grid = [[confusion[e].get(c, 0) for c in chosen] for e in expected]
    ax.imshow(grid, cmap="Blues")
    for i, row in enumerate(grid):
        for j, v in enumerate(row):
            ax.text(j, i, str(v), ha="center", va="center", color="black" if v < max(map(max, grid)) / 2 else "white")
    ax.set_xticks(range(len(chosen)), chosen)
    ax.set_yticks(range(len(expected)), expected)
    ax.set_xlabel("route chosen")
    ax.set_ylabel("route expected")
    ax.set_title("Routes: expected vs chosen")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_comparison(path: Path, comparison: dict[str, Any]) -> None:
    plt = _plt()
    items = [(m, d) for m, d in comparison["overall"].items() if d["n"]]
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(items) + 1.5))
    for i, (_m, d) in enumerate(items):
        color = {"better": "tab:green", "worse": "tab:red"}.get(d["verdict"], "tab:gray")
        ax.errorbar(d["diff"], i, xerr=[[d["diff"] - d["ci_low"]], [d["ci_high"] - d["diff"]]], fmt="o", color=color, capsize=3)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(items)), [m for m, _ in items])
    ax.invert_yaxis()
    ax.set_xlabel(f"{comparison['candidate']} − {comparison['baseline']} (95% paired bootstrap CI)")
    ax.set_title(f"{comparison['candidate']} vs {comparison['baseline']}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---------------------------------------------------------------------------------- sections
def badness(r: dict[str, Any]) -> tuple[Any, ...]:
    """Sort key for "worst": wrong first, then more failed checks, weaker ranking, slower."""
    s = r["scores"]
    failed = sum(1 for v in s.values() if v is False)
    ranking = [float(s[m]) for m in RANKING if m in s]
    return (bool(s.get("correct")), -failed, sum(ranking) / len(ranking) if ranking else 1.0, -r["latency_ms"])


def _flips(comparison_rows: tuple[list[dict[str, Any]], list[dict[str, Any]]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    base = {r["id"]: r for r in comparison_rows[0]}
    fixed, broken = [], []
    for c in comparison_rows[1]:
        b = base.get(c["id"])
        if b is None:
            continue
        if c["scores"]["correct"] and not b["scores"]["correct"]:
            fixed.append(c)
        elif b["scores"]["correct"] and not c["scores"]["correct"]:
            broken.append(c)
    return fixed, broken


def _short(text: str, n: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def build_sections(summary: dict[str, Any], results: Sequence[dict[str, Any]], plots: dict[str, str],
                   gates: dict[str, list[dict[str, Any]]] | None = None, worst: int = 20) -> list[Section]:
    adapters = summary["adapters"]
    labels = list(adapters)
    run = summary["run"]
    sections = []

    head = Section("Summary")
    head.text.append(
        f"{run.get('questions')} questions from `{run.get('questions_file', '?')}` against "
        f"{run.get('index', 'the index')}; LLM: {run.get('llm') or 'none (search answers list the closest requests)'}; "
        f"dates read relative to {run.get('now') or 'the real clock'}; {run.get('seconds')} s in all.")
    metrics = metric_names(results)
    head.tables.append((["metric", *labels], [[m, *(_metric_cell(adapters[a]["overall"], m) for a in labels)] for m in metrics]))
    head.text.append("Cells: mean over the questions a metric applies to (that count in brackets).")
    sections.append(head)

    if gates:
        g = Section("Gate")
        for label, checks in gates.items():
            passed = all(c["passed"] for c in checks)
            g.text.append(f"**{label}: {'passed' if passed else 'FAILED'}**")
            g.tables.append((["threshold", "minimum", "measured", ""],
                             [[c["threshold"], _pct(c["minimum"]), _pct(c["value"]), "ok" if c["passed"] else "FAIL"] for c in checks]))
        sections.append(g)

    by_label: dict[str, list[dict[str, Any]]] = {a: [r for r in results if r["adapter_label"] == a] for a in labels}
    for name, comp in summary["comparisons"].items():
        c = Section(f"What changed: {name}")
        c.text.append(f"{comp['n']} questions answered by both. Difference = {comp['candidate']} − {comp['baseline']}, "
                      "95 % paired bootstrap interval; *better*/*worse* only when the interval excludes 0.")
        rows = []
        for m, d in comp["overall"].items():
            arrow = {"better": "▲ better", "worse": "▼ worse"}.get(d["verdict"], "· no clear difference")
            rows.append([m, str(d["n"]), _pct(d["baseline"]), _pct(d["candidate"]), f"{d['diff']:+.3f}",
                         f"[{d['ci_low']:+.3f}, {d['ci_high']:+.3f}]", arrow])
        c.tables.append((["metric", "n", comp["baseline"], comp["candidate"], "diff", "95% CI", ""], rows))
        kind_rows = [[k, m, f"{d['diff']:+.3f}", f"[{d['ci_low']:+.3f}, {d['ci_high']:+.3f}]", d["verdict"]]
                     for k, per in comp["by_kind"].items() for m, d in per.items() if m == "correct"]
        if kind_rows:
            c.tables.append((["kind", "metric", "diff", "95% CI", "verdict"], kind_rows))
        fixed, broken = _flips((by_label[comp["baseline"]], by_label[comp["candidate"]]))
        c.text.append(f"Fixed by {comp['candidate']}: {len(fixed)} questions; broken: {len(broken)}.")
        flip_rows = [["fixed", r["id"], _short(r["question"], 80), _short(r["answer"], 120)] for r in fixed[:10]]
        flip_rows += [["broken", r["id"], _short(r["question"], 80), _short(r["answer"], 120)] for r in broken[:10]]
        if flip_rows:
            c.tables.append((["", "id", "question", f"answer ({comp['candidate']})"], flip_rows))
        if name in plots:
            c.images.append((plots[name], f"{name}: differences with confidence intervals"))
        sections.append(c)

    k = Section("By kind")
    for label in labels:
        block = adapters[label]["by_kind"]
        kinds = list(block)
        ms = [m for m in ("correct", "answer_contains", "number_exact", "list_exact", "groups_exact", "duration_ok",
                          "percent_ok", "series_exact", "refused", "no_new_number", "answered", "no_leak", "grounded",
                          "route_ok", "hit@5", "mrr@10") if any(m in block[kk] for kk in kinds)]
        k.text.append(f"**{label}**")
        k.tables.append((["kind", "n", *ms], [[kk, str(block[kk]["n"]), *(_metric_cell(block[kk], m) for m in ms)] for kk in kinds]))
    if "by_kind" in plots:
        k.images.append((plots["by_kind"], "share of correct answers by kind and adapter"))
    sections.append(k)

    rt = Section("By route")
    for label in labels:
        block = adapters[label]["by_route"]
        lat = adapters[label]["latency"]["by_route"]
        rt.text.append(f"**{label}**")
        rt.tables.append((["route", "n", "correct", "grounded", "p50", "p95", "first token p95"],
                          [[r, str(block[r]["n"]), _metric_cell(block[r], "correct"), _metric_cell(block[r], "grounded"),
                            _ms(lat[r]["p50_ms"]), _ms(lat[r]["p95_ms"]), _ms(lat[r]["first_token_p95_ms"])] for r in block]))
    if "latency" in plots:
        rt.images.append((plots["latency"], "latency per question by route"))
    sections.append(rt)

    if summary["retrievers"]:
        rv = Section("Retrievers")
        rv.text.append("The same questions (those naming the requests they expect) through each retriever. "
                       "`engine` is the full engine (understanding, filters, exact routes, hybrid); `hybrid` the "
                       "fusion on the raw question; `bm25`, `vector`, `fulltext` one part each, no filters. "
                       "Ties in scores are scored as ties (expected value over their orders).")
        rv.tables.append((["retriever", *RANKING, "p95"], [[n, *(_metric_cell(r["overall"], m) for m in RANKING),
                                                            _ms(r["latency"]["p95_ms"])] for n, r in summary["retrievers"].items()]))
        verdicts = summary.get("engine_vs_best") or {}
        if verdicts:
            rv.text.append("The engine against the best single retriever of this run (`bm25`, `vector` or `fulltext`, "
                           "per metric), 95 % paired bootstrap interval of engine − best; *at least as good* when the "
                           "interval reaches 0 or lies above it.")
            rv.tables.append((["metric", "best single", "engine", "best", "engine − best (95 % CI)", "verdict"], [
                [m, v["best"], f"{v['candidate']:.3f}", f"{v['baseline']:.3f}",
                 f"{v['diff']:+.3f} [{v['ci_low']:+.3f}, {v['ci_high']:+.3f}] (n={v['n']})",
                 "at least as good" if v["at_least_as_good"] else "**worse**"] for m, v in verdicts.items()]))
        per_kind = [[n, kk, *(_metric_cell(b, m) for m in RANKING)] for n, r in summary["retrievers"].items() for kk, b in r["by_kind"].items()]
        rv.tables.append((["retriever", "kind", *RANKING], per_kind))
        if "retrievers" in plots:
            rv.images.append((plots["retrievers"], "ranking metrics per retriever"))
        sections.append(rv)

    rc = Section("Routes: expected vs chosen")
    confusion = adapters[labels[0]]["routes"]
    chosen = sorted({c for row in confusion.values() for c in row})
    rc.tables.append((["expected \\ chosen", *chosen], [[e, *(str(row.get(c, 0)) for c in chosen)] for e, row in confusion.items()]))
    if "routes" in plots:
        rc.images.append((plots["routes"], "route confusion"))
    sections.append(rc)

    label = labels[-1]
    w = Section(f"Worst {worst} answers ({label})")
    rows = []
    for r in sorted(by_label[label], key=badness)[:worst]:
        failed = ", ".join(m for m, v in r["scores"].items() if v is False) or "–"
        sources = "; ".join(f"{s['request_id']} {s['title']} ({s['status']})" for s in r["sources"][:5]) or "–"
        ranked = ", ".join(r["retrieved_request_ids"][:5]) or "–"
        earlier = [h["question"] for h in r.get("history") or []]  # a follow-up: the thread before it
        asked = f"{r['question']} (after: {' → '.join(earlier)})" if earlier else r["question"]
        rows.append([r["id"], r["kind"], r["route"], _short(asked, 90), _short(r["answer"], 200), failed, ranked, _short(sources, 200)])
    w.tables.append((["id", "kind", "route", "question", "answer", "failed", "retrieved (top 5)", "sources cited"], rows))
    sections.append(w)
    return sections


# ---------------------------------------------------------------------------------- rendering
def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def render_markdown(title: str, sections: Sequence[Section]) -> str:
    out = [f"# {title}", ""]
    for s in sections:
        out += [f"## {s.title}", ""]
        for t in s.text:
            out += [t, ""]
        for headers, rows in s.tables:
            out.append("| " + " | ".join(_md_cell(h) for h in headers) + " |")
            out.append("|" + "---|" * len(headers))
            out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
            out.append("")
        for path, alt in s.images:
            out += [f"![{alt}]({path})", ""]
    return "\n".join(out)


_CSS = ("body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px;color:#222}"
        "table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:13px}"
        "td,th{border:1px solid #ccc;padding:3px 7px;vertical-align:top}th{background:#f3f3f3}"
        "img{max-width:100%;margin:.5em 0}h2{border-bottom:1px solid #ddd;padding-bottom:.2em}")


def _inline_md(text: str) -> str:
    """The little Markdown the sections use (**bold**, *em*, `code`), escaped for HTML."""
    import re

    t = html.escape(text)
    t = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", t)
    t = re.sub(r"\*(.+?)\*", r"<i>\1</i>", t)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", t)


def render_html(title: str, sections: Sequence[Section]) -> str:
    out = [(f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{_CSS}</style></head><body><h1>{html.escape(title)}</h1>")]
    for s in sections:
        out.append(f"<h2>{html.escape(s.title)}</h2>")
        out += [f"<p>{_inline_md(t)}</p>" for t in s.text]
        for headers, rows in s.tables:
            out.append("<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in headers) + "</tr>")
            out += ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows]
            out.append("</table>")
        out += [f"<img src='{html.escape(p)}' alt='{html.escape(a)}'>" for p, a in s.images]
    out.append("</body></html>")
    return "\n".join(out)


def write_report(out_dir: Path, summary: dict[str, Any], results: Sequence[dict[str, Any]],
                 gates: dict[str, list[dict[str, Any]]] | None = None, title: str = "askdesk evaluation") -> dict[str, Path]:
    """Plots under ``out_dir/plots``, then ``report.md`` and ``report.html``; returns the paths."""
    plots_dir = out_dir / "plots"
    plots_dir.mkdir(parents=True, exist_ok=True)
    plots: dict[str, str] = {}
    labels = list(summary["adapters"])
    plot_metrics_by_kind(plots_dir / "metrics_by_kind.png", summary)
    plots["by_kind"] = "plots/metrics_by_kind.png"
    plot_latency(plots_dir / "latency.png", results, labels)
    plots["latency"] = "plots/latency.png"
    confusion = summary["adapters"][labels[0]]["routes"]
    if confusion:
        plot_routes(plots_dir / "routes.png", confusion)
        plots["routes"] = "plots/routes.png"
    if summary["retrievers"]:
        plot_retrievers(plots_dir / "retrievers.png", summary)
        plots["retrievers"] = "plots/retrievers.png"
    for i, (name, comp) in enumerate(summary["comparisons"].items(), 1):
        if comp["overall"]:
            plot_comparison(plots_dir / f"comparison-{i}.png", comp)
            plots[name] = f"plots/comparison-{i}.png"
    sections = build_sections(summary, results, plots, gates)
    paths = {"markdown": out_dir / "report.md", "html": out_dir / "report.html"}
    paths["markdown"].write_text(render_markdown(title, sections), encoding="utf-8")
    paths["html"].write_text(render_html(title, sections), encoding="utf-8")
    return paths
