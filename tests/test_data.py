"""The shipped data sets: manifest, raw-file counts, error paths and a wheel install.

Raw-file comparisons need the unmodified public copies in ../shared/data (beside the
clone, as in CI) or $MONOCULTURE_RAW_DATA; without them they are skipped.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import venv
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import monoculture.data as mdata
from monoculture.data import (DATASETS, DataFileError, load_confederacy, load_doshi_hauser,
                              load_hanna_ratings, load_jokes, load_noveltybench, load_upworthy,
                              load_word_counts, read_manifest)

REPO = Path(__file__).resolve().parents[1]
RAW = Path(os.environ.get("MONOCULTURE_RAW_DATA", REPO.parent / "shared" / "data"))
needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw data not found at {RAW}")

LOADERS = {
    "jokes": load_jokes,
    "noveltybench": load_noveltybench,
    "confederacy": load_confederacy,
    "doshi_hauser": load_doshi_hauser,
    "upworthy": load_upworthy,
    "hanna": load_hanna_ratings,
    "word_counts": load_word_counts,
}
COLUMNS = {
    "jokes": ["joke_id", "text"],
    "noveltybench": ["prompt_id", "category", "prompt", "model", "sampling", "sample", "text",
                     "distinct"],
    "confederacy": ["author", "kind", "story", "text"],
    "doshi_hauser": ["story_id", "topic", "condition", "text", "ai_ideas", "dat"],
    "upworthy": ["test_id", "headline", "impressions", "clicks", "winner", "significance"],
    "hanna": ["story_id", "system", "criterion", "rater", "prompt_variant", "score"],
}


def _load_prepare():
    spec = importlib.util.spec_from_file_location("prepare_data",
                                                  REPO / "scripts" / "prepare_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------
# manifest
# ---------------------------------------------------------------------------

def test_manifest_checksums_match_every_shipped_file():
    manifest = read_manifest()
    assert set(manifest["rows"]) == set(DATASETS)
    for relpath, entry in manifest["files"].items():
        data = (mdata.DATA_DIR / relpath).read_bytes()
        assert len(data) == entry["bytes"], relpath
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], relpath


def test_every_data_folder_carries_licence_and_citation():
    files = read_manifest()["files"]
    for meta in DATASETS.values():
        names = {p.split("/", 1)[1] for p in files if p.startswith(meta.folder + "/")}
        assert meta.filename in names
        assert "CITATION.md" in names
        assert any(n.upper().startswith(("LICENSE", "LICENCE")) or n == "NOTICE.md"
                   or n == "licence-statement.html" for n in names), meta.folder


def test_confederacy_notice_credits_human_authors_by_name():
    notice = (mdata.DATA_DIR / "confederacy" / "NOTICE.md").read_text()
    for name in ("Kyle McKenzie", "Bree Glasbergen", "Kirsty Maclachlan", "Caitlin Noakes",
                 "Ola Kwintowski"):
        assert name in notice
    assert "BY-SA 4.0" in notice


def test_shipped_data_stay_within_budget():
    total = sum(e["bytes"] for e in read_manifest()["files"].values())
    assert total <= 6_000_000


@pytest.mark.parametrize("key", sorted(LOADERS))
def test_loader_rows_columns_and_attrs(key):
    obj = LOADERS[key]()
    assert len(obj) == read_manifest()["rows"][key]
    assert obj.attrs["citation"] == DATASETS[key].citation
    assert obj.attrs["licence"] == DATASETS[key].licence
    if key in COLUMNS:
        assert list(obj.columns[:len(COLUMNS[key])]) == COLUMNS[key]


def test_loaders_return_independent_copies():
    a = load_jokes()
    a.loc[0, "text"] = "changed"
    assert load_jokes().loc[0, "text"] != "changed"


def test_noveltybench_model_filter_and_values():
    nb = load_noveltybench()
    assert set(nb["sampling"]) == {"regenerate", "in-context"}
    assert set(nb["sample"]) == set(range(10))
    gem = load_noveltybench("gemini-1.5-pro")
    assert len(gem) == 1000 and gem["prompt_id"].nunique() == 100
    assert gem["distinct"].notna().all()
    assert nb.loc[nb["model"] != "gemini-1.5-pro", "distinct"].isna().all()
    assert gem.attrs["licence"].startswith("MIT")
    with pytest.raises(ValueError, match="model must be one of"):
        load_noveltybench("no-such-model")
    with pytest.raises(TypeError, match="model"):
        load_noveltybench(3)


def test_word_counts_sorted_and_indexed_by_word():
    wc = load_word_counts()
    assert isinstance(wc, pd.Series)
    assert wc.index.name == "word" and wc.index[0] == "the"
    assert (np.diff(wc.to_numpy()) <= 0).all()


def test_doshi_hauser_ideas_are_lists_and_ratings_present():
    dh = load_doshi_hauser()
    assert all(isinstance(x, list) for x in dh["ai_ideas"])
    assert (dh.loc[dh["condition"] == "Human only", "ai_ideas"].map(len) == 0).all()
    assert any(c.startswith("rating_") for c in dh.columns)


# ---------------------------------------------------------------------------
# against the raw files
# ---------------------------------------------------------------------------

@needs_raw
def test_jokes_against_raw():
    lines = [x.strip() for x in (RAW / "jokegpt" / "jokes_clean.txt").read_text().splitlines()]
    lines = [x for x in lines if x]
    jokes = load_jokes()
    assert jokes["text"].tolist() == lines
    assert jokes["text"].nunique() == len(set(lines))


@needs_raw
def test_noveltybench_against_raw():
    nb = load_noveltybench()
    raw_gem = [json.loads(x) for x in
               (RAW / "noveltybench" / "gemini-1.5-pro-curated-scores.jsonl").open()]
    gem = nb[nb["model"] == "gemini-1.5-pro"]
    for rec in raw_gem:
        rows = gem[gem["prompt_id"] == rec["id"]].sort_values("sample")
        assert rows["text"].tolist() == rec["generations"]
        assert set(rows["distinct"]) == {rec["distinct"]}
        assert rec["distinct"] == max(rec["partition"])
    files = sorted((RAW / "noveltybench" / "generations-2026-09-10").glob("*.jsonl"))
    assert len(files) == 12
    n_answers = sum(len(json.loads(x)["generations"]) for f in files for x in f.open())
    assert (nb["model"] != "gemini-1.5-pro").sum() == n_answers
    ic = json.loads((RAW / "noveltybench" / "generations-2026-09-10" /
                     "2026-09-10_gpt-5.6-sol_in-context.jsonl").open().readline())
    sub = nb[(nb["model"] == "gpt-5.6-sol") & (nb["sampling"] == "in-context")
             & (nb["prompt_id"] == ic["id"])].sort_values("sample")
    assert sub["text"].tolist() == ic["generations"]


@needs_raw
def test_confederacy_against_raw():
    conf = load_confederacy()
    folder = RAW / "confederacy-of-models"
    stories = [p for sub in ("corpus-full", "later-llms") for p in (folder / sub).glob("*-[1-5].txt")]
    assert len(conf) == len(stories)
    assert (conf["kind"] == "human").sum() == len(list((folder / "corpus-full").glob("human*")))
    def decode(data: bytes) -> str:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return data.decode("cp1252")
    assert sorted(conf["text"]) == sorted(decode(p.read_bytes()).strip() for p in stories)
    sizes = conf.groupby(["kind", "author"]).size()
    assert (sizes["model"] == 5).all() and (sizes["human"] == 1).all()
    assert len(sizes["human"]) == 5


@needs_raw
def test_doshi_hauser_against_raw():
    dh = load_doshi_hauser()
    with (RAW / "doshi-hauser-2024" / "creators_with_similarity.csv").open() as fh:
        raw = list(csv.DictReader(fh))
    assert len(dh) == len(raw)
    assert Counter(dh["condition"]) == Counter(r["condition"] for r in raw)
    by_id = {r["story_id"]: r for r in raw}
    for row in dh.itertuples():
        assert len(row.ai_ideas) == sum(1 for i in range(5)
                                        if by_id[row.story_id][f"writer_ai_idea{i}"].strip())
    ev = pd.read_stata(RAW / "doshi-hauser-2024" / "evaluators_stories.dta",
                       convert_categoricals=False)
    counts = ev.groupby("story_id").size()
    shipped = dh.set_index("story_id")["n_evaluations"]
    assert (shipped == counts.loc[shipped.index]).all()
    means = ev.groupby("story_id")["eval_novel"].mean().loc[shipped.index]
    assert np.allclose(dh.set_index("story_id")["rating_novel"], means)


@needs_raw
def test_upworthy_against_raw():
    up = load_upworthy()
    raw = pd.read_csv(RAW / "upworthy" / "upworthy_clean.csv.gz")
    assert len(up) == len(raw)
    assert up["test_id"].nunique() == raw["clickability_test_id"].nunique()
    assert up["clicks"].sum() == raw["clicks"].sum()
    assert up["impressions"].sum() == raw["impressions"].sum()
    assert up["winner"].sum() == raw["winner"].astype(bool).sum()


@needs_raw
def test_hanna_against_raw():
    hanna = load_hanna_ratings()
    raw = pd.read_csv(RAW / "hanna" / "hanna_metric_scores_llm.csv")
    assert hanna["story_id"].nunique() == 96 * len(raw)
    human = hanna[hanna["rater"] == "human"]
    assert len(human) == 96 * len(raw) * 6 * 3
    n_chatgpt = sum(int(np.isfinite(json.loads(str(v).replace("nan", "NaN"))).sum())
                    for c in raw.columns if c.startswith("ChatGPT ") and "AVG" not in c
                    for v in raw[c])
    assert (hanna["rater"] == "ChatGPT").sum() == n_chatgpt
    first = json.loads(raw.loc[0, "Human 1 RE"])
    got = human[(human["criterion"] == "Relevance") & (human["prompt_variant"] == 1)
                & (human["story_id"] < 96)].sort_values("story_id")["score"]
    assert np.allclose(got, first)


@needs_raw
def test_word_counts_against_raw():
    wc = load_word_counts()
    pairs = [line.split() for line in
             (RAW / "english-word-counts" / "frequency_dictionary_en_82_765.txt").open()
             if line.strip()]
    assert len(wc) == len(pairs)
    assert wc.sum() == sum(int(c) for _, c in pairs)
    assert wc["the"] == int(pairs[0][1])


@needs_raw
def test_prepare_data_is_deterministic_and_matches_shipped_files():
    """A rebuild from the raw files is byte-identical to the committed files
    (which came from an earlier run), so the build is deterministic."""
    prepare = _load_prepare()
    outputs, _ = prepare.build(RAW)
    assert set(outputs) == set(read_manifest()["files"]) | {"MANIFEST.json"}
    for relpath, data in outputs.items():
        assert (mdata.DATA_DIR / relpath).read_bytes() == data, relpath


# ---------------------------------------------------------------------------
# error paths
# ---------------------------------------------------------------------------

@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of monoculture/data that the loaders read instead."""
    target = tmp_path / "data"
    shutil.copytree(mdata.DATA_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(mdata, "DATA_DIR", target)
    mdata._clear_cache()
    yield target
    mdata._clear_cache()


def test_missing_file_names_it_and_how_to_rebuild(data_copy):
    (data_copy / "jokegpt" / "jokes.csv.gz").unlink()
    with pytest.raises(DataFileError, match=r"jokes\.csv\.gz is missing.*prepare_data\.py"):
        load_jokes()


def test_corrupted_file_fails_its_checksum(data_copy):
    path = data_copy / "upworthy" / "upworthy.csv.gz"
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(DataFileError, match=r"upworthy\.csv\.gz is corrupted.*checksum"):
        load_upworthy()


def test_unparsable_file_with_matching_checksum_is_a_clear_error(data_copy):
    path = data_copy / "confederacy" / "confederacy.csv.gz"
    bad = path.read_bytes()[:200]  # a truncated gzip stream
    path.write_bytes(bad)
    manifest = json.loads((data_copy / "MANIFEST.json").read_text())
    manifest["files"]["confederacy/confederacy.csv.gz"]["sha256"] = hashlib.sha256(bad).hexdigest()
    (data_copy / "MANIFEST.json").write_text(json.dumps(manifest))
    with pytest.raises(DataFileError, match=r"confederacy\.csv\.gz could not be read"):
        load_confederacy()


def test_wrong_columns_are_a_clear_error(data_copy):
    path = data_copy / "jokegpt" / "jokes.csv.gz"
    bad = gzip.compress(b"a,b\n1,2\n", mtime=0)
    path.write_bytes(bad)
    manifest = json.loads((data_copy / "MANIFEST.json").read_text())
    manifest["files"]["jokegpt/jokes.csv.gz"]["sha256"] = hashlib.sha256(bad).hexdigest()
    (data_copy / "MANIFEST.json").write_text(json.dumps(manifest))
    with pytest.raises(DataFileError, match=r"lacks the columns"):
        load_jokes()


def test_missing_or_broken_manifest(data_copy):
    manifest = data_copy / "MANIFEST.json"
    manifest.write_text("{not json")
    with pytest.raises(DataFileError, match="manifest .* is corrupted"):
        load_word_counts()
    mdata._clear_cache()
    manifest.unlink()
    with pytest.raises(DataFileError, match="manifest .* is missing"):
        load_word_counts()


def test_prepare_data_check_mode_and_missing_raw(tmp_path):
    prepare = _load_prepare()
    with pytest.raises(SystemExit):
        prepare.main(["--raw", str(tmp_path / "nowhere")])


# ---------------------------------------------------------------------------
# the wheel carries the data
# ---------------------------------------------------------------------------

@pytest.mark.dist  # builds a wheel and a venv: `make dist-test`, not `make unit`
def test_wheel_installs_into_fresh_environment_and_loads_every_data_set(tmp_path):
    """Build a wheel, install it (without dependencies) into a fresh virtual
    environment that borrows the test environment's third-party packages, and
    load every data set from outside the source tree."""
    # Build from a copy of the sources, so that setuptools' build/ and egg-info
    # folders never land in the working tree.
    src = tmp_path / "src"
    shutil.copytree(REPO / "monoculture", src / "monoculture",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE", "LICENSE-TEXT"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, src / name)
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q",
                    "-w", str(wheel_dir)], check=True, cwd=tmp_path)
    wheels = list(wheel_dir.glob("monoculture-*.whl"))
    assert len(wheels) == 1
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    env_python = env_dir / "bin" / "python"
    site = subprocess.run([str(env_python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # third-party packages (numpy, pandas, ...) from the test environment, appended
    # after the fresh site-packages; the editable monoculture finder is not loaded.
    import pandas as _pd
    (Path(site) / "borrowed.pth").write_text(str(Path(_pd.__file__).parents[1]) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(env_python), "install",
                    "--no-deps", "--no-index", "-q", str(wheels[0])], check=True, cwd=tmp_path)
    script = (
        "import monoculture, monoculture.data as d\n"
        "assert 'site-packages' in monoculture.__file__, monoculture.__file__\n"
        "for name in ['load_jokes', 'load_noveltybench', 'load_confederacy', "
        "'load_doshi_hauser', 'load_upworthy', 'load_hanna_ratings', 'load_word_counts']:\n"
        "    obj = getattr(d, name)()\n"
        "    assert len(obj) > 0 and obj.attrs['licence'] and obj.attrs['citation']\n"
        "print('ok')\n")
    out = subprocess.run([str(env_python), "-c", script], check=True, capture_output=True,
                         text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": ""})
    assert out.stdout.strip() == "ok"
