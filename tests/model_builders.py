"""Build small, real Argos Translate packages offline for tests and benchmarks (toy models)."""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import numpy as np

SPACE = "▁"  # SentencePiece's word-start marker (U+2581)
# CTranslate2's special tokens, first in the vocabulary as in OpenNMT-trained Argos models.
SPECIAL_TOKENS = ("<unk>", "<s>", "</s>", "<blank>")
LANGUAGE_NAMES = {"es": "Spanish", "en": "English"}


def word_piece(word: str) -> str:
    """The SentencePiece piece of a whole word that starts the text or follows a space."""
    if not word or word.startswith(SPACE) or any(c.isspace() for c in word):
        raise ValueError(f"not a single word: {word!r}")
    return SPACE + word


def train_sentencepiece(
    text_file: str | os.PathLike[str],
    model_prefix: str | os.PathLike[str],
    vocab_size: int,
    model_type: Literal["unigram", "bpe"] = "unigram",
    user_symbols: Sequence[str] | None = None,
) -> Path:
    """Train a SentencePiece model on a text file (one sentence a line); return the .model path.

    `user_symbols` are pieces kept whole wherever they occur: give a whole word as
    `word_piece(word)` ("▁escalado"), or it also matches inside longer words."""
    import sentencepiece as spm

    # A small corpus holds fewer unigram pieces than asked for: keep what it finds rather than
    # fail. BPE always reaches the size.
    options: dict[str, Any] = {}
    if user_symbols:
        options["user_defined_symbols"] = list(user_symbols)
    spm.SentencePieceTrainer.train(
        input=str(text_file),
        model_prefix=str(model_prefix),
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0,
        input_sentence_size=2_000_000,
        shuffle_input_sentence=True,
        hard_vocab_limit=model_type == "bpe",
        num_threads=os.cpu_count() or 1,
        minloglevel=2,
        **options,
    )
    return Path(f"{model_prefix}.model")


def sentencepiece_vocabulary(sp_model: str | os.PathLike[str]) -> list[str]:
    """The CTranslate2 vocabulary for a SentencePiece model: the special tokens, then every
    piece (SentencePiece's own <unk>, <s>, </s> are not listed twice)."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    pieces = (sp.id_to_piece(i) for i in range(sp.get_piece_size()))
    return [*SPECIAL_TOKENS, *(p for p in pieces if p not in SPECIAL_TOKENS)]


def build_copy_model(
    out_dir: str | os.PathLike[str],
    vocab: Sequence[str],
    *,
    d_model: int = 128,
    heads: int = 4,
    ffn: int = 256,
    layers: tuple[int, int] = (2, 2),
    substitutions: Mapping[str, str] | None = None,
    quantization: str | None = "int8",
    seed: int = 1234,
    max_positions: int = 1024,
) -> Path:
    """Save a CTranslate2 Transformer whose output is its input, piece for piece, then </s>.

    `substitutions` maps source pieces to the target pieces emitted instead ({"▁escalado":
    "▁climbing"}); both must be in `vocab`. Every head of the last decoder layer's
    cross-attention looks at source position t when writing target position t, so
    `return_attention=True` gives the diagonal alignment."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    if heads < 2 or d_model % heads or (d_model // heads) % 2:
        raise ValueError("copy model needs heads >= 2 and an even head width d_model / heads")
    spec = transformer_spec.TransformerSpec.from_config(layers, heads, pre_norm=True)
    rng = np.random.default_rng(seed)
    _fill_copy(
        spec, list(vocab), d_model, heads, ffn, dict(substitutions or {}), rng, max_positions
    )
    # The copied </s> ends the output where the source ends.
    spec.config.add_source_eos = True
    return _save(spec, vocab, out_dir, quantization)


