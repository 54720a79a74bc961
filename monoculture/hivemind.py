"""Chapter 3's toys: many models, one voice.

Language models answer open-ended prompts alike, within one model and across
models (``jiang2025hivemind``). This module isolates the mechanisms one at a
time. Best-of-n selection lives in :mod:`monoculture.selection`.

*Shared data.* One prompt has ``K`` possible responses. A shared "web corpus"
gives them Zipf popularity ``s``. Model ``i`` learns the mixture
``p_i = rho s + (1 - rho) q_i``, where ``q_i`` is its private data: the same
Zipf shape over a random ordering of the responses
(:func:`model_distributions`). Two samples of one model coincide with
probability ``sum p_i^2`` (within-model agreement); samples of models ``i`` and
``j`` coincide with probability ``sum p_i p_j`` (across-model agreement,
:func:`agreement_matrix`). Averaged over the private orderings the latter is
``rho^2 sum s^2 + (1 - rho^2) / K`` (our derivation,
:func:`expected_across_agreement`). The *ensemble gain* is the Hill number of
the pooled ensemble divided by the mean Hill number of its members
(:func:`ensemble_gain`).

*Shared alignment.* The same reward tilt ``p ∝ p^(1/T) exp(beta r)``
applied to every model (:func:`align`) pulls them to the same answers even
when their data are disjoint.

*Text.* :func:`toy_responses` turns the distributions into short texts, and
:func:`similarity_by_pair_type` sorts the pairwise TF-IDF similarities into
pairs from the same model, from different models, and from different
prompts.

*RL squeezes, SFT keeps.* A softmax policy over ``K`` strategies is trained
with exact (expected) policy-gradient steps (:func:`train_policy`). The
first-order entropy change of a logit update ``dz`` is
``dH ≈ -Cov_{a~pi}(log pi(a), dz_a)`` (:func:`predicted_entropy_change`; an
identity derived by ``cui2025entropy``, re-derived here).
:func:`fit_entropy_reward` fits their empirical law ``R = -a exp(H) + b``.

*Algorithmic monoculture.* :func:`classifier_outcomes` trains several
scikit-learn classifiers on shared or separate data and
:func:`failure_homogenization` compares the share of individuals every model
fails with the share expected under independence (``bommasani2022picking``).
:func:`hiring_simulation` is the two-firm hiring toy of
``kleinberg2021monoculture``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._validate import (RngLike, as_rng, check_array, check_int, check_distribution,
                        check_probability, check_real)
from .diversity import hill_number
from .selection import expected_normal_order_statistic
from .toydata import LabelledTexts, pseudo_words, zipf

__all__ = [
    "model_distributions",
    "agreement_matrix",
    "within_agreement",
    "across_agreement",
    "expected_across_agreement",
    "expected_within_agreement",
    "ensemble_gain",
    "align",
    "hivemind_summary",
    "toy_responses",
    "similarity_by_pair_type",
    "PolicyTrajectory",
    "policy_entropy",
    "predicted_entropy_change",
    "train_policy",
    "fit_entropy_reward",
    "failure_homogenization",
    "classifier_outcomes",
    "hiring_simulation",
    "expected_hire_shared",
    "expected_hire_independent",
    "hiring_game",
    "hiring_game_simulation",
    "hiring_thresholds",
]


# ---------------------------------------------------------------------------
# shared data
# ---------------------------------------------------------------------------

def model_distributions(n_models: int, n_responses: int, rho: float, *,
                        exponent: float = 1.0, corpus_size: int | None = None,
                        rng: RngLike = None) -> np.ndarray:
    """Response distributions of models trained on partly shared data.

    Model ``i`` learns ``p_i = rho s + (1 - rho) q_i``. Here ``s`` is the
    shared corpus's Zipf popularity (response 0 most popular) and ``q_i`` is
    the model's private data: the same Zipf shape over its own random
    ordering of the responses. With ``corpus_size`` the model instead
    estimates ``p_i`` from that many documents drawn from the mixture (each
    document comes from the shared corpus with probability ``rho``).

    Parameters
    ----------
    n_models : int
        Number of models, at least 1.
    n_responses : int
        Number of possible responses ``K``, at least 2.
    rho : float
        Share of shared data, in [0, 1].
    exponent : float
        Zipf exponent of the popularity, ``>= 0`` (0 is uniform).
    corpus_size : int, optional
        Documents per model, at least 1; None uses the exact mixture.
    rng : numpy.random.Generator, int or None
        Random source or seed.

    Returns
    -------
    numpy.ndarray, shape (n_models, n_responses)
        One probability vector per row.
    """
    n_models = check_int(n_models, "n_models", minimum=1)
    n_responses = check_int(n_responses, "n_responses", minimum=2)
    rho = check_probability(rho, "rho")
    exponent = check_real(exponent, "exponent", minimum=0.0)
    if corpus_size is not None:
        corpus_size = check_int(corpus_size, "corpus_size", minimum=1)
    gen = as_rng(rng)
    # [start-model-distributions]
    s = zipf(n_responses, exponent)
    order = np.argsort(gen.random((n_models, n_responses)), axis=1)
    P = rho * s + (1.0 - rho) * s[order]
    if corpus_size is None:
        return P
    return gen.multinomial(corpus_size, P) / corpus_size
    # [end-model-distributions]


def agreement_matrix(P: ArrayLike) -> np.ndarray:
    """Chance that a sample of model ``i`` equals a sample of model ``j``: ``P P^T``.

    The diagonal is the within-model agreement ``sum_k p_ik^2`` (the Simpson
    concentration, whose inverse is the Hill number of order 2); off the
    diagonal is the across-model agreement ``sum_k p_ik p_jk``.

    Parameters
    ----------
    P : array_like, shape (N, K)
        One response distribution per row; rows must sum to 1.

    Returns
    -------
    numpy.ndarray, shape (N, N)
    """
    P = check_distribution(P, "P", ndim=2)
    return P @ P.T


def within_agreement(P: ArrayLike) -> float:
    """Mean over models of the chance that two samples of one model coincide."""
    return float(np.mean(np.diag(agreement_matrix(P))))


def across_agreement(P: ArrayLike) -> float:
    """Mean over pairs of different models of the chance that their samples coincide.

    Needs at least two models.
    """
    A = agreement_matrix(P)
    n = A.shape[0]
    if n < 2:
        raise ValueError(f"P must have at least 2 rows (models) for across-model agreement, got {n}")
    return float((A.sum() - np.trace(A)) / (n * (n - 1)))


def expected_within_agreement(n_responses: int, rho: float, *, exponent: float = 1.0,
                              corpus_size: int | None = None) -> float:
    """Expected ``sum_k p_ik^2`` for :func:`model_distributions` (our derivation).

    With ``S2 = sum s^2``: ``E[sum p^2] = (rho^2 + (1 - rho)^2) S2 + 2 rho (1 - rho) / K``,
    because a random ordering of ``s`` has mean ``1 / K`` in every position.
    With a finite corpus of ``m`` documents the plug-in estimate adds
    ``(1 - E[sum p^2]) / m`` (the binomial bias of chapter 1).
    """
    n_responses = check_int(n_responses, "n_responses", minimum=2)
    rho = check_probability(rho, "rho")
    s2 = float(np.sum(zipf(n_responses, check_real(exponent, "exponent", minimum=0.0)) ** 2))
    value = (rho**2 + (1 - rho) ** 2) * s2 + 2 * rho * (1 - rho) / n_responses
    if corpus_size is None:
        return value
    corpus_size = check_int(corpus_size, "corpus_size", minimum=1)
    return value + (1.0 - value) / corpus_size


def expected_across_agreement(n_responses: int, rho: float, *,
                              exponent: float = 1.0) -> float:
    """Expected ``sum_k p_ik p_jk`` for two models of :func:`model_distributions`.

    ``rho^2 sum s^2 + (1 - rho^2) / K`` (our derivation): the shared parts
    meet with probability ``sum s^2``, and every term involving an
    independent random ordering averages to ``1 / K``. A finite corpus does
    not change it, because the two models' estimates are independent and
    unbiased.
    """
    n_responses = check_int(n_responses, "n_responses", minimum=2)
    rho = check_probability(rho, "rho")
    s2 = float(np.sum(zipf(n_responses, check_real(exponent, "exponent", minimum=0.0)) ** 2))
    return rho**2 * s2 + (1 - rho**2) / n_responses


def ensemble_gain(P: ArrayLike, q: float = 1.0) -> float:
    """Hill number of the pooled ensemble over the mean Hill number of its members.

    Sampling each of the ``N`` models equally often gives the mixture
    ``mean_i p_i``. The gain is ``D_q(mean_i p_i) / mean_i D_q(p_i)``: 1
    when all models are the same, up to ``N`` when they share no response
    and are equally diverse.

    Parameters
    ----------
    P : array_like, shape (N, K)
        Response distributions, one per row.
    q : float
        Order of the Hill number (:func:`monoculture.diversity.hill_number`).

    Returns
    -------
    float
    """
    P = check_distribution(P, "P", ndim=2)
    # [start-ensemble-gain]
    members = np.array([hill_number(row, q) for row in P])
    return hill_number(P.mean(axis=0), q) / float(members.mean())
    # [end-ensemble-gain]


# ---------------------------------------------------------------------------
# shared alignment
# ---------------------------------------------------------------------------

def align(P: ArrayLike, reward: ArrayLike, beta: float, temperature: float = 1.0) -> np.ndarray:
    """Tilt every model toward the same reward: ``p ∝ p^(1/T) exp(beta r)``.

    This is the optimum of KL-regularised reward maximisation with
    coefficient ``1 / beta``, followed by sampling at temperature ``T``.
    Responses a model gives probability 0 stay at 0.

    Parameters
    ----------
    P : array_like, shape (N, K) or (K,)
        Base distributions, rows summing to 1.
    reward : array_like, shape (K,)
        The shared reward of each response.
    beta : float
        Tilt strength, ``>= 0``.
    temperature : float
        Sampling temperature, ``> 0``.

    Returns
    -------
    numpy.ndarray
        The aligned distributions, same shape as ``P``.
    """
    arr = np.asarray(P, dtype=float)
    one_d = arr.ndim == 1
    P = check_distribution(arr[None, :] if one_d else arr, "P", ndim=2)
    r = check_array(reward, "reward", ndim=1)
    if r.size != P.shape[1]:
        raise ValueError(f"reward must have one entry per response ({P.shape[1]}), got {r.size}")
    beta = check_real(beta, "beta", minimum=0.0)
    temperature = check_real(temperature, "temperature", minimum=0.0, include_min=False)
    # [start-align]
    with np.errstate(divide="ignore"):
        logits = np.log(P) / temperature + beta * r
    logits -= logits.max(axis=1, keepdims=True)
    out = np.exp(logits)
    out /= out.sum(axis=1, keepdims=True)
    return out[0] if one_d else out
    # [end-align]


def hivemind_summary(n_models: int, n_responses: int, rho: float, beta: float = 0.0, *,
                     temperature: float = 1.0, exponent: float = 1.0,
                     reward: ArrayLike | None = None, rng: RngLike = None) -> dict[str, float]:
    """Build ``n_models`` models with shared data ``rho`` and shared tilt ``beta``; measure them.

    The reward, if not given, is a standard normal score per response drawn
    from ``rng``. Returns a dict with ``within`` and ``across`` agreement,
    the mean member Hill number of order 1 (``member_d1``), the pooled
    ensemble's (``ensemble_d1``) and the ensemble gains of orders 1 and 2
    (``gain_q1``, ``gain_q2``).
    """
    n_models = check_int(n_models, "n_models", minimum=2)
    gen = as_rng(rng)
    n_responses = check_int(n_responses, "n_responses", minimum=2)
    r = gen.standard_normal(n_responses) if reward is None else reward
    P = align(model_distributions(n_models, n_responses, rho, exponent=exponent, rng=gen),
              r, beta, temperature)
    members = np.array([hill_number(row, 1.0) for row in P])
    return {"within": within_agreement(P), "across": across_agreement(P),
            "member_d1": float(members.mean()), "ensemble_d1": hill_number(P.mean(axis=0), 1.0),
            "gain_q1": ensemble_gain(P, 1.0), "gain_q2": ensemble_gain(P, 2.0)}


# ---------------------------------------------------------------------------
# a text-level view
# ---------------------------------------------------------------------------

def toy_responses(n_models: int, n_per_model: int, rho: float, beta: float = 0.0, *,
                  n_prompts: int = 2, n_ideas: int = 60, ideas_per_response: int = 6,
                  n_fillers: int = 30, fillers_per_response: int = 6,
                  exponent: float = 1.0, rng: RngLike = None) -> LabelledTexts:
    """Short responses whose ideas come from partly shared, partly aligned models.

    For each prompt, each model's distribution over ``n_ideas`` idea words is
    :func:`model_distributions` with shared share ``rho``, tilted by
    :func:`align` toward a standard normal reward shared by all models (one
    per prompt). A response is ``ideas_per_response`` idea words drawn from
    that distribution plus ``fillers_per_response`` filler words drawn
    uniformly from a pool of ``n_fillers`` words common to every prompt
    (the connective tissue of text). Prompts have disjoint idea words.

    Parameters
    ----------
    n_models : int
        Number of models, at least 2.
    n_per_model : int
        Responses per model and prompt, at least 2.
    rho, beta : float
        Shared data share in [0, 1] and alignment strength ``>= 0``.
    n_prompts : int
        Number of prompts, 1 to 20.
    n_ideas, ideas_per_response, n_fillers, fillers_per_response : int
        Vocabulary sizes and response lengths; ``n_ideas >= 2``, the others ``>= 1``.
    exponent : float
        Zipf exponent of idea popularity.
    rng : numpy.random.Generator, int or None
        Random source or seed.

    Returns
    -------
    LabelledTexts
        The responses, labelled ``"model"`` (0 to N-1, who wrote each) and
        ``"prompt"`` (0 to n_prompts-1, what each answers).
    """
    n_models = check_int(n_models, "n_models", minimum=2)
    n_per_model = check_int(n_per_model, "n_per_model", minimum=2)
    n_prompts = check_int(n_prompts, "n_prompts", minimum=1, maximum=20)
    n_ideas = check_int(n_ideas, "n_ideas", minimum=2, maximum=500)
    ideas_per_response = check_int(ideas_per_response, "ideas_per_response", minimum=1)
    n_fillers = check_int(n_fillers, "n_fillers", minimum=1, maximum=500)
    fillers_per_response = check_int(fillers_per_response, "fillers_per_response", minimum=1)
    gen = as_rng(rng)

    P = np.stack([align(model_distributions(n_models, n_ideas, rho, exponent=exponent, rng=gen),
                        gen.standard_normal(n_ideas), beta) for _ in range(n_prompts)])
    cdf = np.cumsum(P, axis=2)                                    # (prompts, models, ideas)
    u = gen.random((n_prompts, n_models, n_per_model, ideas_per_response))
    ideas = (u[..., None] > cdf[:, :, None, None, :]).sum(axis=-1)
    ideas = np.minimum(ideas, n_ideas - 1)
    idea_index = ideas + (np.arange(n_prompts) * n_ideas)[:, None, None, None]
    fillers = n_prompts * n_ideas + gen.integers(
        n_fillers, size=(n_prompts, n_models, n_per_model, fillers_per_response))
    tokens = np.concatenate([idea_index, fillers], axis=-1)
    tokens = gen.permuted(tokens, axis=-1).reshape(-1, ideas_per_response + fillers_per_response)
    words = pseudo_words(n_prompts * n_ideas + n_fillers)
    texts = [" ".join(row) for row in words[tokens]]
    prompt, model, _ = np.meshgrid(np.arange(n_prompts), np.arange(n_models),
                                   np.arange(n_per_model), indexing="ij")
    return LabelledTexts(texts=texts, labels={"model": model.ravel(), "prompt": prompt.ravel()})


def similarity_by_pair_type(K: ArrayLike, model: ArrayLike,
                            prompt: ArrayLike) -> dict[str, np.ndarray]:
    """Split the pairwise similarities of responses by the kind of pair.

    Parameters
    ----------
    K : array_like, shape (n, n)
        Similarity matrix, for example from
        :func:`monoculture.diversity.similarity_matrix`.
    model, prompt : array_like of int, shape (n,)
        The model and prompt of each response.

    Returns
    -------
    dict of numpy.ndarray
        ``"same model"``: pairs answering the same prompt from one model;
        ``"different models"``: same prompt, different models;
        ``"different prompts"``: responses to different prompts (the
        random-pair baseline). Each pair appears once.
    """
    K = check_array(K, "K", ndim=2)
    n = K.shape[0]
    if K.shape != (n, n):
        raise ValueError(f"K must be square, got shape {K.shape}")
    model = check_array(model, "model", ndim=1)
    prompt = check_array(prompt, "prompt", ndim=1)
    if model.size != n or prompt.size != n:
        raise ValueError(f"model and prompt must have one entry per row of K ({n})")
    # [start-similarity-by-pair-type]
    i, j = np.triu_indices(n, k=1)
    same_prompt = prompt[i] == prompt[j]
    same_model = model[i] == model[j]
    values = K[i, j]
    return {"same model": values[same_prompt & same_model],
            "different models": values[same_prompt & ~same_model],
            "different prompts": values[~same_prompt]}
    # [end-similarity-by-pair-type]


# ---------------------------------------------------------------------------
# RL squeezes, SFT keeps
# ---------------------------------------------------------------------------

def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def policy_entropy(logits: ArrayLike) -> np.ndarray | float:
    """Shannon entropy (nats) of the softmax policy of ``logits`` (last axis)."""
    z = check_array(logits, "logits", ndim=(1, 2))
    z = z - z.max(axis=-1, keepdims=True)
    log_pi = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    h = -np.sum(np.exp(log_pi) * log_pi, axis=-1)
    return float(h) if h.ndim == 0 else h


def predicted_entropy_change(logits: ArrayLike, delta_z: ArrayLike) -> np.ndarray | float:
    """First-order entropy change of a softmax policy under a logit update.

    ``dH ≈ -Cov_{a~pi}(log pi(a), dz_a)``, the identity derived by
    ``cui2025entropy`` (re-derived in chapter 3). For natural policy gradient,
    ``dz = eta A`` with ``E_pi[A] = 0``, it reads ``-eta Cov(log pi, A)``;
    for vanilla softmax policy gradient, ``dz = eta pi A``, it reads
    ``-eta Cov(log pi, pi A)``. Raising the logits of actions that are
    already likely lowers the entropy.

    Parameters
    ----------
    logits : array_like, shape (K,) or (R, K)
        Current logits.
    delta_z : array_like, same shape
        The update.

    Returns
    -------
    float or numpy.ndarray, shape (R,)
    """
    z = check_array(logits, "logits", ndim=(1, 2))
    dz = check_array(delta_z, "delta_z", ndim=(1, 2))
    if dz.shape != z.shape:
        raise ValueError(f"delta_z must have the shape of logits {z.shape}, got {dz.shape}")
    # [start-predicted-entropy-change]
    pi = _softmax(z)
    log_pi = np.log(pi)
    cov = np.sum(pi * log_pi * dz, axis=-1) - np.sum(pi * log_pi, axis=-1) * np.sum(pi * dz, axis=-1)
    out = -cov
    return float(out) if out.ndim == 0 else out
    # [end-predicted-entropy-change]


Method = Literal["rl", "rl_kl", "rl_entropy", "sft"]


@dataclass(frozen=True)
class PolicyTrajectory:
    """The path of a softmax policy during training.

    Attributes
    ----------
    entropy : numpy.ndarray, shape (steps + 1,)
        Policy entropy (nats) before each step and after the last.
    reward : numpy.ndarray, shape (steps + 1,)
        Expected reward ``E_pi[r]`` at the same times.
    predicted_change : numpy.ndarray, shape (steps,)
        First-order prediction of each step's entropy change.
    probs : numpy.ndarray, shape (K,)
        The final policy.
    """

    entropy: np.ndarray
    reward: np.ndarray
    predicted_change: np.ndarray
    probs: np.ndarray


def train_policy(reward: ArrayLike, init_logits: ArrayLike, *, method: Method = "rl",
                 steps: int = 200, lr: float = 0.1, coef: float = 0.1,
                 demos: ArrayLike | None = None,
                 update: Literal["natural", "vanilla"] = "natural") -> PolicyTrajectory:
    """Train a softmax policy over ``K`` strategies with exact policy-gradient steps.

    Each step computes a per-action signal ``g``, its advantage
    ``A = g - E_pi[g]`` and the update ``dz = lr A`` (natural gradient) or
    ``dz = lr pi A`` (vanilla gradient, the exact gradient of the objective):

    - ``"rl"``: ``g = r``, maximise expected reward;
    - ``"rl_kl"``: ``g = r - coef (log pi - log pi_0)``, reward with a KL
      penalty to the initial policy ``pi_0``;
    - ``"rl_entropy"``: ``g = r - coef log pi``, reward with an entropy bonus;
    - ``"sft"``: ``g = h / pi``, supervised fine-tuning on demonstrations
      with distribution ``h`` (``demos``); its vanilla step is
      ``lr (h - pi)``, the cross-entropy gradient.

    The gradients are exact expectations (the limit of a large batch), so
    the trajectory is deterministic.

    Parameters
    ----------
    reward : array_like, shape (K,)
        Reward of each strategy.
    init_logits : array_like, shape (K,)
        Logits of the initial (reference) policy.
    method : {"rl", "rl_kl", "rl_entropy", "sft"}
        The training signal.
    steps : int
        Number of steps, at least 1.
    lr : float
        Step size, ``> 0``.
    coef : float
        KL or entropy coefficient, ``>= 0``.
    demos : array_like, shape (K,), optional
        Demonstration distribution, required for ``"sft"``.
    update : {"natural", "vanilla"}
        Natural or vanilla policy gradient.

    Returns
    -------
    PolicyTrajectory
    """
    r = check_array(reward, "reward", ndim=1, min_size=2)
    z = check_array(init_logits, "init_logits", ndim=1).copy()
    if z.shape != r.shape:
        raise ValueError(f"init_logits must have the shape of reward {r.shape}, got {z.shape}")
    if method not in ("rl", "rl_kl", "rl_entropy", "sft"):
        raise ValueError(f"method must be 'rl', 'rl_kl', 'rl_entropy' or 'sft', got {method!r}")
    if update not in ("natural", "vanilla"):
        raise ValueError(f"update must be 'natural' or 'vanilla', got {update!r}")
    steps = check_int(steps, "steps", minimum=1)
    lr = check_real(lr, "lr", minimum=0.0, include_min=False)
    coef = check_real(coef, "coef", minimum=0.0)
    h = None
    if method == "sft":
        if demos is None:
            raise ValueError("demos must be given for method='sft'")
        h = check_array(demos, "demos", ndim=1, nonnegative=True)
        if h.shape != r.shape or not h.sum() > 0:
            raise ValueError(f"demos must be a non-negative vector of shape {r.shape} with positive sum")
        h = h / h.sum()
    log_pi0 = np.log(_softmax(z))

    entropy = np.empty(steps + 1)
    exp_reward = np.empty(steps + 1)
    predicted = np.empty(steps)
    for t in range(steps + 1):
        pi = _softmax(z)
        log_pi = np.log(pi)
        entropy[t] = -np.sum(pi * log_pi)
        exp_reward[t] = np.sum(pi * r)
        if t == steps:
            break
        if method == "rl":
            g = r
        elif method == "rl_kl":
            g = r - coef * (log_pi - log_pi0)
        elif method == "rl_entropy":
            g = r - coef * log_pi
        else:
            g = h / pi
        advantage = g - np.sum(pi * g)
        dz = lr * advantage if update == "natural" else lr * pi * advantage
        predicted[t] = predicted_entropy_change(z, dz)
        z = z + dz
    return PolicyTrajectory(entropy=entropy, reward=exp_reward, predicted_change=predicted,
                            probs=_softmax(z))


def fit_entropy_reward(entropy: ArrayLike, reward: ArrayLike) -> dict[str, float]:
    """Least-squares fit of ``R = -a exp(H) + b`` (the empirical law of ``cui2025entropy``).

    The model is linear in ``exp(H)``, so the fit is an ordinary regression.

    Returns
    -------
    dict
        ``a``, ``b``, the predicted ceiling ``b - a`` (reward at ``H = 0``)
        and ``r2``, the share of the reward's variance the fit explains.
    """
    H = check_array(entropy, "entropy", ndim=1, min_size=3)
    R = check_array(reward, "reward", ndim=1, min_size=3)
    if H.shape != R.shape:
        raise ValueError(f"entropy and reward must have the same shape, got {H.shape} and {R.shape}")
    X = np.column_stack([-np.exp(H), np.ones_like(H)])
    (a, b), *_ = np.linalg.lstsq(X, R, rcond=None)
    resid = R - X @ np.array([a, b])
    total = np.sum((R - R.mean()) ** 2)
    r2 = 1.0 - np.sum(resid**2) / total if total > 0 else 1.0
    return {"a": float(a), "b": float(b), "ceiling": float(b - a), "r2": float(r2)}


# ---------------------------------------------------------------------------
# algorithmic monoculture
# ---------------------------------------------------------------------------

def failure_homogenization(correct: ArrayLike) -> dict[str, float]:
    """Share of individuals every model fails, against independence (``bommasani2022picking``).

    Parameters
    ----------
    correct : array_like of bool, shape (M, n)
        ``correct[m, i]`` says whether model ``m`` got individual ``i`` right.
        At least 2 models.

    Returns
    -------
    dict
        ``observed``: share failed by all models; ``expected``: the product
        of the models' failure rates, the share if failures were
        independent; ``ratio``: observed over expected (inf if expected is 0
        and observed is not, nan if both are 0); ``mean_failure``: the mean
        of the models' failure rates.
    """
    c = check_array(correct, "correct", ndim=2)
    if not np.isin(c, (0.0, 1.0)).all():
        raise ValueError("correct must contain only booleans (0 or 1)")
    if c.shape[0] < 2:
        raise ValueError(f"correct must have at least 2 rows (models), got {c.shape[0]}")
    # [start-failure-homogenization]
    fail = c == 0
    observed = float(fail.all(axis=0).mean())
    rates = fail.mean(axis=1)
    expected = float(np.prod(rates))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = float(np.divide(observed, expected))
    return {"observed": observed, "expected": expected, "ratio": ratio,
            "mean_failure": float(rates.mean())}
    # [end-failure-homogenization]


def _default_classifiers(seed: int) -> list:
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import GaussianNB
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier

    return [make_pipeline(StandardScaler(), LogisticRegression(max_iter=500)),
            DecisionTreeClassifier(max_depth=8, random_state=seed),
            KNeighborsClassifier(n_neighbors=5),
            GaussianNB()]


def classifier_outcomes(X: ArrayLike, y: ArrayLike, *, n_train: int,
                        data: Literal["shared", "disjoint", "bootstrap"] = "shared",
                        models: Sequence | None = None, test_size: int | None = None,
                        rng: RngLike = None) -> np.ndarray:
    """Train several classifiers and record which test individuals each gets right.

    The data are split at random into a test set and a training pool. With
    ``data="shared"`` every model trains on the same ``n_train`` examples
    from the pool; ``"disjoint"`` gives each model its own non-overlapping
    ``n_train`` examples; ``"bootstrap"`` gives each model a bootstrap
    resample of one shared set of ``n_train`` examples.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Features.
    y : array_like, shape (n,)
        Labels.
    n_train : int
        Training examples per model, at least 10.
    data : {"shared", "disjoint", "bootstrap"}
        How training data are shared.
    models : sequence of scikit-learn estimators, optional
        Defaults to a scaled logistic regression, a depth-8 decision tree,
        5-nearest neighbours and Gaussian naive Bayes (four families). They
        are cloned before fitting.
    test_size : int, optional
        Test set size; defaults to a third of the data.
    rng : numpy.random.Generator, int or None
        Random source or seed.

    Returns
    -------
    numpy.ndarray of bool, shape (M, n_test)
        Whether each model classifies each test individual correctly.
    """
    from sklearn.base import clone

    X = check_array(X, "X", ndim=2)
    y = np.asarray(y)
    if y.ndim != 1 or y.size != X.shape[0]:
        raise ValueError(f"y must be 1-D with one label per row of X ({X.shape[0]})")
    if data not in ("shared", "disjoint", "bootstrap"):
        raise ValueError(f"data must be 'shared', 'disjoint' or 'bootstrap', got {data!r}")
    n = X.shape[0]
    test_size = n // 3 if test_size is None else check_int(test_size, "test_size", minimum=1,
                                                           maximum=n - 10)
    gen = as_rng(rng)
    seed = int(gen.integers(2**31 - 1))
    models = _default_classifiers(seed) if models is None else [clone(m) for m in models]
    n_models = len(models)
    pool = n - test_size
    n_train = check_int(n_train, "n_train", minimum=10,
                        maximum=pool // n_models if data == "disjoint" else pool)
    perm = gen.permutation(n)
    test, rest = perm[:test_size], perm[test_size:]
    correct = np.empty((n_models, test_size), dtype=bool)
    for m, model in enumerate(models):
        if data == "shared":
            idx = rest[:n_train]
        elif data == "disjoint":
            idx = rest[m * n_train:(m + 1) * n_train]
        else:
            idx = rest[:n_train][gen.integers(n_train, size=n_train)]
        model.fit(X[idx], y[idx])
        correct[m] = model.predict(X[test]) == y[test]
    return correct


def hiring_simulation(n_candidates: int = 10, noise_sd: float = 1.0, *, shared: bool = True,
                      n_trials: int = 10_000, shared_noise_sd: float | None = None,
                      rng: RngLike = None) -> tuple[np.ndarray, np.ndarray]:
    """Two firms hire one candidate each, in turn (``kleinberg2021monoculture``).

    Candidates have values ``N(0, 1)``. Each firm ranks them by an estimate,
    value plus ``N(0, noise_sd^2)`` noise. Firm 1 hires its top-ranked
    candidate; firm 2 hires its top-ranked among the rest. With
    ``shared=True`` both firms use the same algorithm, hence the same
    estimates (noise SD ``shared_noise_sd``, default ``noise_sd``), so firm 2
    gets the shared ranking's second choice. Otherwise each firm has its own
    independent estimates.

    Parameters
    ----------
    n_candidates : int
        At least 2.
    noise_sd : float
        Estimate noise SD of independent algorithms, ``>= 0``.
    shared : bool
        Whether the firms share one algorithm.
    n_trials : int
        Number of hiring rounds simulated, at least 1.
    shared_noise_sd : float, optional
        Noise SD of the shared algorithm, ``>= 0``.
    rng : numpy.random.Generator, int or None
        Random source or seed.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The values hired by firm 1 and firm 2 in each trial.
    """
    n_candidates = check_int(n_candidates, "n_candidates", minimum=2)
    noise_sd = check_real(noise_sd, "noise_sd", minimum=0.0)
    n_trials = check_int(n_trials, "n_trials", minimum=1)
    if not isinstance(shared, bool):
        raise TypeError(f"shared must be a bool, got {type(shared).__name__}")
    sigma_shared = noise_sd if shared_noise_sd is None else check_real(
        shared_noise_sd, "shared_noise_sd", minimum=0.0)
    gen = as_rng(rng)
    values = gen.standard_normal((n_trials, n_candidates))
    rows = np.arange(n_trials)
    if shared:
        estimate = values + sigma_shared * gen.standard_normal((n_trials, n_candidates))
        order = np.argsort(-estimate, axis=1)
        return values[rows, order[:, 0]], values[rows, order[:, 1]]
    est1 = values + noise_sd * gen.standard_normal((n_trials, n_candidates))
    est2 = values + noise_sd * gen.standard_normal((n_trials, n_candidates))
    first = np.argmax(est1, axis=1)
    est2[rows, first] = -np.inf
    second = np.argmax(est2, axis=1)
    return values[rows, first], values[rows, second]


def expected_hire_shared(rank: int, n_candidates: int = 10, noise_sd: float = 1.0) -> float:
    """Expected value of the ``rank``-th choice under one shared noisy ranking (our derivation).

    With values ``V ~ N(0, 1)`` and estimates ``E = V + N(0, sigma^2)``,
    ``E[V | E] = E / (1 + sigma^2)`` and ``E`` has SD ``sqrt(1 + sigma^2)``, so
    the ``rank``-th ranked candidate's expected value is
    ``E[Z_(rank:n)] / sqrt(1 + sigma^2)``.
    """
    noise_sd = check_real(noise_sd, "noise_sd", minimum=0.0)
    return expected_normal_order_statistic(rank, n_candidates) / math.sqrt(1.0 + noise_sd**2)


# ---------------------------------------------------------------------------
# hiring: total welfare, random order and each firm's incentive
# ---------------------------------------------------------------------------

def expected_hire_independent(n_candidates: int = 10, noise_first: float = 1.0,
                              noise_second: float = 1.0) -> float:
    """Expected value hired by the firm that chooses second, with independent estimates.

    Candidates have values ``V ~ N(0, 1)``. The first firm ranks them by
    ``E1 = V + N(0, a^2)`` and hires its top candidate; the second ranks them
    by its own, independent ``E2 = V + N(0, b^2)`` and hires its top among the
    rest. Conditioning on the first firm's top estimate ``x`` and the second
    firm's hire's estimate ``y`` (our derivation; the set-up is that of
    ``kleinberg2021monoculture``),

    ``E[value] = n (n-1) ∫∫ f1(x) g(x, y) F(x, y)^(n-2) dx dy``

    where ``f1`` is the density of ``E1``, ``F(x, y) = P(E1 < x, E2 < y)``
    (a bivariate normal distribution function with correlation
    ``1 / sqrt((1 + a^2)(1 + b^2))``) and ``g(x, y) = f2(y) E[V 1{E1 < x} |
    E2 = y]``, a Gaussian integral in closed form. The double integral is
    computed by the trapezoid rule on a grid of +-8 standard deviations (a
    grid four times finer over +-10 changes it by less than 1e-10 for noise
    SDs from 0.05 to 3).

    Parameters
    ----------
    n_candidates : int
        At least 2.
    noise_first, noise_second : float
        Noise SDs ``a`` and ``b`` of the two firms' estimates, ``>= 0``.

    Returns
    -------
    float
    """
    from .gaussian import bivariate_normal_cdf

    n = check_int(n_candidates, "n_candidates", minimum=2, maximum=10_000)
    a = check_real(noise_first, "noise_first", minimum=0.0)
    b = check_real(noise_second, "noise_second", minimum=0.0)
    va, vb = 1.0 + a * a, 1.0 + b * b
    s2 = va - 1.0 / vb  # Var(E1 | E2)
    if s2 <= 1e-12:  # no noise at all: the second firm gets the second best
        return expected_normal_order_statistic(2, n)
    s = math.sqrt(s2)
    sa, sb = math.sqrt(va), math.sqrt(vb)
    m = int(min(3001, max(201, math.ceil(16.0 * sa / min(0.08 * sa, s / 3.0)))))
    x = np.linspace(-8.0, 8.0, m) * sa
    y = np.linspace(-8.0, 8.0, 201) * sb
    X, Y = np.meshgrid(x, y, indexing="ij")
    f1 = np.exp(-X**2 / (2 * va)) / math.sqrt(2 * math.pi * va)
    f2 = np.exp(-Y**2 / (2 * vb)) / math.sqrt(2 * math.pi * vb)
    # Given E2 = y: V and E1 both have mean y / vb; Cov(V, E1 | E2) = b^2 / vb.
    z = (X - Y / vb) / s
    from scipy.special import ndtr

    g = f2 * ((Y / vb) * ndtr(z) - (b * b / vb) / s * np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi))
    F = bivariate_normal_cdf(X / sa, Y / sb, 1.0 / (sa * sb))
    integrand = n * (n - 1) * f1 * g * F ** (n - 2)
    return float(np.trapezoid(np.trapezoid(integrand, y, axis=1), x))


def hiring_game(shared_noise_sd: float, n_candidates: int = 10,
                own_noise_sd: float = 1.0) -> dict[str, float]:
    """Payoffs of the two-firm hiring game with a random hiring order.

    As in ``kleinberg2021monoculture``, each firm either adopts a shared
    algorithm (noise SD ``shared_noise_sd``; adopters see the same estimates)
    or keeps its own independent one (noise SD ``own_noise_sd``), and which
    firm hires first is decided by a fair coin. A firm's payoff is the
    expected value of its hire. Computed from
    :func:`expected_hire_shared` and :func:`expected_hire_independent` (our
    derivation).

    Parameters
    ----------
    shared_noise_sd : float
        Noise SD of the shared algorithm, ``>= 0``.
    n_candidates : int
        At least 2.
    own_noise_sd : float
        Noise SD of each firm's own algorithm, ``>= 0``.

    Returns
    -------
    dict
        ``both_shared`` and ``both_own``: each firm's payoff when both adopt
        or neither does; ``adopter`` and ``holdout``: the payoffs when only
        one firm adopts; ``welfare_shared`` and ``welfare_own``: total
        welfare (sum over firms) when both adopt or neither does;
        ``gain_if_other_own`` and ``gain_if_other_adopts``: what a firm gains
        by adopting, given the other firm's choice.
    """
    sigma = check_real(shared_noise_sd, "shared_noise_sd", minimum=0.0)
    own = check_real(own_noise_sd, "own_noise_sd", minimum=0.0)
    n = check_int(n_candidates, "n_candidates", minimum=2, maximum=10_000)
    first_shared = expected_hire_shared(1, n, sigma)
    first_own = expected_hire_shared(1, n, own)
    both_shared = 0.5 * (first_shared + expected_hire_shared(2, n, sigma))
    both_own = 0.5 * (first_own + expected_hire_independent(n, own, own))
    adopter = 0.5 * (first_shared + expected_hire_independent(n, own, sigma))
    holdout = 0.5 * (first_own + expected_hire_independent(n, sigma, own))
    return {"both_shared": both_shared, "both_own": both_own,
            "adopter": adopter, "holdout": holdout,
            "welfare_shared": 2.0 * both_shared, "welfare_own": 2.0 * both_own,
            "gain_if_other_own": adopter - both_own,
            "gain_if_other_adopts": both_shared - holdout}


def hiring_game_simulation(shared_noise_sd: float, adopt: tuple[bool, bool] = (True, True), *,
                           n_candidates: int = 10, own_noise_sd: float = 1.0,
                           n_trials: int = 10_000,
                           rng: RngLike = None) -> tuple[np.ndarray, np.ndarray]:
    """Simulate the hiring game of :func:`hiring_game`, random order included.

    Parameters
    ----------
    shared_noise_sd : float
        Noise SD of the shared algorithm, ``>= 0``.
    adopt : (bool, bool)
        Whether firm A and firm B adopt the shared algorithm.
    n_candidates : int
        At least 2.
    own_noise_sd : float
        Noise SD of a firm's own algorithm, ``>= 0``.
    n_trials : int
        Number of hiring rounds, at least 1.
    rng : numpy.random.Generator, int or None
        Random source or seed.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The values hired by firm A and firm B in each round.
    """
    sigma = check_real(shared_noise_sd, "shared_noise_sd", minimum=0.0)
    own = check_real(own_noise_sd, "own_noise_sd", minimum=0.0)
    n = check_int(n_candidates, "n_candidates", minimum=2)
    n_trials = check_int(n_trials, "n_trials", minimum=1)
    if (not isinstance(adopt, tuple) or len(adopt) != 2
            or not all(isinstance(flag, bool) for flag in adopt)):
        raise TypeError(f"adopt must be a tuple of two bools, got {adopt!r}")
    gen = as_rng(rng)
    values = gen.standard_normal((n_trials, n))
    shared = values + sigma * gen.standard_normal((n_trials, n))
    est = [shared.copy() if flag else values + own * gen.standard_normal((n_trials, n))
           for flag in adopt]
    a_first = gen.random(n_trials) < 0.5
    rows = np.arange(n_trials)
    first_est = np.where(a_first[:, None], est[0], est[1])
    second_est = np.where(a_first[:, None], est[1], est[0])
    first = np.argmax(first_est, axis=1)
    second_est[rows, first] = -np.inf
    second = np.argmax(second_est, axis=1)
    v_first, v_second = values[rows, first], values[rows, second]
    return np.where(a_first, v_first, v_second), np.where(a_first, v_second, v_first)


def hiring_thresholds(n_candidates: int = 10, own_noise_sd: float = 1.0) -> dict[str, float]:
    """The noise levels at which the hiring game changes character.

    All are shared-algorithm noise SDs below ``own_noise_sd`` (a shared
    algorithm at least as accurate as each firm's own), found by root
    finding on the closed forms of :func:`hiring_game`:

    - ``second_firm_break_even``: with a fixed order, the firm hiring second
      does as well with the shared algorithm as with independent ones;
    - ``welfare_break_even``: total welfare is the same whether both firms
      adopt or neither does. Between it and ``own_noise_sd`` both adopting
      lowers total welfare although the shared algorithm is more accurate;
    - ``adoption_equilibrium``: below it a firm gains by adopting even when
      the other firm has adopted, so both adopting is an equilibrium (a firm
      gains by adopting when the other has not for any noise below
      ``own_noise_sd``).

    Parameters
    ----------
    n_candidates : int
        At least 2.
    own_noise_sd : float
        Noise SD of each firm's own algorithm, ``> 0``.

    Returns
    -------
    dict
        The three thresholds and ``own_noise_sd``.
    """
    from scipy.optimize import brentq

    n = check_int(n_candidates, "n_candidates", minimum=2, maximum=10_000)
    own = check_real(own_noise_sd, "own_noise_sd", minimum=0.0, include_min=False)
    second_own = expected_hire_independent(n, own, own)
    welfare_own = expected_hire_shared(1, n, own) + second_own

    def firm2(s: float) -> float:
        return expected_hire_shared(2, n, s) - second_own

    def welfare(s: float) -> float:
        return expected_hire_shared(1, n, s) + expected_hire_shared(2, n, s) - welfare_own

    def adopt(s: float) -> float:
        return hiring_game(s, n, own)["gain_if_other_adopts"]

    out = {}
    for name, fn in (("second_firm_break_even", firm2), ("welfare_break_even", welfare),
                     ("adoption_equilibrium", adopt)):
        lo, hi = 0.0, own
        if fn(lo) <= 0 or fn(hi) >= 0:
            out[name] = float("nan")  # no crossing below own_noise_sd
        else:
            out[name] = float(brentq(fn, lo, hi, xtol=1e-6))
    out["own_noise_sd"] = own
    return out


def ensemble_grid(n_responses: int, n_max: int = 8, *,
                  rng: RngLike = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A grid of toy ensembles over shared data and alignment (chapter 3's explorable).

    One shared reward and one set of private orderings are drawn from ``rng``,
    so only ``rho`` (0 to 1, step 0.1) and ``beta`` (0 to 6, step 0.5) change
    between grid points (models of :func:`model_distributions` tilted by
    :func:`align`; see :cite:`jiang2025hivemind` for the phenomenon).

    Parameters
    ----------
    n_responses : int
        Number of ideas K (>= 2).
    n_max : int
        Largest ensemble (>= 2).
    rng : numpy Generator, int or None
        Source of the reward and the orderings.

    Returns
    -------
    gain, effective, agreement : pandas.DataFrame
        ``gain``: rho, beta, models, gain (ensemble gain of order 1 of the first
        ``models`` models). ``effective``: rho, beta, who, effective (Hill number
        of order 1 of one model, averaged, and of the pool). ``agreement``: rho,
        beta, kind, agreement (within one model and across models).
    """
    import pandas as pd

    n_responses = check_int(n_responses, "n_responses", minimum=2)
    n_max = check_int(n_max, "n_max", minimum=2)
    gen = as_rng(rng)
    reward = gen.standard_normal(n_responses)
    seed = int(gen.integers(2**31))
    gain_rows, eff_rows, agree_rows = [], [], []
    for rho in np.round(np.linspace(0, 1, 11), 1):
        base = model_distributions(n_max, n_responses, float(rho), rng=seed)  # same orderings
        for beta in np.round(np.arange(0, 6.01, 0.5), 1):
            P = align(base, reward, float(beta))
            gain_rows += [{"rho": rho, "beta": beta, "models": n,
                           "gain": round(ensemble_gain(P[:n], 1.0), 4)}
                          for n in range(1, n_max + 1)]
            eff_rows += [{"rho": rho, "beta": beta, "who": "one model (mean)",
                          "effective": round(float(np.mean([hill_number(r, 1) for r in P])), 2)},
                         {"rho": rho, "beta": beta, "who": f"pool of {n_max}",
                          "effective": round(hill_number(P.mean(axis=0), 1), 2)}]
            agree_rows += [{"rho": rho, "beta": beta, "kind": "within one model",
                            "agreement": round(within_agreement(P), 4)},
                           {"rho": rho, "beta": beta, "kind": "across models",
                            "agreement": round(across_agreement(P), 4)}]
    return pd.DataFrame(gain_rows), pd.DataFrame(eff_rows), pd.DataFrame(agree_rows)
