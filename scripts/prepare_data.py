"""Rebuild the trimmed data files in monoculture/data from the unmodified public copies.

Usage::

    python scripts/prepare_data.py [--raw PATH] [--out PATH] [--check]

The raw data folder defaults to $MONOCULTURE_RAW_DATA, else ../shared/data relative
to the repository. The output is deterministic: the same raw files give
byte-identical outputs (gzip with mtime 0 and no file name, rows in a fixed order,
fixed CSV formatting), and MANIFEST.json records the SHA-256 checksum of every
shipped file. With --check nothing is written: the script rebuilds in memory and
exits with status 1 if any shipped file differs.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import re
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from monoculture.data import DATASETS, MANIFEST_NAME  # noqa: E402

DEFAULT_RAW = REPO.parent / "shared" / "data"
HANNA_CRITERIA = {"RE": "Relevance", "CH": "Coherence", "EM": "Empathy", "SU": "Surprise",
                  "EG": "Engagement", "CX": "Complexity"}
HANNA_JUDGES = ("Beluga-13B", "OrcaPlatypus", "Mistral-7B", "Llama-13B", "ChatGPT")
NB_RUNS = ("claude-opus-5", "claude-fable-5-1", "gpt-6-astra", "gpt-5.6-luna", "gpt-5.6-sol",
           "gpt-5.6-terra")
HUMAN_AUTHORS = {"human1": "Kyle McKenzie", "human2": "Bree Glasbergen",
                 "human3": "Kirsty Maclachlan", "human4": "Caitlin Noakes",
                 "human5": "Ola Kwintowski"}


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip: no file name, mtime 0, maximum compression."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


def csv_gz(frame: pd.DataFrame) -> bytes:
    text = frame.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    return gzip_bytes(text.encode("utf-8"))


def jokes(raw: Path) -> tuple[pd.DataFrame, dict[str, bytes]]:
    lines = (raw / "jokegpt" / "jokes_clean.txt").read_text(encoding="utf-8").splitlines()
    texts = [line.strip() for line in lines if line.strip()]
    frame = pd.DataFrame({"joke_id": range(len(texts)), "text": texts})
    extra = {"LICENSE": (raw / "jokegpt" / "LICENSE").read_bytes()}
    return frame, extra


def _curated_index(prompt_id: str) -> int:
    return int(prompt_id.split("-")[1])


def noveltybench(raw: Path) -> tuple[pd.DataFrame, dict[str, bytes]]:
    folder = raw / "noveltybench"
    curated = [json.loads(x) for x in (folder / "curated.jsonl").read_text("utf-8").splitlines()
               if x.strip()]
    category = {c["id"]: c["category"] for c in curated}
    rows = []
    gemini = [json.loads(x) for x in
              (folder / "gemini-1.5-pro-curated-scores.jsonl").read_text("utf-8").splitlines()
              if x.strip()]
    gemini.sort(key=lambda r: _curated_index(r["id"]))
    for rec in gemini:
        for i, text in enumerate(rec["generations"]):
            rows.append({"prompt_id": rec["id"], "category": category[rec["id"]],
                         "prompt": rec["prompt"], "model": rec["model"],
                         "sampling": "regenerate", "sample": i, "text": text,
                         "distinct": int(rec["distinct"])})
    gen_dir = folder / "generations-2026-09-10"
    for name in NB_RUNS:
        for suffix in ("", "_in-context"):
            path = gen_dir / f"2026-09-10_{name}{suffix}.jsonl"
            for line in path.read_text("utf-8").splitlines():
                if not line.strip():
                    continue
                rec = json.loads(line)
                sampling = rec["generation_config"]["sampling"]
                if sampling not in ("regenerate", "in-context"):
                    raise ValueError(f"{path}: unexpected sampling {sampling!r}")
                for i, text in enumerate(rec["generations"]):
                    rows.append({"prompt_id": rec["id"], "category": category[rec["id"]],
                                 "prompt": rec["prompt"], "model": rec["model"],
                                 "sampling": sampling, "sample": i, "text": text,
                                 "distinct": None})
    frame = pd.DataFrame(rows)
    frame["distinct"] = frame["distinct"].astype("Int64")
    extra = {"LICENSE": (folder / "LICENSE").read_bytes()}
    return frame, extra


def read_legacy_text(path: Path) -> str:
    """Text of a file in UTF-8 or, failing that, Windows-1252 (some stories are)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def confederacy(raw: Path) -> tuple[pd.DataFrame, dict[str, bytes]]:
    folder = raw / "confederacy-of-models"
    rows = []
    pattern = re.compile(r"^(?P<author>.+)-(?P<story>[1-5])\.txt$")
    for sub in ("corpus-full", "later-llms"):
        for path in sorted((folder / sub).glob("*.txt")):
            match = pattern.match(path.name)
            if match is None:
                continue  # e.g. later-llms/llama2-info.txt
            author = match["author"]
            # Dates differ between stories of one configuration (bing-creative): drop them.
            author = re.sub(r"-\d{4}-\d{2}-\d{2}", "", author)
            kind = "human" if re.fullmatch(r"human\d", author) else "model"
            text = read_legacy_text(path).strip()
            rows.append({"author": author, "kind": kind, "story": int(match["story"]),
                         "text": text})
    frame = pd.DataFrame(rows).sort_values(["kind", "author", "story"],
                                           ascending=[False, True, True], kind="stable")
    frame = frame.reset_index(drop=True)
    extra = {"LICENSE.repository.txt": (folder / "LICENSE").read_bytes(),
             "NOTICE.md": confederacy_notice().encode("utf-8")}
    return frame, extra


