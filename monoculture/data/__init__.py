"""Real data for the "In the wild" sections: trimmed, licensed copies and their loaders.

Every data set ships inside the package (``monoculture/data/<folder>/``) with its
licence and citation, so the loaders work wherever the package is installed: a
clone, Binder, Colab or a wheel. ``scripts/prepare_data.py`` rebuilds every file
from the unmodified public copies and writes ``MANIFEST.json``, the SHA-256
checksum of each file; every loader checks the checksum before it parses.

Each loader returns a tidy :class:`pandas.DataFrame` (``load_word_counts``: a
:class:`pandas.Series`) whose ``.attrs["citation"]`` and ``.attrs["licence"]``
say where the data come from and on what terms they may be reused.

Loaders
-------
load_jokes
    1,011 jokes ChatGPT gave when asked for a joke again and again
    :cite:p:`jentzsch2023chatgpt`.
load_noveltybench
    NoveltyBench answers: Gemini 1.5 Pro on 100 prompts, and six newer models on
    the 20 creativity prompts, independently and in one conversation
    :cite:p:`zhang2025noveltybench`.
load_confederacy
    One creative prompt answered by 16 model configurations and 5 human writers
    :cite:p:`gomezrodriguez2023confederacy`.
load_doshi_hauser
    293 short stories written with and without GPT-4 ideas, with evaluator
    ratings :cite:p:`doshi2024genai,doshi2024data`.
load_upworthy
    22,666 headline variants in 4,873 A/B tests :cite:p:`matias2021upworthy`.
load_hanna_ratings
    Human and LLM-judge ratings of 1,056 stories (ratings only)
    :cite:p:`chhun2022human,chhun2024do`.
load_word_counts
    Counts of 82,834 English words from Google Books Ngram
    :cite:p:`michel2011quantitative`.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "DataFileError",
    "DATASETS",
    "DATA_DIR",
    "MANIFEST_NAME",
    "REBUILD_HINT",
    "data_path",
    "load_confederacy",
    "load_doshi_hauser",
    "load_hanna_ratings",
    "load_jokes",
    "load_noveltybench",
    "load_upworthy",
    "load_word_counts",
    "read_manifest",
    "verify_file",
]

DATA_DIR = Path(__file__).resolve().parent
MANIFEST_NAME = "MANIFEST.json"
REBUILD_HINT = (
    "Reinstall the monoculture package (pip install --force-reinstall monoculture), or, "
    "in a clone with the raw data beside it, rebuild the data files with "
    "`python scripts/prepare_data.py` (raw data in ../shared/data, or set "
    "MONOCULTURE_RAW_DATA / pass --raw)."
)


class DataFileError(RuntimeError):
    """A shipped data file is missing, altered or unreadable."""


@dataclass(frozen=True)
class Dataset:
    """Metadata of one shipped data set (one folder of ``monoculture/data``)."""

    folder: str
    filename: str
    title: str
    citation: str
    licence: str
    source: str
    changes: str

    @property
    def relpath(self) -> str:
        return f"{self.folder}/{self.filename}"


DATASETS: dict[str, Dataset] = {
    "jokes": Dataset(
        folder="jokegpt",
        filename="jokes.csv.gz",
        title="JokeGPT: 1,011 jokes from ChatGPT",
        citation=("Jentzsch, S. and Kersting, K. (2023). ChatGPT is fun, but it is not funny! "
                  "Humor is still challenging Large Language Models. In Proceedings of the "
                  "13th Workshop on Computational Approaches to Subjectivity, Sentiment, & "
                  "Social Media Analysis (WASSA 2023), ACL. arXiv:2306.04563"),
        licence="Apache-2.0 (LICENSE in this folder)",
        source=("DLR-SC/JokeGPT-WASSA23 @ 5d088729aa8e3ece79acf66486827393ced89c34, "
                "jokes_clean.txt"),
        changes=("One joke per row, in the order of the file; surrounding whitespace "
                 "stripped. Texts otherwise unchanged."),
    ),
    "noveltybench": Dataset(
        folder="noveltybench",
        filename="noveltybench.csv.gz",
        title="NoveltyBench answers (curated prompts)",
        citation=("Zhang, Y., Diddee, H., Holm, S., Liu, H., Liu, X., Samuel, V., Wang, B. and "
                  "Ippolito, D. (2025). NoveltyBench: Evaluating Language Models for Humanlike "
                  "Diversity. arXiv:2504.05228. Data: github.com/novelty-bench/novelty-bench"),
        licence="MIT (LICENSE in this folder, Copyright (c) 2025 Yiming Zhang)",
        source=("novelty-bench/novelty-bench @ 5b22b53dedd4ec37e1d30a5dbeb2ea6beaa752ca "
                "(data/curated.jsonl; evaluation/2025-03-27_gemini-1.5-pro/nb-curated/"
                "scores.jsonl) and @ 40a93148b1664a310e01f4c75e817f8a92a1c3a4 "
                "(evaluation/2026-09-10_*/nb-curated/generations.jsonl, prompts curated-0 "
                "to curated-19)"),
        changes=("One row per answer. Kept: prompt id, category (from curated.jsonl), "
                 "prompt, model, sampling mode, sample index, answer text and, for the "
                 "Gemini 1.5 Pro run, the benchmark's `distinct`. Dropped: paraphrases, "
                 "partitions, utility scores, generation keys and configs."),
    ),
    "confederacy": Dataset(
        folder="confederacy",
        filename="confederacy.csv.gz",
        title="A Confederacy of Models: 16 model configurations and 5 human writers",
        citation=("Gomez-Rodriguez, C. and Williams, P. (2023). A Confederacy of Models: a "
                  "Comprehensive Evaluation of LLMs on Creative Writing. In Findings of the "
                  "Association for Computational Linguistics: EMNLP 2023. arXiv:2310.08433. "
                  "Human stories (c) 2023 by Kyle "
                  "McKenzie, Bree Glasbergen, Kirsty Maclachlan, Caitlin Noakes and Ola "
                  "Kwintowski"),
        licence=("CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); see "
                 "NOTICE.md in this folder. Adaptations must be shared under the same licence"),
        source=("komoku/confederacy-of-models @ 23fd86df9fd90f242455150dbe3ad4222f94aff9, "
                "corpus-full/ and later-llms/"),
        changes=("The 65 stories of corpus-full/ and the 20 of later-llms/ gathered into one "
                 "table (author = file name without the story number, kind, story number, "
                 "text). Files in Windows-1252 re-encoded as UTF-8; texts otherwise unchanged apart "
                 "from surrounding whitespace."),
    ),
    "doshi_hauser": Dataset(
        folder="doshi_hauser",
        filename="doshi_hauser.csv.gz",
        title="Doshi & Hauser: stories written with and without GPT-4 ideas",
        citation=("Doshi, A. R. and Hauser, O. P. (2024). Generative AI enhances individual "
                  "creativity but reduces the collective diversity of novel content. Science "
                  "Advances 10(28), eadn5290. doi:10.1126/sciadv.adn5290. Data: Dryad, "
                  "doi:10.5061/dryad.qfttdz0pm"),
        licence="CC0 1.0 (public-domain dedication; see LICENSE.md in this folder)",
        source=("Dryad doi:10.5061/dryad.qfttdz0pm, mirrored at "
                "djgish485/Enhanced-Analysis-of-AI-Assisted-Creative-Writing @ "
                "d093985c472e0a062318f1c7e7f7cd0caf6398f2, GenAI_creativity_scripts/ "
                "(creators_with_similarity.csv, evaluators_stories.dta)"),
        changes=("One row per story: id, topic, condition, text, the GPT-4 ideas the writer "
                 "saw (JSON list), the writer's DAT score, and the mean over evaluators of "
                 "each evaluator rating (from evaluators_stories.dta). Everything else dropped."),
    ),
    "upworthy": Dataset(
        folder="upworthy",
        filename="upworthy.csv.gz",
        title="The Upworthy Research Archive (exploratory set)",
        citation=("Matias, J. N., Munger, K., Le Quere, M. A. and Ebersole, C. (2021). The "
                  "Upworthy Research Archive, a time series of 32,487 experiments in U.S. "
                  "media. Scientific Data. doi:10.1038/s41597-021-00934-7"),
        licence=("CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); see "
                 "licence-statement.html in this folder"),
        source=("Cleaned copy elilk2/Upworthy-Analysis-Project @ "
                "5ff635b171053909b1d63617732924f206b0945b, data/processed/upworthy_clean.parquet "
                "(HTML stripped); licence: natematias/upworthy-archive @ "
                "822141cfa6c357763895a5ed1820132fc2adc57e"),
        changes=("Kept test id, headline, impressions, clicks, winner flag and significance; "
                 "renamed to test_id, headline, impressions, clicks, winner, significance."),
    ),
    "hanna": Dataset(
        folder="hanna",
        filename="hanna_ratings.csv.gz",
        title="HANNA: human and LLM ratings of 1,056 generated stories (ratings only)",
        citation=("Chhun, C., Colombo, P., Suchanek, F. M. and Clavel, C. (2022). Of Human "
                  "Criteria and Automatic Metrics: A Benchmark of the Evaluation of Story "
                  "Generation. In Proceedings of the 29th International Conference on "
                  "Computational Linguistics (COLING 2022), pp. 5794-5836; Chhun, C., Suchanek, F. M. and Clavel, C. (2024). "
                  "Do Language Models Enjoy Their Own Stories? Prompting Large Language Models "
                  "for Automatic Story Evaluation. TACL 12, 1122-1142. doi:10.1162/tacl_a_00689"),
        licence="MIT (LICENSE in this folder, Copyright (c) 2022 dig-team)",
        source=("dig-team/hanna-benchmark-asg @ 282f27536a5d05ad4ce14298abcd70c45668fed2, "
                "hanna_metric_scores_llm.csv"),
        changes=("Long format, ratings only: the three human annotations and the ratings of "
                 "five LLM judges under four prompt variants, on six criteria. No story texts "
                 "(they come from Reddit WritingPrompts, with no explicit licence); no "
                 "automatic metrics; no averages."),
    ),
    "word_counts": Dataset(
        folder="english_word_counts",
        filename="word_counts.csv.gz",
        title="Counts of English words (SymSpell frequency dictionary)",
        citation=("symspellpy 6.10.1, frequency_dictionary_en_82_765.txt (Wolf Garbe, SymSpell), "
                  "built from Google Books Ngram data: Michel, J.-B. et al. (2011). "
                  "Quantitative Analysis of Culture Using Millions of Digitized Books. "
                  "Science 331(6014), 176-182. doi:10.1126/science.1199644"),
        licence=("MIT (LICENSE.symspellpy in this folder); underlying Google Books Ngram "
                 "data CC BY 3.0"),
        source="PyPI symspellpy==6.10.1, symspellpy/frequency_dictionary_en_82_765.txt",
        changes="Unchanged words and counts, written as a two-column CSV (word, count).",
    ),
}

MODELS_REGENERATE = ("gemini-1.5-pro", "claude-opus-5", "claude-fable-5-1", "gpt-6-astra",
                     "gpt-5.6-luna", "gpt-5.6-sol", "gpt-5.6-terra")


def data_path(relpath: str) -> Path:
    """Absolute path of a shipped data file, e.g. ``"jokegpt/jokes.csv.gz"``."""
    return DATA_DIR / relpath


@lru_cache(maxsize=1)
def _manifest_cached() -> dict[str, Any]:
    path = DATA_DIR / MANIFEST_NAME
    if not path.is_file():
        raise DataFileError(f"The data manifest {path} is missing. {REBUILD_HINT}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        manifest["files"]  # noqa: B018 - presence check
    except (ValueError, KeyError, TypeError) as err:
        raise DataFileError(f"The data manifest {path} is corrupted ({err}). "
                            f"{REBUILD_HINT}") from None
    return manifest


def read_manifest() -> dict[str, Any]:
    """The manifest: ``{"files": {relpath: {"sha256", "bytes"}}, "rows": {...}}``.

    Raises
    ------
    DataFileError
        If the manifest is missing or is not valid JSON.
    """
    return json.loads(json.dumps(_manifest_cached()))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_file(relpath: str) -> Path:
    """Check that a shipped data file exists and matches its manifest checksum.

    Parameters
    ----------
    relpath : str
        Path inside ``monoculture/data``, e.g. ``"jokegpt/jokes.csv.gz"``.

    Returns
    -------
    pathlib.Path
        The absolute path of the verified file.

    Raises
    ------
    DataFileError
        If the file is missing, not listed in the manifest, or its SHA-256
        checksum differs from the manifest's.
    """
    path = data_path(relpath)
    entry = _manifest_cached()["files"].get(relpath)
    if entry is None:
        raise DataFileError(f"The data file {relpath} is not listed in {DATA_DIR / MANIFEST_NAME}. "
                            f"{REBUILD_HINT}")
    if not path.is_file():
        raise DataFileError(f"The data file {path} is missing. {REBUILD_HINT}")
    actual = _sha256(path)
    if actual != entry["sha256"]:
        raise DataFileError(
            f"The data file {path} is corrupted: its SHA-256 checksum {actual[:12]}... differs "
            f"from the manifest's {entry['sha256'][:12]}.... {REBUILD_HINT}")
    return path


def _read_csv(key: str, **kwargs: Any) -> pd.DataFrame:
    """Verify and parse one shipped CSV; any parser failure becomes a DataFileError."""
    meta = DATASETS[key]
    path = verify_file(meta.relpath)
    try:
        with gzip.open(path, "rb") as fh:
            raw = fh.read()
        frame = pd.read_csv(io.BytesIO(raw), keep_default_na=False, na_values=[""], **kwargs)
    except (OSError, EOFError, ValueError, UnicodeDecodeError, pd.errors.ParserError) as err:
        raise DataFileError(f"The data file {path} could not be read ({type(err).__name__}: "
                            f"{err}). {REBUILD_HINT}") from None
    return frame


def _check_columns(frame: pd.DataFrame, key: str, columns: list[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataFileError(f"The data file {data_path(DATASETS[key].relpath)} lacks the "
                            f"columns {missing}. {REBUILD_HINT}")


def _finish(frame: pd.DataFrame | pd.Series, key: str) -> pd.DataFrame | pd.Series:
    meta = DATASETS[key]
    frame.attrs["citation"] = meta.citation
    frame.attrs["licence"] = meta.licence
    frame.attrs["source"] = meta.source
    frame.attrs["title"] = meta.title
    return frame


@lru_cache(maxsize=None)
def _cached(key: str) -> pd.DataFrame | pd.Series:
    return _LOADERS[key]()


def _copy(key: str) -> Any:
    obj = _cached(key).copy(deep=True)
    return _finish(obj, key)


def _load_jokes() -> pd.DataFrame:
    frame = _read_csv("jokes", dtype={"text": str})
    _check_columns(frame, "jokes", ["joke_id", "text"])
    return frame


def load_jokes() -> pd.DataFrame:
    """The 1,011 jokes ChatGPT told when asked for a joke again and again.

    Jentzsch and Kersting asked ChatGPT (GPT-3.5, 2023) "Can you tell me a joke,
    please?" and similar prompts over and over :cite:p:`jentzsch2023chatgpt`.

    Returns
    -------
    pandas.DataFrame
        One row per joke, in the order of the source file (which lists identical
        jokes together): ``joke_id`` (0-based position) and ``text``. ``.attrs`` holds ``citation`` and ``licence`` (Apache-2.0).

    Raises
    ------
    DataFileError
        If the shipped file is missing or corrupted.
    """
    return _copy("jokes")


def _load_noveltybench() -> pd.DataFrame:
    frame = _read_csv("noveltybench", dtype={"prompt_id": str, "category": str, "prompt": str,
                                             "model": str, "sampling": str, "text": str})
    _check_columns(frame, "noveltybench", ["prompt_id", "category", "prompt", "model",
                                           "sampling", "sample", "text", "distinct"])
    frame["sample"] = frame["sample"].astype("int64")
    frame["distinct"] = frame["distinct"].astype("Int64")
    frame["text"] = frame["text"].fillna("")
    return frame


def load_noveltybench(model: str | None = None) -> pd.DataFrame:
    """NoveltyBench answers: ten per prompt and model :cite:p:`zhang2025noveltybench`.

    Two sources: Gemini 1.5 Pro's ten independent answers to each of the 100
    curated prompts, with the benchmark's own scores; and the 20 creativity
    prompts (``curated-0`` to ``curated-19``) answered by six newer models, each
    both independently (``"regenerate"``) and ten times within one conversation
    (``"in-context"``, each answer asked for after the previous ones).

    Parameters
    ----------
    model : str or None
        One model name (see ``load_noveltybench()["model"].unique()``), or None for
        every model shipped.

    Returns
    -------
    pandas.DataFrame
        One row per answer: ``prompt_id, category, prompt, model, sampling, sample,
        text, distinct``. ``sampling`` is ``"regenerate"`` or ``"in-context"``;
        ``sample`` runs from 0 to 9. ``distinct`` is the benchmark's per-prompt
        count, present only for the Gemini run (``<NA>`` elsewhere). In that run the
        benchmark's code stored ``distinct = max(partition)``, the largest 0-based
        class label: one less than the number of classes of different answers it
        found, so 0 means all ten answers were judged equivalent.

    Raises
    ------
    ValueError
        If ``model`` is not one of the shipped models.
    DataFileError
        If the shipped file is missing or corrupted.
    """
    frame = _copy("noveltybench")
    if model is None:
        return frame
    if not isinstance(model, str):
        raise TypeError(f"model must be a string or None, got {type(model).__name__}")
    known = list(dict.fromkeys(frame["model"]))
    if model not in known:
        raise ValueError(f"model must be one of {known} or None, got {model!r}")
    out = frame[frame["model"] == model].reset_index(drop=True)
    return _finish(out, "noveltybench")


def _load_confederacy() -> pd.DataFrame:
    frame = _read_csv("confederacy", dtype={"author": str, "kind": str, "text": str})
    _check_columns(frame, "confederacy", ["author", "kind", "story", "text"])
    frame["story"] = frame["story"].astype("int64")
    return frame


def load_confederacy() -> pd.DataFrame:
    """One prompt: 16 model configurations (5 stories each) and 5 human writers.

    The prompt: "Write an epic narration of a single combat between Ignatius J.
    Reilly and a pterodactyl, in the style of John Kennedy Toole."
    :cite:p:`gomezrodriguez2023confederacy`. Twelve configurations are those of
    the paper; four (``claude2``, ``falcon180b``, two ``llama2-70b``) came later and
    are in the data set's ``later-llms`` folder. The five human stories are by
    Kyle McKenzie, Bree Glasbergen, Kirsty Maclachlan, Caitlin Noakes and Ola
    Kwintowski (one story each; ``author`` ``human1`` to ``human5``).

    Returns
    -------
    pandas.DataFrame
        ``author, kind, story, text``; ``kind`` is ``"model"`` or ``"human"``,
        ``story`` the story's number (1 to 5; each human wrote one story, numbered as
        in the source). Licence CC BY-SA 4.0: adaptations
        of these texts must carry the same licence.

    Raises
    ------
    DataFileError
        If the shipped file is missing or corrupted.
    """
    return _copy("confederacy")


RATING_COLUMNS_PREFIX = "rating_"


def _load_doshi_hauser() -> pd.DataFrame:
    frame = _read_csv("doshi_hauser", dtype={"story_id": str, "topic": str, "condition": str,
                                             "text": str, "ai_ideas": str})
    _check_columns(frame, "doshi_hauser", ["story_id", "topic", "condition", "text",
                                           "ai_ideas", "dat"])
    try:
        frame["ai_ideas"] = [json.loads(s) for s in frame["ai_ideas"]]
    except (TypeError, ValueError) as err:
        raise DataFileError(f"The column ai_ideas of {data_path(DATASETS['doshi_hauser'].relpath)}"
                            f" is not valid JSON ({err}). {REBUILD_HINT}") from None
    return frame


def load_doshi_hauser() -> pd.DataFrame:
    """Doshi and Hauser's 293 stories, with and without GPT-4 story ideas.

    Writers wrote an eight-sentence story on one of three topics, with no AI
    help (``"Human only"``), with the option of one GPT-4 idea, or with up to
    five :cite:p:`doshi2024genai,doshi2024data`. Evaluators then rated the stories.

    Returns
    -------
    pandas.DataFrame
        One row per story: ``story_id, topic, condition, text, ai_ideas`` (list of
        the GPT-4 ideas the writer saw, empty if none), ``dat`` (the writer's
        Divergent Association Task score; NaN for 2 writers), then one column
        ``rating_<name>`` per evaluator rating: the mean over the evaluators who
        rated that story (columns as in the source's ``evaluators_stories.dta``).

    Raises
    ------
    DataFileError
        If the shipped file is missing or corrupted.
    """
    return _copy("doshi_hauser")


def _load_upworthy() -> pd.DataFrame:
    frame = _read_csv("upworthy", dtype={"test_id": str, "headline": str})
    _check_columns(frame, "upworthy", ["test_id", "headline", "impressions", "clicks",
                                       "winner", "significance"])
    frame["impressions"] = frame["impressions"].astype("int64")
    frame["clicks"] = frame["clicks"].astype("int64")
    frame["winner"] = frame["winner"].astype(bool)
    frame["headline"] = frame["headline"].fillna("")
    return frame


def load_upworthy() -> pd.DataFrame:
    """The Upworthy Research Archive's exploratory set of headline A/B tests.

    Upworthy showed several headline variants of one story to random visitors and
    counted clicks :cite:p:`matias2021upworthy`.

    Returns
    -------
    pandas.DataFrame
        One row per headline variant: ``test_id, headline, impressions, clicks,
        winner, significance``. ``winner`` is the archive's flag for the variant the
        editors declared the winner; ``significance`` is the archive's 0-100 score
        (not a p-value; its computation is not documented in the archive).

    Raises
    ------
    DataFileError
        If the shipped file is missing or corrupted.
    """
    return _copy("upworthy")


def _load_hanna() -> pd.DataFrame:
    frame = _read_csv("hanna", dtype={"system": str, "criterion": str, "rater": str})
    _check_columns(frame, "hanna", ["story_id", "system", "criterion", "rater",
                                    "prompt_variant", "score"])
    frame["story_id"] = frame["story_id"].astype("int64")
    frame["prompt_variant"] = frame["prompt_variant"].astype("int64")
    frame["score"] = frame["score"].astype("float64")
    return frame


def load_hanna_ratings() -> pd.DataFrame:
    """HANNA: ratings of 1,056 stories by people and by LLM judges (no texts).

    96 WritingPrompts prompts, each answered by the human reference story and by
    ten story generators; three crowd workers rated every story on six criteria
    (1 to 5) :cite:p:`chhun2022human`, and LLM judges rated them again under four
    prompt variants :cite:p:`chhun2024do`.

    Returns
    -------
    pandas.DataFrame
        Long format: ``story_id`` (0 to 1055), ``system`` (``"Human"`` for the
        reference story or the generator's name), ``criterion`` (Relevance,
        Coherence, Empathy, Surprise, Engagement, Complexity), ``rater``
        (``"human"`` or the judge's name), ``prompt_variant`` and ``score``. For
        judges ``prompt_variant`` numbers the prompt (1 to 4); for ``"human"`` it
        numbers the annotation (1 to 3) on that story, which need not come from
        the same person across stories. Ratings the judges did not give are
        dropped (``score`` never missing).

    Raises
    ------
    DataFileError
        If the shipped file is missing or corrupted.
    """
    return _copy("hanna")


def _load_word_counts() -> pd.Series:
    frame = _read_csv("word_counts", dtype={"word": str})
    _check_columns(frame, "word_counts", ["word", "count"])
    series = pd.Series(frame["count"].astype("int64").to_numpy(),
                       index=pd.Index(frame["word"].astype(str), name="word"), name="count")
    return series


def load_word_counts() -> pd.Series:
    """Counts of English words, most frequent first.

    SymSpell's English frequency dictionary (the file is named for 82,765 words
    and holds 82,834 entries), built by intersecting Google Books
    Ngram counts :cite:p:`michel2011quantitative` with the SCOWL word lists.

    Returns
    -------
    pandas.Series
        Integer counts indexed by word (index name ``word``), sorted from the most
        to the least frequent (ties in the source's order).

    Raises
    ------
    DataFileError
        If the shipped file is missing or corrupted.
    """
    return _copy("word_counts")


_LOADERS = {
    "jokes": _load_jokes,
    "noveltybench": _load_noveltybench,
    "confederacy": _load_confederacy,
    "doshi_hauser": _load_doshi_hauser,
    "upworthy": _load_upworthy,
    "hanna": _load_hanna,
    "word_counts": _load_word_counts,
}


def _clear_cache() -> None:
    """Forget cached frames and manifest (tests that alter files use it)."""
    _cached.cache_clear()
    _manifest_cached.cache_clear()