def build_random_model(
    out_dir: str | os.PathLike[str],
    vocab: Sequence[str],
    *,
    d_model: int = 512,
    heads: int = 8,
    ffn: int = 2048,
    layers: tuple[int, int] = (6, 6),
    quantization: str | None = "int8",
    seed: int = 1234,
) -> Path:
    """Save a CTranslate2 Transformer with random weights: the compute of a real model of that
    size, garbage output that rarely stops before max_decoding_length (for timing only)."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    spec = transformer_spec.TransformerSpec.from_config(layers, heads, pre_norm=True)
    rng = np.random.default_rng(seed)
    size, d = len(vocab), d_model

    def normal(*shape: int) -> np.ndarray:
        return rng.normal(0.0, 0.02, size=shape).astype(np.float32)

    spec.encoder.embeddings[0].weight = normal(size, d)
    spec.decoder.embeddings.weight = normal(size, d)
    _fill_blocks(spec, d, ffn, normal)
    _set_linear(spec.decoder.projection, normal(size, d))
    # Position encodings left unset: CTranslate2 then uses its built-in sinusoids.
    return _save(spec, vocab, out_dir, quantization)


def _fill_blocks(spec: Any, d: int, ffn: int, weights: Any) -> None:
    """Every attention and feed-forward block, and the final norms, with `weights(*shape)`."""

    def attention(block: Any, self_attention: bool) -> None:
        if self_attention:
            _set_linear(block.linear[0], weights(3 * d, d))
        else:
            _set_linear(block.linear[0], weights(d, d))
            _set_linear(block.linear[1], weights(2 * d, d))
        _set_linear(block.linear[-1], weights(d, d))
        _set_norm(block.layer_norm, d)

    def feed_forward(block: Any) -> None:
        _set_linear(block.linear_0, weights(ffn, d))
        _set_linear(block.linear_1, weights(d, ffn))
        _set_norm(block.layer_norm, d)

    for layer in spec.encoder.layer:
        attention(layer.self_attention, True)
        feed_forward(layer.ffn)
    for layer in spec.decoder.layer:
        attention(layer.self_attention, True)
        attention(layer.attention, False)
        feed_forward(layer.ffn)
    _set_norm(spec.encoder.layer_norm, d)
    _set_norm(spec.decoder.layer_norm, d)


def argos_environment(home: Path) -> dict[str, str]:
    """Variables that make argostranslate (read once, at import) keep its data, settings,
    cache and packages under `home` instead of the user's own."""
    return {
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "ARGOS_PACKAGES_DIR": str(home / "packages"),
    }


def _set_linear(spec: Any, weight: np.ndarray, bias: np.ndarray | None = None) -> None:
    import numpy as np

    spec.weight = np.ascontiguousarray(weight, dtype=np.float32)
    rows = weight.shape[0]
    spec.bias = np.zeros(rows, np.float32) if bias is None else bias.astype(np.float32)


def _set_norm(spec: Any, d: int) -> None:
    import numpy as np

    spec.gamma = np.ones(d, np.float32)
    spec.beta = np.zeros(d, np.float32)


def _save(
    spec: Any, vocab: Sequence[str], out_dir: str | os.PathLike[str], quantization: str | None
) -> Path:
    spec.register_source_vocabulary(list(vocab))
    spec.register_target_vocabulary(list(vocab))
    spec.validate()
    spec.optimize(quantization=quantization)
    out = Path(out_dir)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    spec.save(str(out))
    return out


