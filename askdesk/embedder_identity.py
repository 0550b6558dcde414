"""Which embedder made the index's vectors, recorded beside them so a change is never mixed in.

Vectors of two embedders are not comparable: a query embedded by one ranks the other's chunks
wrongly (another model), or slightly wrongly (the same model quantised to int8).  The index
therefore records the identity of the embedder that wrote it (``settings_kv``, key ``embedder``);
an index run with another embedder re-embeds every request (``indexing.pipeline``), and a process
that searches with another embedder than the index's is told so (``answering.build``).

The identity is the model (its folder name and a fingerprint of its config files and weight
sizes, the same on every machine) and the numeric precision of its weights.  PyTorch and the fp32
ONNX export give the same vectors (cosine 1.0000, docs/benchmarks.md), so they share an identity
and switching between them costs nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from askdesk import schema

Precision = Literal["fp32", "int8"]

#: the settings_kv key of the index's embedder
KEY = "embedder"
#: the files whose content names a model (weights are fingerprinted by size: hashing them costs seconds)
_CONFIG_FILES = ("config.json", "modules.json", "sentence_bert_config.json", "tokenizer.json", "1_Pooling/config.json")
_WEIGHT_SUFFIXES = (".safetensors", ".bin")


@dataclass(frozen=True)
class EmbedderIdentity:
    """What an embedder's vectors depend on; two embedders with equal identities give the same vectors.
    ``model`` only names it for people: the same model in another folder is the same embedder."""

    model: str = field(compare=False)
    fingerprint: str
    precision: Precision

    def label(self) -> str:
        return f"{self.model} ({self.precision}, {self.fingerprint[:8]})"

    def as_json(self) -> dict[str, str]:
        return asdict(self)

    @classmethod
    def from_json(cls, value: Any) -> EmbedderIdentity | None:
        if not isinstance(value, dict) or not all(isinstance(value.get(k), str) for k in ("model", "fingerprint", "precision")):
            return None
        return cls(model=value["model"], fingerprint=value["fingerprint"], precision=value["precision"])


def model_fingerprint(model_path: Path) -> str:
    """The same for the same model on any machine (file contents and sizes, not paths or times)."""
    h = hashlib.sha256()
    for name in _CONFIG_FILES:
        f = model_path / name
        if f.is_file():
            h.update(name.encode() + b"\0" + f.read_bytes())
    for f in sorted(model_path.iterdir()):
        if f.is_file() and f.suffix in _WEIGHT_SUFFIXES:
            h.update(f"{f.name}:{f.stat().st_size}".encode())
    return h.hexdigest()[:16]


def identity_of(embed_model: Any) -> EmbedderIdentity | None:
    """The identity of a LlamaIndex embedder made by ``askdesk.models`` (None for one it did not
    make: such an embedder is never compared, so nothing is re-embedded for it)."""
    model_name = getattr(embed_model, "model_name", None)
    if not isinstance(model_name, str) or not Path(model_name).is_dir():
        return None
    path = Path(model_name)
    precision: Precision = "int8" if getattr(embed_model, "precision", "fp32") == "int8" else "fp32"
    # the parent too: a package's folder is often just "model"
    return EmbedderIdentity(model=f"{path.parent.name}/{path.name}", fingerprint=model_fingerprint(path), precision=precision)


def recorded(conn: sa.Connection) -> EmbedderIdentity | None:
    """The identity the index records (None: nothing recorded yet)."""
    value = conn.execute(sa.select(schema.settings_kv.c.value).where(schema.settings_kv.c.key == KEY)).scalar()
    return EmbedderIdentity.from_json(value)


def record(conn: sa.Connection, identity: EmbedderIdentity) -> None:
    stmt = insert(schema.settings_kv).values(key=KEY, value=identity.as_json())
    conn.execute(stmt.on_conflict_do_update(index_elements=[schema.settings_kv.c.key],
                                            set_={"value": stmt.excluded.value, "updated_at": sa.func.now()}))


def legacy(identity: EmbedderIdentity) -> EmbedderIdentity:
    """What made an index that records no embedder: before the record existed, every index was
    made at fp32 (PyTorch or the fp32 export) with the model configured then, taken to be this one."""
    return EmbedderIdentity(model=identity.model, fingerprint=identity.fingerprint, precision="fp32")


__all__ = ["KEY", "EmbedderIdentity", "Precision", "identity_of", "legacy", "model_fingerprint", "record", "recorded"]
