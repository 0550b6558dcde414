"""Optional cross-encoder reranking of the fused candidates (LlamaIndex's
``SentenceTransformerRerank``), loaded from a local folder: no reranker ships on PyPI, so this is
for users who have one (``ASKDESK_ANSWERING__RERANKER_PATH``)."""

from __future__ import annotations

from pathlib import Path

from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from askdesk.answering.retrieve import Hit
from askdesk.models import ModelNotFoundError


class Reranker:
    def __init__(self, path: Path, top_n: int) -> None:
        from llama_index.core.postprocessor import SentenceTransformerRerank

        if not (Path(path) / "config.json").is_file():
            raise ModelNotFoundError(
                f"No cross-encoder in {path} (expected config.json): set ASKDESK_ANSWERING__RERANKER_PATH to a "
                "local sentence-transformers CrossEncoder folder, or unset it."
            )
        self._rerank = SentenceTransformerRerank(model=str(path), top_n=top_n, device="cpu", trust_remote_code=False)

    def rerank(self, question: str, hits: list[Hit]) -> list[Hit]:
        """Reorder hits by the cross-encoder's score (kept in ``Hit.score``); drops none."""
        if len(hits) < 2:
            return hits
        by_id = {h.request_id: h for h in hits}
        self._rerank.top_n = len(hits)
        nodes = [NodeWithScore(node=TextNode(id_=h.request_id, text=h.text), score=h.score) for h in hits]
        ranked = self._rerank.postprocess_nodes(nodes, query_bundle=QueryBundle(question))
        out = []
        for n in ranked:
            hit = by_id[n.node.node_id]
            hit.score = float(n.score or 0.0)
            out.append(hit)
        return out