def _fill_copy(
    spec: Any,
    vocab: list[str],
    d: int,
    heads: int,
    ffn: int,
    substitutions: dict[str, str],
    rng: np.random.Generator,
    max_positions: int,
) -> None:
    """Hand-set pre-norm Transformer weights that copy the source.

    The residual stream is [token content | position code]: the first heads - 1 head widths
    carry a random unit-ish vector per token, the last head width a position code. Every block
    is a no-op except the last decoder layer's cross-attention, whose heads match the target
    position code against the source ones and bring back the source token's content; the
    output projection then scores each token by its content vector."""
    import numpy as np

    index = {token: i for i, token in enumerate(vocab)}
    for source, target in substitutions.items():
        for piece in (source, target):
            if piece not in index:
                raise ValueError(f"substitution piece {piece!r} is not in the vocabulary")
    if set(substitutions) & set(substitutions.values()):
        raise ValueError("a substitution target cannot also be a substituted source")

    size, head = len(vocab), d // heads
    width = (heads - 1) * head  # content width; the position code fills the last head
    freqs = head // 2
    # Incommensurate, fairly high frequencies: the code matches itself sharply at offset 0 and
    # no other offset up to max_positions comes close.
    angles = np.arange(max_positions)[:, None] * rng.uniform(0.6, 3.0, size=freqs)[None, :]
    positions = np.zeros((max_positions, d), np.float32)
    positions[:, width : width + freqs] = np.sin(angles)
    positions[:, width + freqs : width + 2 * freqs] = np.cos(angles)
    content = rng.normal(0.0, 1.0, size=(size, width)).astype(np.float32)
    content *= math.sqrt(freqs) / np.linalg.norm(content, axis=1, keepdims=True)

    def tiny(*shape: int) -> np.ndarray:
        # Not exact zeros: CTranslate2's save stores identical variables once, which would make
        # model.bin (and its load time) unrealistically small.
        return rng.normal(0.0, 1e-3, size=shape).astype(np.float32)

    source_embeddings = tiny(size, d)
    source_embeddings[:, :width] = content
    spec.encoder.scale_embeddings = False
    spec.decoder.scale_embeddings = False
    spec.encoder.embeddings[0].weight = source_embeddings
    spec.decoder.embeddings.weight = tiny(size, d)  # the decoder sees (almost) only positions
    spec.encoder.position_encodings.encodings = positions
    spec.decoder.position_encodings.encodings = positions

    _fill_blocks(spec, d, ffn, tiny)  # every block a near no-op, but for the copy below

    # The copy happens in the last decoder layer because that is the layer CTranslate2 reports
    # attention from (alignment_layer=-1).
    sharpness = 6.0  # query gain: sets the attention logit margin of the diagonal
    query, key_value = tiny(d, d), tiny(2 * d, d)
    code = slice(width, d)
    for h in range(heads):
        rows = slice(h * head, (h + 1) * head)
        query[rows, code] = sharpness * np.eye(head)
        key_value[rows, code] = np.eye(head)
        if h < heads - 1:  # values: head h carries content slice h
            key_value[d + h * head : d + (h + 1) * head, rows] = np.eye(head)
    output = tiny(d, d)
    output[:width, :width] = np.eye(width)
    attention = spec.decoder.layer[-1].attention
    _set_linear(attention.linear[0], query)
    _set_linear(attention.linear[1], key_value)
    _set_linear(attention.linear[2], output)

    projection = tiny(size, d)
    projection[:, :width] = content
    for source, target in substitutions.items():
        # The target piece now wins for the source piece and still for itself.
        projection[index[target], :width] += content[index[source]]
        projection[index[source], :width] = -content[index[source]]
    bias = np.zeros(size, np.float32)
    # A copied <unk> is allowed: replace_unknowns=True (as Argos uses) puts the source token
    # back, as with a real model. <s> and <blank> never appear in an output.
    bias[[index["<s>"], index["<blank>"]]] = -1e4
    _set_linear(spec.decoder.projection, 8.0 * projection, bias)


