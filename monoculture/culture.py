"""Chapter 4's toys: the culture industry, automated.

Four small models support the chapter "The culture industry, automated".
Horkheimer and Adorno (``horkheimer2002dialectic``) described a culture
industry whose products were interchangeable. The toys ask what changes when
the products are generated one by one for each reader.

*Personalised packaging.* An item has a deep *content* (what it says) and a
*surface* (how it is dressed). Both are category labels, so that two items
either share a content (similarity 1) or not (0), and likewise for the
surface. A reader who weighs content by ``w`` and surface by ``1 - w`` sees
the similarity ``K_ij = w [c_i = c_j] + (1 - w) [s_i = s_j]``, a positive
semi-definite matrix with unit diagonal. The *perceived diversity* of a
reader's stream is the Vendi score (``friedman2023vendi``) of that matrix;
the *population content diversity* is the Vendi score of the content labels
of all streams pooled, which for labels equals the Hill number of the
content counts. A market of human creators draws content from many modes; an
AI market draws it from few modes and gives a share ``personalisation`` of
its items a bespoke surface made for one reader. Our derivation gives the
expected inverse order-2 perceived diversity in closed form
(:func:`expected_inverse_perceived`) and the personalisation that keeps it
equal to the human market's while the number of content modes falls
(:func:`matching_personalisation`).

*Individual gains, collective loss* (after ``doshi2024genai``). Writer ``i``
has an idea taste ``mu_i ~ N(0, tau^2 I)`` and drafts ideas
``N(mu_i, sigma^2 I)``; one shared model suggests ideas
``N(h u, sigma_ai^2 I)`` near the direction ``u`` a fixed linear scorer
rewards. With reliance ``alpha`` the idea is the blend
``(1 - alpha) own + alpha suggestion``. A writer's expected score rises with
``alpha`` whenever the model's mean score ``h`` beats the writer's own, while
the pooled ideas have per-coordinate variance
``(1 - alpha)^2 (tau^2 + sigma^2) + alpha^2 sigma_ai^2``, smallest at
``alpha* = (tau^2 + sigma^2) / (tau^2 + sigma^2 + sigma_ai^2)`` (our
derivation, :func:`worst_reliance`).

*Recommender feedback loop* (after ``chaney2018algorithmic``). Users and
items have latent preferences; a recommender retrained each round on the
interactions it caused shows each user a slate, the user consumes the slate
item they like best, and we track the mean Jaccard similarity of the users'
consumed sets and the utility they obtain (:func:`feedback_loop`).

*Volume against perspectives.* Human documents written from many stances are
pooled with AI documents written from few (:func:`pooled_corpus`), reusing
chapter 1's :func:`monoculture.voices.stance_corpus`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy.stats import hypergeom
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.exceptions import ConvergenceWarning

from ._validate import RngLike, as_rng, check_array, check_int, check_probability, check_real
from .diversity import hill_number, mean_pairwise_similarity, similarity_matrix, vendi_score
from .toydata import LabelledTexts, stance_corpus

__all__ = [
    "Market",
    "market_streams",
    "stream_similarity",
    "perceived_diversity",
    "population_content_diversity",
    "expected_collision",
    "expected_inverse_perceived",
    "matching_personalisation",
    "writers_ideas",
    "idea_quality",
    "pool_variance",
    "worst_reliance",
    "expected_pool_similarity",
    "expected_inverse_pool_vendi",
    "pool_diversity",
    "latent_utilities",
    "FeedbackRun",
    "feedback_loop",
    "mean_jaccard",
    "expected_random_jaccard",
    "pooled_corpus",
    "pooled_stance_hill",
]

RECOMMENDERS = ("random", "ideal", "popularity", "svd", "nmf")


# ---------------------------------------------------------------------------
# 1. Personalised packaging
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Market:
    """The streams a market delivers to its readers.

    Attributes
    ----------
    content : numpy.ndarray of int, shape (n_users, stream_len)
        Content mode of each item in each reader's stream.
    surface : numpy.ndarray of int, shape (n_users, stream_len)
        Surface label of each item. Labels below ``n_styles`` are stock
        styles shared by the market; bespoke surfaces have unique labels.
    """

    content: np.ndarray
    surface: np.ndarray


def market_streams(n_users: int, stream_len: int, n_modes: int, n_styles: int,
                   personalisation: float = 0.0, rng: RngLike = None) -> Market:
    """Simulate the stream each reader receives from a market.

    Every item draws its content uniformly from ``n_modes`` modes and its
    surface uniformly from ``n_styles`` stock styles. With probability
    ``personalisation`` the stock surface is replaced by a bespoke one,
    made for this reader and this item, that no other item shares. A human
    market has many modes and no personalisation; an AI market has few modes
    and personalises its packaging.

    Parameters
    ----------
    n_users : int
        Number of readers, at least 1.
    stream_len : int
        Items in each reader's stream, at least 2.
    n_modes : int
        Content modes of the market, at least 1.
    n_styles : int
        Stock surface styles, at least 1.
    personalisation : float
        Probability in [0, 1] that an item gets a bespoke surface.
    rng : numpy.random.Generator, int or None
        Random source or seed.

    Returns
    -------
    Market
        Content and surface labels, shape ``(n_users, stream_len)`` each.
    """
    n_users = check_int(n_users, "n_users", minimum=1)
    stream_len = check_int(stream_len, "stream_len", minimum=2)
    n_modes = check_int(n_modes, "n_modes", minimum=1)
    n_styles = check_int(n_styles, "n_styles", minimum=1)
    personalisation = check_probability(personalisation, "personalisation")
    gen = as_rng(rng)
    # [start-market-streams]
    shape = (n_users, stream_len)
    content = gen.integers(n_modes, size=shape)
    stock = gen.integers(n_styles, size=shape)
    bespoke = n_styles + np.arange(n_users * stream_len).reshape(shape)
    surface = np.where(gen.random(shape) < personalisation, bespoke, stock)
    return Market(content=content, surface=surface)
    # [end-market-streams]


def _check_market(market: Market) -> Market:
    if not isinstance(market, Market):
        raise TypeError(f"market must be a Market, got {type(market).__name__}")
    return market


def stream_similarity(market: Market, content_weight: float = 0.2) -> np.ndarray:
    """The similarity each reader perceives between the items of their stream.

    ``K_ij = w [c_i = c_j] + (1 - w) [s_i = s_j]`` with ``w =
    content_weight``: a convex combination of two Gram matrices of one-hot
    vectors, hence positive semi-definite with unit diagonal.

    Parameters
    ----------
    market : Market
        From :func:`market_streams`.
    content_weight : float
        Weight ``w`` in [0, 1] the reader gives to content; the surface gets
        ``1 - w``.

    Returns
    -------
    numpy.ndarray, shape (n_users, stream_len, stream_len)
    """
    market = _check_market(market)
    w = check_probability(content_weight, "content_weight")
    c, s = market.content, market.surface
    same_c = c[:, :, None] == c[:, None, :]
    same_s = s[:, :, None] == s[:, None, :]
    return w * same_c + (1.0 - w) * same_s


def perceived_diversity(market: Market, content_weight: float = 0.2,
                        q: float = 2.0) -> np.ndarray:
    """Vendi score of each reader's own stream, surface included.

    Parameters
    ----------
    market : Market
        From :func:`market_streams`.
    content_weight : float
        Weight in [0, 1] the reader gives to content (see
        :func:`stream_similarity`).
    q : float
        Order of the Vendi score (``pasarkar2024cousins``), ``q >= 0``.

    Returns
    -------
    numpy.ndarray, shape (n_users,)
        One effective number of distinct items per reader, between 1 and
        ``stream_len``.
    """
    K = stream_similarity(market, content_weight)
    q = check_real(q, "q", minimum=0.0, allow_inf=True)
    return np.array([vendi_score(k, q=q) for k in K])


def population_content_diversity(market: Market, q: float = 2.0) -> float:
    """Vendi score of the content of all streams pooled.

    The content similarity of two items is ``[c_i = c_j]``: the Gram matrix
    of one-hot vectors. Its normalised eigenvalues are the shares of the
    content modes in the pool, so its Vendi score equals the Hill number
    (``hill1973diversity``) of the mode counts, which is what is computed.

    Parameters
    ----------
    market : Market
        From :func:`market_streams`.
    q : float
        Order, ``q >= 0``.

    Returns
    -------
    float
        Effective number of content modes in the population.
    """
    market = _check_market(market)
    q = check_real(q, "q", minimum=0.0, allow_inf=True)
    counts = np.bincount(market.content.ravel())
    return hill_number(counts, q)


def expected_collision(n_modes: int, n_styles: int, personalisation: float = 0.0,
                       content_weight: float = 0.2) -> float:
    """``E[K_ij^2]`` for two distinct items of one stream (our derivation).

    Contents coincide with probability ``a = 1 / n_modes``. Surfaces
    coincide only when both are stock and equal: ``b = (1 - pi)^2 /
    n_styles``. The two events are independent and
    ``K^2 = w^2 A + (1 - w)^2 B + 2 w (1 - w) A B`` for indicators ``A, B``,
    so ``E[K^2] = w^2 a + (1 - w)^2 b + 2 w (1 - w) a b``.

    Parameters
    ----------
    n_modes, n_styles : int
        Content modes and stock styles, at least 1.
    personalisation : float
        Share of bespoke surfaces, in [0, 1].
    content_weight : float
        Reader's weight on content, in [0, 1].

    Returns
    -------
    float
    """
    n_modes = check_int(n_modes, "n_modes", minimum=1)
    n_styles = check_int(n_styles, "n_styles", minimum=1)
    pi = check_probability(personalisation, "personalisation")
    w = check_probability(content_weight, "content_weight")
    a = 1.0 / n_modes
    b = (1.0 - pi) ** 2 / n_styles
    return w**2 * a + (1 - w) ** 2 * b + 2 * w * (1 - w) * a * b


def expected_inverse_perceived(stream_len: int, n_modes: int, n_styles: int,
                               personalisation: float = 0.0,
                               content_weight: float = 0.2) -> float:
    """Expected inverse of the order-2 perceived diversity (our derivation).

    ``1 / VS_2 = sum_ij K_ij^2 / n^2`` for a stream of ``n`` items, so
    ``E[1 / VS_2] = (1 + (n - 1) E[K^2]) / n`` with ``E[K^2]`` from
    :func:`expected_collision`. The result is exact for every ``n``; its
    inverse is the harmonic mean of the perceived diversity over readers.

    Parameters
    ----------
    stream_len : int
        Items per stream ``n``, at least 2.
    n_modes, n_styles, personalisation, content_weight
        As in :func:`expected_collision`.

    Returns
    -------
    float
    """
    n = check_int(stream_len, "stream_len", minimum=2)
    collision = expected_collision(n_modes, n_styles, personalisation, content_weight)
    return (1.0 + (n - 1) * collision) / n


def matching_personalisation(n_modes: int, human_modes: int, n_styles: int,
                             content_weight: float = 0.2) -> float:
    """Personalisation that hides a loss of content modes (our derivation).

    A human market with ``human_modes`` modes and no personalisation has
    collision ``E_H`` (:func:`expected_collision`). An AI market with
    ``n_modes`` modes and personalisation ``pi`` has the same collision, and
    so the same expected inverse perceived diversity, when

    ``(1 - pi)^2 / n_styles = (E_H - w^2 / k) / ((1 - w)^2 + 2 w (1 - w) / k)``

    with ``k = n_modes``. A solution with ``pi`` in [0, 1] exists exactly
    when ``k >= w^2 / E_H`` and ``k`` is at most ``human_modes``.

    Parameters
    ----------
    n_modes : int
        Content modes of the AI market, between 1 and ``human_modes``.
    human_modes : int
        Content modes of the human market, at least 1.
    n_styles : int
        Stock styles of both markets, at least 1.
    content_weight : float
        Reader's weight on content, in [0, 1).

    Returns
    -------
    float
        The personalisation ``pi`` in [0, 1].

    Raises
    ------
    ValueError
        If no ``pi`` in [0, 1] matches, naming the smallest feasible
        ``n_modes``.
    """
    human_modes = check_int(human_modes, "human_modes", minimum=1)
    n_modes = check_int(n_modes, "n_modes", minimum=1, maximum=human_modes)
    n_styles = check_int(n_styles, "n_styles", minimum=1)
    w = check_real(content_weight, "content_weight", minimum=0.0, maximum=1.0,
                   include_max=False)
    # [start-matching-personalisation]
    target = expected_collision(human_modes, n_styles, 0.0, w)
    a = 1.0 / n_modes
    b = (target - w**2 * a) / ((1 - w) ** 2 + 2 * w * (1 - w) * a)
    if b < 0:
        k_min = int(np.ceil(w**2 / target - 1e-12))
        raise ValueError(f"n_modes must be at least {k_min} for the loss to be hidden "
                         f"with content_weight={w}, got {n_modes}")
    one_minus = np.sqrt(min(b * n_styles, 1.0))
    return float(1.0 - one_minus)
    # [end-matching-personalisation]


# ---------------------------------------------------------------------------
# 2. Individual gains, collective loss
# ---------------------------------------------------------------------------

def writers_ideas(n_writers: int, alpha: float, *, dim: int = 2, taste_sd: float = 1.0,
                  draft_sd: float = 0.5, ai_sd: float = 0.5, ai_score: float = 2.0,
                  rng: RngLike = None) -> tuple[np.ndarray, np.ndarray]:
    """One idea per writer, blended with a shared model's suggestion.

    Writer ``i`` has taste ``mu_i ~ N(0, taste_sd^2 I_dim)`` and drafts an
    idea ``mu_i + draft_sd * eps``. The shared model suggests
    ``ai_score * u + ai_sd * eta`` where ``u = (1, 0, ..., 0)`` is the
    direction the scorer rewards (:func:`idea_quality`). With reliance
    ``alpha`` the writer submits ``(1 - alpha) draft + alpha suggestion``
    (after the setting of ``doshi2024genai``; the numbers are ours).

    Parameters
    ----------
    n_writers : int
        Number of writers, at least 1.
    alpha : float
        Reliance on the model, in [0, 1].
    dim : int
        Dimension of the idea space, at least 1.
    taste_sd, draft_sd, ai_sd : float
        Standard deviations, each ``>= 0``.
    ai_score : float
        Mean score ``h`` of the model's suggestions (any real number).
    rng : numpy.random.Generator, int or None
        Random source or seed.

    Returns
    -------
    ideas : numpy.ndarray, shape (n_writers, dim)
    tastes : numpy.ndarray, shape (n_writers, dim)
        The writers' ``mu_i``.
    """
    n_writers = check_int(n_writers, "n_writers", minimum=1)
    alpha = check_probability(alpha, "alpha")
    dim = check_int(dim, "dim", minimum=1)
    taste_sd = check_real(taste_sd, "taste_sd", minimum=0.0)
    draft_sd = check_real(draft_sd, "draft_sd", minimum=0.0)
    ai_sd = check_real(ai_sd, "ai_sd", minimum=0.0)
    ai_score = check_real(ai_score, "ai_score")
    gen = as_rng(rng)
    tastes = taste_sd * gen.standard_normal((n_writers, dim))
    drafts = tastes + draft_sd * gen.standard_normal((n_writers, dim))
    target = np.zeros(dim)
    target[0] = ai_score
    suggestions = target + ai_sd * gen.standard_normal((n_writers, dim))
    return (1.0 - alpha) * drafts + alpha * suggestions, tastes


def idea_quality(ideas: np.ndarray) -> np.ndarray:
    """Score of each idea by a fixed linear scorer: its first coordinate.

    Parameters
    ----------
    ideas : array_like, shape (n, dim)

    Returns
    -------
    numpy.ndarray, shape (n,)
    """
    ideas = check_array(ideas, "ideas", ndim=2)
    return ideas[:, 0].copy()


def pool_variance(alpha: float | np.ndarray, taste_sd: float = 1.0, draft_sd: float = 0.5,
                  ai_sd: float = 0.5) -> np.ndarray | float:
    """Per-coordinate variance of the pooled ideas (our derivation).

    The pooled idea is ``(1 - alpha)(mu + draft_sd eps) + alpha (h u + ai_sd
    eta)`` with independent standard normal parts, so its variance in each
    coordinate is ``(1 - alpha)^2 (taste_sd^2 + draft_sd^2) + alpha^2
    ai_sd^2``.
    """
    a = check_array(alpha, "alpha")
    if (a < 0).any() or (a > 1).any():
        raise ValueError("alpha must be in [0, 1]")
    taste_sd = check_real(taste_sd, "taste_sd", minimum=0.0)
    draft_sd = check_real(draft_sd, "draft_sd", minimum=0.0)
    ai_sd = check_real(ai_sd, "ai_sd", minimum=0.0)
    out = (1 - a) ** 2 * (taste_sd**2 + draft_sd**2) + a**2 * ai_sd**2
    return float(out) if np.ndim(alpha) == 0 else out


def worst_reliance(taste_sd: float = 1.0, draft_sd: float = 0.5, ai_sd: float = 0.5) -> float:
    """The reliance that minimises the diversity of the pool (our derivation).

    :func:`pool_variance` is a convex quadratic in ``alpha`` with minimum at
    ``alpha* = (taste_sd^2 + draft_sd^2) / (taste_sd^2 + draft_sd^2 +
    ai_sd^2)``. Every similarity-based diversity of the pool that decreases
    in the variance (mean pairwise RBF similarity, the expected inverse
    Vendi score) is worst there.
    """
    taste_sd = check_real(taste_sd, "taste_sd", minimum=0.0)
    draft_sd = check_real(draft_sd, "draft_sd", minimum=0.0)
    ai_sd = check_real(ai_sd, "ai_sd", minimum=0.0)
    if taste_sd**2 + draft_sd**2 + ai_sd**2 == 0:
        raise ValueError("taste_sd, draft_sd and ai_sd must not all be 0")
    # [start-worst-reliance]
    human = taste_sd**2 + draft_sd**2
    return human / (human + ai_sd**2)
    # [end-worst-reliance]


def expected_pool_similarity(alpha: float | np.ndarray, *, dim: int = 2, gamma: float = 0.5,
                             taste_sd: float = 1.0, draft_sd: float = 0.5,
                             ai_sd: float = 0.5) -> np.ndarray | float:
    """Expected RBF similarity of two writers' ideas (our derivation).

    Two pooled ideas differ by ``N(0, 2 v I_dim)`` with ``v`` from
    :func:`pool_variance`, and ``E exp(-gamma |Z|^2) = (1 + 4 gamma v)^(-dim/2)``.
    """
    dim = check_int(dim, "dim", minimum=1)
    gamma = check_real(gamma, "gamma", minimum=0.0, include_min=False)
    v = pool_variance(alpha, taste_sd, draft_sd, ai_sd)
    return (1 + 4 * gamma * np.asarray(v)) ** (-dim / 2) if np.ndim(v) else \
        float((1 + 4 * gamma * v) ** (-dim / 2))


def expected_inverse_pool_vendi(alpha: float | np.ndarray, n_writers: int, *, dim: int = 2,
                                gamma: float = 0.5, taste_sd: float = 1.0,
                                draft_sd: float = 0.5, ai_sd: float = 0.5) -> np.ndarray | float:
    """``E[1 / VS_2]`` of the pool of ``n_writers`` ideas (our derivation).

    ``1 / VS_2 = sum_ij K_ij^2 / n^2`` and ``K_ij^2`` is the RBF similarity
    with bandwidth ``2 gamma``, so ``E[1 / VS_2] = (1 + (n - 1)(1 + 8 gamma
    v)^(-dim/2)) / n``.
    """
    n = check_int(n_writers, "n_writers", minimum=2)
    s2 = expected_pool_similarity(alpha, dim=dim, gamma=2 * check_real(
        gamma, "gamma", minimum=0.0, include_min=False), taste_sd=taste_sd,
        draft_sd=draft_sd, ai_sd=ai_sd)
    return (1 + (n - 1) * s2) / n


def pool_diversity(ideas: np.ndarray, gamma: float = 0.5, q: float = 2.0) -> dict[str, float]:
    """Diversity of a pool of ideas under the RBF similarity.

    Parameters
    ----------
    ideas : array_like, shape (n, dim)
        At least 2 ideas.
    gamma : float
        RBF bandwidth, ``> 0``.
    q : float
        Order of the Vendi score.

    Returns
    -------
    dict
        ``vendi`` (Vendi score of order ``q``) and ``similarity`` (mean
        pairwise similarity), both from :mod:`monoculture.diversity`.
    """
    ideas = check_array(ideas, "ideas", ndim=2)
    if ideas.shape[0] < 2:
        raise ValueError(f"ideas must have at least 2 rows, got {ideas.shape[0]}")
    gamma = check_real(gamma, "gamma", minimum=0.0, include_min=False)
    K = similarity_matrix(ideas, metric="rbf", gamma=gamma)
    return {"vendi": vendi_score(K, q=q),
            "similarity": mean_pairwise_similarity(ideas, metric="rbf", gamma=gamma)}


# ---------------------------------------------------------------------------
# 3. Recommender feedback loop
# ---------------------------------------------------------------------------

def latent_utilities(n_users: int, n_items: int, n_factors: int = 5, *,
                     user_concentration: float = 0.5, item_concentration: float = 0.5,
                     rng: RngLike = None) -> np.ndarray:
    """True utilities ``V = theta beta^T`` of users for items.

    After the simulation of ``chaney2018algorithmic``: user preferences
    ``theta_u ~ Dirichlet(user_concentration)`` and item attributes
    ``beta_i ~ Dirichlet(item_concentration)`` over ``n_factors`` latent
    factors, so every utility lies in [0, 1].

    Parameters
    ----------
    n_users, n_items : int
        At least 2 each.
    n_factors : int
        Latent factors, at least 1.
    user_concentration, item_concentration : float
        Dirichlet concentrations, ``> 0``; small values give users and items
        that load on few factors.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    numpy.ndarray, shape (n_users, n_items)
    """
    n_users = check_int(n_users, "n_users", minimum=2)
    n_items = check_int(n_items, "n_items", minimum=2)
    n_factors = check_int(n_factors, "n_factors", minimum=1)
    a = check_real(user_concentration, "user_concentration", minimum=0.0, include_min=False)
    b = check_real(item_concentration, "item_concentration", minimum=0.0, include_min=False)
    gen = as_rng(rng)
    theta = gen.dirichlet(np.full(n_factors, a), size=n_users)
    beta = gen.dirichlet(np.full(n_factors, b), size=n_items)
    return theta @ beta.T


def mean_jaccard(consumed: np.ndarray) -> float:
    """Mean Jaccard similarity of the consumed sets over all pairs of users.

    ``J(a, b) = |a ∩ b| / |a ∪ b|``; pairs whose union is empty count as 0.

    Parameters
    ----------
    consumed : array_like of bool, shape (n_users, n_items)
        ``True`` where a user consumed an item; at least 2 users.
    """
    C = check_array(consumed, "consumed", ndim=2)
    if C.shape[0] < 2:
        raise ValueError(f"consumed must have at least 2 users (rows), got {C.shape[0]}")
    C = (C != 0).astype(float)
    inter = C @ C.T
    size = C.sum(axis=1)
    union = size[:, None] + size[None, :] - inter
    J = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    n = C.shape[0]
    return float((J.sum() - np.trace(J)) / (n * (n - 1)))


def expected_random_jaccard(n_items: int, n_consumed: int) -> float:
    """Expected Jaccard similarity of two independent uniform random sets.

    Two users who each consumed ``t`` items chosen uniformly at random from
    ``n_items`` share ``X ~ Hypergeometric(n_items, t, t)`` items and
    ``J = X / (2 t - X)``, so ``E[J] = sum_x P(X = x) x / (2 t - x)``.
    This is the exact baseline for the ``"random"`` recommender with a
    slate of one item.
    """
    n_items = check_int(n_items, "n_items", minimum=1)
    t = check_int(n_consumed, "n_consumed", minimum=1, maximum=n_items)
    x = np.arange(0, t + 1)
    return float(np.sum(hypergeom.pmf(x, n_items, t, t) * x / (2 * t - x)))


@dataclass(frozen=True)
class FeedbackRun:
    """What a feedback loop produced, round by round.

    Attributes
    ----------
    jaccard : numpy.ndarray, shape (n_rounds,)
        Mean pairwise Jaccard similarity of consumed sets after each round.
    utility : numpy.ndarray, shape (n_rounds,)
        Mean true utility of the items consumed in each round.
    consumed : numpy.ndarray of bool, shape (n_users, n_items)
        Who consumed what, after the last round.
    """

    jaccard: np.ndarray
    utility: np.ndarray
    consumed: np.ndarray


def _scores(recommender: str, utility: np.ndarray, consumed: np.ndarray, rank: int,
            gen: np.random.Generator) -> np.ndarray:
    """Scores a recommender gives every (user, item) pair this round."""
    n_users, n_items = utility.shape
    jitter = gen.random((n_users, n_items))
    if recommender == "random":
        return jitter
    if recommender == "ideal":
        return utility + 1e-9 * jitter
    X = consumed.astype(float)
    if not X.any():  # nothing to learn from yet
        return jitter
    if recommender == "popularity":
        return np.broadcast_to(X.sum(axis=0), X.shape) + 1e-6 * jitter
    seed = int(gen.integers(2**31 - 1))
    if recommender == "svd":
        model = TruncatedSVD(n_components=rank, algorithm="arpack", random_state=seed)
        return model.fit_transform(X) @ model.components_ + 1e-9 * jitter
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = NMF(n_components=rank, init="nndsvda", max_iter=200, random_state=seed)
        W = model.fit_transform(X)
    return W @ model.components_ + 1e-9 * jitter


def feedback_loop(utility: np.ndarray, recommender: str = "svd", *, n_rounds: int = 40,
                  n_warmup: int = 5, slate_size: int = 5, rank: int = 5,
                  rng: RngLike = None) -> FeedbackRun:
    """Run a recommender that is retrained on the interactions it caused.

    Each round, the recommender scores every item for every user; each user
    is shown the ``slate_size`` unconsumed items with the highest scores and
    consumes the one with the highest true utility. The recommender is then
    retrained on the full consumption matrix. The first ``n_warmup`` rounds
    show random slates, as in ``chaney2018algorithmic``, so that a learning
    recommender has data to start from; the ideal recommender needs no data
    and skips them.

    Recommenders: ``"random"`` (random slates), ``"ideal"`` (ranks by the
    true utility), ``"popularity"`` (ranks by how many users consumed an
    item), ``"svd"`` (truncated SVD of the consumption matrix, scikit-learn
    ``TruncatedSVD``) and ``"nmf"`` (non-negative matrix factorisation,
    scikit-learn ``NMF``), the last two of rank ``rank``.

    Parameters
    ----------
    utility : array_like, shape (n_users, n_items)
        True utilities, for example from :func:`latent_utilities`; at least
        2 users.
    recommender : str
        One of ``"random"``, ``"ideal"``, ``"popularity"``, ``"svd"``,
        ``"nmf"``.
    n_rounds : int
        Rounds, between 1 and ``n_items // slate_size`` (so that every slate
        can be filled with unconsumed items).
    n_warmup : int
        Rounds of random slates before a learning recommender takes over,
        ``>= 0`` (ignored by ``"ideal"``).
    slate_size : int
        Items shown per round, between 1 and ``n_items``.
    rank : int
        Rank of the factorisation, between 1 and ``min(n_users, n_items) - 1``.
    rng : numpy.random.Generator, int or None

    Returns
    -------
    FeedbackRun
    """
    V = check_array(utility, "utility", ndim=2)
    n_users, n_items = V.shape
    if n_users < 2:
        raise ValueError(f"utility must have at least 2 users (rows), got {n_users}")
    if not isinstance(recommender, str) or recommender not in RECOMMENDERS:
        raise ValueError(f"recommender must be one of {', '.join(RECOMMENDERS)}; "
                         f"got {recommender!r}")
    slate_size = check_int(slate_size, "slate_size", minimum=1, maximum=n_items)
    n_rounds = check_int(n_rounds, "n_rounds", minimum=1, maximum=n_items // slate_size)
    n_warmup = check_int(n_warmup, "n_warmup", minimum=0)
    rank = check_int(rank, "rank", minimum=1, maximum=min(n_users, n_items) - 1)
    gen = as_rng(rng)

    # [start-feedback-loop]
    consumed = np.zeros((n_users, n_items), dtype=bool)
    rows = np.arange(n_users)[:, None]
    jaccard = np.empty(n_rounds)
    gained = np.empty(n_rounds)
    for t in range(n_rounds):
        name = "random" if t < n_warmup and recommender != "ideal" else recommender
        scores = np.array(_scores(name, V, consumed, rank, gen), dtype=float)
        scores[consumed] = -np.inf
        slate = np.argpartition(-scores, slate_size - 1, axis=1)[:, :slate_size]
        pick = slate[np.arange(n_users), np.argmax(V[rows, slate], axis=1)]
        consumed[np.arange(n_users), pick] = True
        gained[t] = V[np.arange(n_users), pick].mean()
        jaccard[t] = mean_jaccard(consumed)
    return FeedbackRun(jaccard=jaccard, utility=gained, consumed=consumed)
    # [end-feedback-loop]


# ---------------------------------------------------------------------------
# 4. Volume against perspectives, revisited
# ---------------------------------------------------------------------------

def pooled_corpus(n_human: int, n_ai: int, *, human_stances: int = 20, ai_stances: int = 2,
                  human_noise: float = 0.1, ai_noise: float = 0.3,
                  rng: RngLike = None) -> LabelledTexts:
    """Pool human documents from many stances with AI documents from few.

    Both parts come from :func:`monoculture.toydata.stance_corpus`, so stance
    ``j`` uses the same vocabulary in both: the AI's ``ai_stances`` stances
    are the first of the humans' stances, reworded more (``ai_noise``).

    Parameters
    ----------
    n_human, n_ai : int
        Documents from each source; ``n_human >= 1``, ``n_ai >= 0``.
    human_stances, ai_stances : int
        Stances of each source, 1 to 60, with ``ai_stances <= human_stances``.
    human_noise, ai_noise : float
        Rewording probabilities in [0, 1].
    rng : numpy.random.Generator, int or None

    Returns
    -------
    LabelledTexts
        The texts, labelled ``"stance"`` (shared numbering) and ``"is_ai"``
        (whether a document came from the AI source).
    """
    n_human = check_int(n_human, "n_human", minimum=1)
    n_ai = check_int(n_ai, "n_ai", minimum=0)
    human_stances = check_int(human_stances, "human_stances", minimum=1, maximum=60)
    ai_stances = check_int(ai_stances, "ai_stances", minimum=1, maximum=human_stances)
    human_noise = check_probability(human_noise, "human_noise")
    ai_noise = check_probability(ai_noise, "ai_noise")
    gen = as_rng(rng)
    human = stance_corpus(n_human, human_stances, noise=human_noise, rng=gen)
    texts, stances = list(human.texts), [human["stance"]]
    if n_ai:
        ai = stance_corpus(n_ai, ai_stances, noise=ai_noise, rng=gen)
        texts += ai.texts
        stances.append(ai["stance"])
    return LabelledTexts(texts=texts, labels={"stance": np.concatenate(stances),
                                              "is_ai": np.arange(n_human + n_ai) >= n_human})


def pooled_stance_hill(n_human: int, n_ai: int, human_stances: int = 20, ai_stances: int = 2,
                       q: float = 2.0) -> float:
    """Expected effective number of stances in a pooled corpus.

    Stance ``j`` has share ``(n_human / H + n_ai [j < A] / A) / (n_human +
    n_ai)`` with ``H = human_stances`` and ``A = ai_stances``; the result is
    the Hill number of order ``q`` of these shares.
    """
    n_human = check_int(n_human, "n_human", minimum=1)
    n_ai = check_int(n_ai, "n_ai", minimum=0)
    H = check_int(human_stances, "human_stances", minimum=1, maximum=60)
    A = check_int(ai_stances, "ai_stances", minimum=1, maximum=H)
    shares = np.full(H, n_human / H)
    shares[:A] += n_ai / A
    return hill_number(shares, q)


def platform_grid(human_modes: int = 50, *, n_users: int = 100, stream_len: int = 20,
                  n_styles: int = 10, content_weight: float = 0.2, max_modes: int = 10,
                  rng: RngLike = None) -> list[dict]:
    """Perceived and population diversity of AI markets on a grid (chapter 4's explorable).

    For each number of AI content modes from 1 to ``max_modes`` and each
    personalisation 0, 0.1, ..., 1, one market of :func:`market_streams` is
    simulated and measured from two seats: one reader's stream (harmonic mean
    over readers of the order-2 perceived diversity, :func:`perceived_diversity`)
    and the whole population (:func:`population_content_diversity`, order 2).
    A human market with ``human_modes`` modes and no personalisation is the
    reference.

    Parameters
    ----------
    human_modes : int
        Content modes of the reference human market (>= 1).
    n_users, stream_len, n_styles : int
        Readers, items per stream and stock styles (each >= 1; stream_len >= 2).
    content_weight : float
        Weight readers give to content, in [0, 1].
    max_modes : int
        Largest number of AI content modes (>= 1).
    rng : numpy Generator, int or None
        Source of all markets.

    Returns
    -------
    list of dict
        Rows with keys ``k``, ``pi``, ``market`` ("human market" or "AI
        market"), ``seat`` ("one reader's stream" or "whole population") and
        ``value`` (rounded to 2 decimals).
    """
    human_modes = check_int(human_modes, "human_modes", minimum=1)
    max_modes = check_int(max_modes, "max_modes", minimum=1)
    w = check_probability(content_weight, "content_weight")
    gen = as_rng(rng)

    def views(k: int, pi: float) -> tuple[float, float]:
        market = market_streams(n_users, stream_len, k, n_styles, pi, rng=gen)
        return (float(1 / np.mean(1 / perceived_diversity(market, w, q=2))),
                float(population_content_diversity(market, q=2)))

    human = views(human_modes, 0.0)
    rows = []
    for k in range(1, max_modes + 1):
        for pi in np.round(np.linspace(0, 1, 11), 1):
            ai = views(k, float(pi))
            for market, (view, pop) in (("human market", human), ("AI market", ai)):
                rows += [{"k": k, "pi": float(pi), "market": market,
                          "seat": "one reader's stream", "value": round(view, 2)},
                         {"k": k, "pi": float(pi), "market": market,
                          "seat": "whole population", "value": round(pop, 2)}]
    return rows