def confederacy_notice() -> str:
    meta = DATASETS["confederacy"]
    credits = "\n".join(f"- `{k}`: (c) 2023 by {v}" for k, v in HUMAN_AUTHORS.items())
    return f"""# Notice: A Confederacy of Models (CC BY-SA 4.0)

The file `{meta.filename}` in this folder is an adaptation of the data of

> Carlos Gomez-Rodriguez and Paul Williams. A Confederacy of Models: a Comprehensive
> Evaluation of LLMs on Creative Writing. Findings of the Association for Computational
> Linguistics: EMNLP 2023. arXiv:2310.08433.

Source: {meta.source}.

## Human authors

The five human-written stories were written by, and are credited to:

{credits}

## Licence

The source repository's README states: "All stories are licensed under a Creative
Commons Attribution-ShareAlike 4.0 International License", and that the code and data
are (c) Carlos Gomez-Rodriguez and Paul Williams under the same licence. This folder,
and any adaptation of it, is therefore distributed under CC BY-SA 4.0:
https://creativecommons.org/licenses/by-sa/4.0/ (legal code:
https://creativecommons.org/licenses/by-sa/4.0/legalcode). The repository's own
`LICENSE` file, which holds the CC BY 4.0 legal code, is kept here unchanged as
`LICENSE.repository.txt`; where the two differ, follow the stricter BY-SA terms.

The rest of the Monoculture package is not an adaptation of these stories and keeps its
own licences (code MIT, text CC BY 4.0).

## Changes made

{meta.changes} No story was edited, shortened or translated. The sixth human story
(`humanUnused1`, not used in the paper) is not included.
"""