def build_minisbd_onnx(path: str | os.PathLike[str], lang: str = "es") -> Path:
    """Save a rule-based sentence splitter in MiniSBD's ONNX format, so that a package carrying
    it as minisbd/<lang>.onnx never makes argostranslate download one.

    Inputs units[B, T] (character ids) and features[B, T, F]; output logits[B, T, 5] (none,
    token end, sentence end, two multi-word-token labels). A sentence ends at . ! ? …
    followed by a space or the end, so "3.5" and "U.S" stay whole."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    chars = [" ", *(chr(c) for c in range(33, 127)), *"áéíóúüñÁÉÍÓÚÜÑ¿¡«»“”‘’—–…ºª€"]
    id2unit = ["<PAD>", "<UNK>", *chars]
    unit2id = {unit: i for i, unit in enumerate(id2unit)}

    def table(units: Sequence[str], value: float = 1.0, default: float = 0.0) -> np.ndarray:
        column = np.full(len(id2unit), default, np.float32)
        column[[unit2id[u] for u in units]] = value
        return column

    constants = {
        "T_end": table(["<PAD>", " "]),
        "T_punct": table(list(".,;:!?¿¡()[]{}\"'«»“”‘’…")),
        "T_term": table(list(".!?…")),
        "T_notspace": table([" "], value=0.0, default=1.0),
        "c0": np.array([0], np.int64),
        "c1": np.array([1], np.int64),
        "cmax": np.array([np.iinfo(np.int64).max], np.int64),
        "pad_col": np.array([[0]], np.int64),
        "zero_f": np.array(0.0, np.float32),
        "half": np.array(0.5, np.float32),
        "two": np.array(2.0, np.float32),
        "neg": np.array(-1.0, np.float32),
        "ax_last": np.array([-1], np.int64),
    }
    node = helper.make_node
    nodes = [
        # next character ids: units[:, 1:] followed by a PAD column
        node("Shape", ["units"], ["shp"]),
        node("Slice", ["shp", "c0", "c1"], ["bdim"]),
        node("Concat", ["bdim", "c1"], ["padshape"], axis=0),
        node("Expand", ["pad_col", "padshape"], ["padcol"]),
        node("Slice", ["units", "c1", "cmax", "c1"], ["tail"]),
        node("Concat", ["tail", "padcol"], ["nxt"], axis=1),
        node("Gather", ["T_end", "nxt"], ["next_end"]),
        node("Gather", ["T_punct", "nxt"], ["next_punct"]),
        node("Gather", ["T_punct", "units"], ["cur_punct"]),
        node("Gather", ["T_term", "units"], ["cur_term"]),
        node("Gather", ["T_notspace", "units"], ["notspace"]),
        node("Mul", ["cur_term", "next_end"], ["sent"]),
        node("Max", ["next_end", "next_punct", "cur_punct"], ["tok0"]),
        node("Mul", ["tok0", "notspace"], ["tok"]),  # a space itself ends nothing
        node("Mul", ["sent", "two"], ["s2"]),
        node("Mul", ["tok0", "zero_f"], ["zeros"]),
        node("Add", ["zeros", "half"], ["s0"]),
        node("Add", ["zeros", "neg"], ["s3"]),
        node("Unsqueeze", ["s0", "ax_last"], ["u0"]),
        node("Unsqueeze", ["tok", "ax_last"], ["u1"]),
        node("Unsqueeze", ["s2", "ax_last"], ["u2"]),
        node("Unsqueeze", ["s3", "ax_last"], ["u3"]),
        node("Concat", ["u0", "u1", "u2", "u3", "u3"], ["logits"], axis=-1),
    ]
    graph = helper.make_graph(
        nodes,
        "rule_sbd",
        [
            helper.make_tensor_value_info("units", TensorProto.INT64, ["B", "T"]),
            helper.make_tensor_value_info("features", TensorProto.FLOAT, ["B", "T", "F"]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["B", "T", 5])],
        [numpy_helper.from_array(value, name) for name, value in constants.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    config = {
        "skip_newline": False,
        "max_seqlen": 1000,
        "no_ssplit": False,
        "batch_size": 32,
        "feat_funcs": [],
        "use_dictionary": False,
        "num_dict_feat": 0,
    }
    vocab = {
        "lang": lang,
        "idx": 0,
        "cutoff": 0,
        "lower": False,
        "_unit2id": unit2id,
        "_id2unit": id2unit,
    }
    metadata = {
        "lang_code": lang,
        "config": json.dumps(config),
        "vocab": json.dumps(vocab),
        "lexicon": "null",
    }
    for key, value in metadata.items():
        model.metadata_props.append(onnx.StringStringEntryProto(key=key, value=value))
    onnx.checker.check_model(model)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(out))
    return out


def make_package(
    out_file: str | os.PathLike[str],
    model_dir: str | os.PathLike[str],
    sp_model: str | os.PathLike[str],
    from_code: str = "es",
    to_code: str = "en",
    package_version: str = "0.0.1",
    minisbd_onnx: str | os.PathLike[str] | None = None,
) -> Path:
    """Zip metadata.json, model/, sentencepiece.model [and minisbd/] into an .argosmodel.

    Everything sits under one top folder, since installing a package just extracts the zip
    into the packages directory."""
    out = Path(out_file)
    top = f"translate-{from_code}_{to_code}-{package_version.replace('.', '_')}"
    metadata = {
        "package_version": package_version,
        "argos_version": "1.0",
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
        "type": "translate",
        "links": [],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{top}/metadata.json", json.dumps(metadata, indent=2))
        archive.writestr(f"{top}/README.md", "Built by glossary.testing: not a real model.\n")
        archive.write(sp_model, f"{top}/sentencepiece.model")
        for file in sorted(Path(model_dir).iterdir()):
            archive.write(file, f"{top}/model/{file.name}")
        if minisbd_onnx is not None:
            archive.write(minisbd_onnx, f"{top}/minisbd/{from_code}.onnx")
    return out


def build_package(
    out_file: str | os.PathLike[str],
    train_text: str | os.PathLike[str],
    *,
    vocab_size: int = 2000,
    model_type: Literal["unigram", "bpe"] = "unigram",
    mode: Literal["copy", "random"] = "copy",
    d_model: int = 128,
    heads: int = 4,
    ffn: int = 256,
    layers: int | tuple[int, int] = 2,
    substitutions: Mapping[str, str] | None = None,
    quantization: str | None = "int8",
    seed: int = 1234,
    from_code: str = "es",
    to_code: str = "en",
    package_version: str = "0.0.1",
    minisbd: bool = False,
    user_symbols: Sequence[str] = (),
) -> Path:
    """Train SentencePiece on `train_text`, build the model, and zip an .argosmodel.

    `substitutions` are whole words ({"escalado": "climbing"}): each becomes a single piece,
    so the copy model writes "climbing" wherever the source has the word "escalado"
    (also "escalados" -> "climbings": the plural's "s" is a piece of its own)."""
    substitutions = dict(substitutions or {})
    if substitutions and mode != "copy":
        raise ValueError("substitutions need mode='copy'")
    words = [*substitutions, *substitutions.values()]
    symbols = list(dict.fromkeys([*user_symbols, *(word_piece(w) for w in words)]))
    pair = layers if isinstance(layers, tuple) else (layers, layers)
    with tempfile.TemporaryDirectory(prefix="glossary-argos-") as work_dir:
        work = Path(work_dir)
        sp_model = train_sentencepiece(train_text, work / "sp", vocab_size, model_type, symbols)
        _check_single_pieces(sp_model, words)
        vocab = sentencepiece_vocabulary(sp_model)
        sizes = {"d_model": d_model, "heads": heads, "ffn": ffn, "layers": pair}
        options = {**sizes, "quantization": quantization, "seed": seed}
        if mode == "copy":
            pieces = {word_piece(s): word_piece(t) for s, t in substitutions.items()}
            model_dir = build_copy_model(work / "model", vocab, substitutions=pieces, **options)
        else:
            model_dir = build_random_model(work / "model", vocab, **options)
        splitter = build_minisbd_onnx(work / f"{from_code}.onnx", from_code) if minisbd else None
        return make_package(
            out_file, model_dir, sp_model, from_code, to_code, package_version, splitter
        )


def _check_single_pieces(sp_model: Path, words: Sequence[str]) -> None:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(sp_model))
    for word in words:
        pieces = sp.encode(word, out_type=str)
        if pieces != [word_piece(word)]:
            raise ValueError(f"{word!r} is not a single piece after training: {pieces}")