def doshi_hauser(raw: Path) -> tuple[pd.DataFrame, dict[str, bytes]]:
    folder = raw / "doshi-hauser-2024"
    creators = pd.read_csv(folder / "creators_with_similarity.csv", dtype=str,
                           keep_default_na=False)
    idea_cols = [f"writer_ai_idea{i}" for i in range(5)]
    ideas = [json.dumps([x for x in row if x.strip()], ensure_ascii=False)
             for row in creators[idea_cols].itertuples(index=False)]
    frame = pd.DataFrame({
        "story_id": creators["story_id"],
        "topic": creators["writer_topic"],
        "condition": creators["condition"],
        "text": creators["writer_story"].str.strip(),
        "ai_ideas": ideas,
        "dat": pd.to_numeric(creators["dat"].replace("", None)),
    })
    evaluations = pd.read_stata(folder / "evaluators_stories.dta", convert_categoricals=False)
    ratings = rating_means(evaluations)
    frame = frame.merge(ratings, how="left", left_on="story_id", right_index=True,
                        validate="one_to_one")
    frame = frame.sort_values(["topic", "condition", "story_id"], kind="stable")
    frame = frame.reset_index(drop=True)
    extra = {"LICENSE.md": doshi_licence().encode("utf-8")}
    return frame, extra


RATING_COLUMNS = ("eval_novel", "eval_original", "eval_rare", "eval_appropriate",
                  "eval_feasible", "eval_publishable", "eval_tt_enjoyed",
                  "eval_tt_well_written", "eval_tt_boring", "eval_tt_funny", "eval_tt_twist",
                  "eval_tt_future", "eval_novel_index", "eval_useful_index")


def rating_means(evaluations: pd.DataFrame) -> pd.DataFrame:
    """Per-story mean of every evaluator rating column present in the .dta file."""
    present = [c for c in RATING_COLUMNS if c in evaluations.columns]
    if not present:
        raise ValueError("evaluators_stories.dta: none of the expected rating columns found")
    means = evaluations.groupby("story_id")[present].mean()
    means.columns = ["rating_" + c.removeprefix("eval_") for c in present]
    counts = evaluations.groupby("story_id").size().rename("n_evaluations")
    return pd.concat([counts, means], axis=1)


def doshi_licence() -> str:
    return """# Licence: CC0 1.0 Universal (public-domain dedication)

The data of Doshi & Hauser (2024) were deposited at Dryad
(doi:10.5061/dryad.qfttdz0pm). Dryad releases all deposited data under the Creative
Commons Zero waiver ("All data deposited to Dryad must be released under the Creative
Commons Zero waiver"): https://creativecommons.org/publicdomain/zero/1.0/

No permission is needed to reuse these data, but please cite the article and the data:

- Doshi, A. R. and Hauser, O. P. (2024). Generative AI enhances individual creativity
  but reduces the collective diversity of novel content. Science Advances 10(28),
  eadn5290. doi:10.1126/sciadv.adn5290
- Doshi, A. and Hauser, O. (2024). Data for the above. Dryad. doi:10.5061/dryad.qfttdz0pm

The mirror's own README and R script are not part of the data and are not included.
"""


def upworthy(raw: Path) -> tuple[pd.DataFrame, dict[str, bytes]]:
    folder = raw / "upworthy"
    src = pd.read_csv(folder / "upworthy_clean.csv.gz")
    frame = pd.DataFrame({
        "test_id": src["clickability_test_id"].astype(str),
        "headline": src["headline"].fillna("").astype(str),
        "impressions": src["impressions"].astype("int64"),
        "clicks": src["clicks"].astype("int64"),
        "winner": src["winner"].astype(bool),
        "significance": src["significance"],
    })
    extra = {"licence-statement.html": (folder / "licence-statement.html").read_bytes()}
    return frame, extra


def hanna(raw: Path) -> tuple[pd.DataFrame, dict[str, bytes]]:
    folder = raw / "hanna"
    src = pd.read_csv(folder / "hanna_metric_scores_llm.csv")
    rows = []
    for block, rec in enumerate(src.itertuples(index=False)):
        rec = dict(zip(src.columns, rec))
        system = rec["Model"]
        for code, criterion in HANNA_CRITERIA.items():
            raters = [("human", k, f"Human {k} {code}") for k in (1, 2, 3)]
            raters += [(j, k, f"{j} {code} {k}") for j in HANNA_JUDGES for k in (1, 2, 3, 4)]
            for rater, variant, column in raters:
                values = json.loads(str(rec[column]).replace("nan", "NaN"))
                for i, value in enumerate(values):
                    if value is None or value != value:
                        continue
                    rows.append({"story_id": 96 * block + i, "system": system,
                                 "criterion": criterion, "rater": rater,
                                 "prompt_variant": variant, "score": float(value)})
    frame = pd.DataFrame(rows).sort_values(
        ["story_id", "criterion", "rater", "prompt_variant"], kind="stable")
    frame = frame.reset_index(drop=True)
    extra = {"LICENSE": (folder / "LICENSE").read_bytes()}
    return frame, extra


def word_counts(raw: Path) -> tuple[pd.DataFrame, dict[str, bytes]]:
    folder = raw / "english-word-counts"
    words, counts = [], []
    for line in (folder / "frequency_dictionary_en_82_765.txt").read_text("utf-8").splitlines():
        if not line.strip():
            continue
        word, count = line.split()
        words.append(word)
        counts.append(int(count))
    frame = pd.DataFrame({"word": words, "count": counts})
    frame = frame.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)
    extra = {"LICENSE.symspellpy": (folder / "LICENSE.symspellpy").read_bytes()}
    return frame, extra


BUILDERS = {"jokes": jokes, "noveltybench": noveltybench, "confederacy": confederacy,
            "doshi_hauser": doshi_hauser, "upworthy": upworthy, "hanna": hanna,
            "word_counts": word_counts}


def citation_file(key: str, n_rows: int) -> str:
    meta = DATASETS[key]
    return f"""# {meta.title}

- **Data file:** `{meta.filename}` ({n_rows:,} rows), loaded by
  `monoculture.data.load_{'hanna_ratings' if key == 'hanna' else key}()`.
- **Cite:** {meta.citation}
- **Licence:** {meta.licence}
- **Source:** {meta.source}
- **Changes:** {meta.changes}

Rebuilt by `scripts/prepare_data.py`; checksums in `../{MANIFEST_NAME}`.
"""


def build(raw: Path) -> tuple[dict[str, bytes], dict[str, int]]:
    """Every output file (path relative to monoculture/data -> bytes) and row counts."""
    outputs: dict[str, bytes] = {}
    rows: dict[str, int] = {}
    for key, builder in BUILDERS.items():
        meta = DATASETS[key]
        frame, extra = builder(raw)
        outputs[meta.relpath] = csv_gz(frame)
        rows[key] = int(len(frame))
        outputs[f"{meta.folder}/CITATION.md"] = citation_file(key, len(frame)).encode("utf-8")
        for name, data in extra.items():
            outputs[f"{meta.folder}/{name}"] = data
    manifest = {
        "generated_by": "scripts/prepare_data.py",
        "files": {path: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
                  for path, data in sorted(outputs.items())},
        "rows": dict(sorted(rows.items())),
    }
    outputs[MANIFEST_NAME] = (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()
    return outputs, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--raw", type=Path,
                        default=Path(os.environ.get("MONOCULTURE_RAW_DATA", DEFAULT_RAW)),
                        help="folder of raw data (default $MONOCULTURE_RAW_DATA or "
                             "../shared/data)")
    parser.add_argument("--out", type=Path, default=REPO / "monoculture" / "data",
                        help="output folder (default monoculture/data)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if any shipped file differs")
    args = parser.parse_args(argv)
    if not args.raw.is_dir():
        parser.error(f"raw data folder {args.raw} not found (use --raw or MONOCULTURE_RAW_DATA)")
    outputs, rows = build(args.raw)
    if args.check:
        stale = [p for p, data in outputs.items()
                 if not (args.out / p).is_file() or (args.out / p).read_bytes() != data]
        for path in stale:
            print(f"differs: {path}")
        return 1 if stale else 0
    total = 0
    for path, data in outputs.items():
        target = args.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        total += len(data)
    for key, n in rows.items():
        print(f"{key:14s} {n:7d} rows  {DATASETS[key].relpath}")
    print(f"wrote {len(outputs)} files, {total / 1e6:.2f} MB, to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
