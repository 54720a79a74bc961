"""Chapter 6's toys: remedies that keep the tails of a distribution alive.

Four small models support the chapter "Keeping the tails".

*Data policies.* The chains of chapter 2 (:mod:`monoculture.collapse`) refit a
model to data drawn from the previous model; each takes a data policy
(``policy="replace"`` or ``"accumulate"``) and a fresh share
(``fresh_fraction``). The chapter's scoreboard compares four combinations
(:data:`POLICIES`, decoded by :func:`policy_kwargs`): *replace* (train on the
newest synthetic sample only), *accumulate* (keep every sample ever drawn,
``gerstgrasser2024accumulate``), a *fresh* human fraction ``r`` of every new
sample (``shumailov2024nature``, ``bertrand2024stability``), and *accumulate
plus fresh*. :func:`smallest_fresh_fraction` searches for the smallest ``r``
that keeps a chain within a tolerance of its starting point.

*Tail narrowing and critique in the loop.* A pool of queries, each with a
success probability. Self-training keeps only the model's own successful
attempts (``ding2025tail``). A query with no success in a round drops out of
the next round's data and its skill decays. A step-level critic repairs a
share of the failed attempts (``xi2024critique``), so hard queries stay in the
data. :func:`self_training` simulates it; :func:`expected_coverage` gives the
expected coverage in closed form (an exact forward recursion, our derivation).

*Expertise and diversity in ideation.* Agents propose ideas in a
two-dimensional idea space whose value peaks at one point; a team picks the
idea its members judge best (``chen2025brainstorming``). Expertise brings an
agent's ideas closer to the peak and sharpens its judgment.
:func:`ideation_teams` simulates teams; :func:`expected_idea_value` is the
closed-form mean value of one agent's ideas.

*Provenance.* :func:`provenance_fresh_fraction` gives the share of genuinely
human data in a training pool filtered by a provenance check.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import RngLike, as_rng, check_array, check_int, check_probability, check_real

__all__ = [
    "POLICIES",
    "policy_kwargs",
    "smallest_fresh_fraction",
    "SelfTraining",
    "self_training",
    "coverage_probability",
    "expected_coverage",
    "IdeationResult",
    "ideation_teams",
    "expected_idea_value",
    "provenance_fresh_fraction",
]

#: The four data policies of the chapter's scoreboard.
POLICIES: tuple[str, ...] = ("replace", "accumulate", "fresh", "accumulate+fresh")


# ---------------------------------------------------------------------------
# Data policies
# ---------------------------------------------------------------------------

def policy_kwargs(policy: str, fresh_fraction: float = 0.0) -> dict[str, str | float]:
    """The chain arguments of a scoreboard policy.

    The chains of :mod:`monoculture.collapse` take ``policy="replace"`` or
    ``"accumulate"`` and a ``fresh_fraction``. The scoreboard's four
    policies are their combinations: *replace* and *accumulate* without
    fresh data, and *fresh* and *accumulate+fresh* with a fresh share ``r``.

    Parameters
    ----------
    policy : {"replace", "accumulate", "fresh", "accumulate+fresh"}
        The scoreboard policy.
    fresh_fraction : float
        The fresh share ``r`` in [0, 1]; ignored (set to 0) by ``"replace"``
        and ``"accumulate"``.

    Returns
    -------
    dict
        ``{"policy": "replace" or "accumulate", "fresh_fraction": r}``, to
        pass to :func:`~monoculture.collapse.gaussian_chain`,
        :func:`~monoculture.collapse.categorical_chain` or
        :func:`~monoculture.collapse.regression_chain`.

    Examples
    --------
    >>> policy_kwargs("accumulate+fresh", 0.1)
    {'policy': 'accumulate', 'fresh_fraction': 0.1}
    >>> policy_kwargs("replace", 0.1)
    {'policy': 'replace', 'fresh_fraction': 0.0}
    """
    if policy not in POLICIES:
        raise ValueError(f"policy must be one of {', '.join(POLICIES)}; got {policy!r}")
    r = check_probability(fresh_fraction, "fresh_fraction")
    return {"policy": "accumulate" if policy.startswith("accumulate") else "replace",
            "fresh_fraction": r if policy.endswith("fresh") else 0.0}


def smallest_fresh_fraction(loss, grid, *, tolerance: float = 0.1) -> float:
    """Smallest fresh fraction on a grid that keeps a chain within a tolerance.

    Parameters
    ----------
    loss : callable
        ``loss(r)`` returns the chain's relative loss after its last
        generation, compared with the model trained on real data only: for a
        diversity measure ``1 - final / original``, for an error
        ``final / original - 1``. Zero or less means nothing was lost.
    grid : array_like
        Candidate fractions in [0, 1], searched in increasing order.
    tolerance : float
        Largest acceptable loss, ``> 0`` (0.1 means "within 10%").

    Returns
    -------
    float
        The first grid value whose loss is at most ``tolerance``, or NaN if
        none is.
    """
    if not callable(loss):
        raise TypeError("loss must be a callable taking a fresh fraction")
    values = np.sort(check_array(grid, "grid", ndim=1))
    if values.min() < 0 or values.max() > 1:
        raise ValueError(f"grid must lie in [0, 1], got [{values.min()}, {values.max()}]")
    tolerance = check_real(tolerance, "tolerance", minimum=0.0, include_min=False)
    for r in values:
        if float(loss(float(r))) <= tolerance:
            return float(r)
    return float("nan")


# ---------------------------------------------------------------------------
# Tail narrowing and critique in the loop
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class SelfTraining:
    """Result of :func:`self_training`.

    Attributes
    ----------
    success : numpy.ndarray
        Success probability of every query at the start of each round, shape
        ``(n_rounds + 1, n_chains, n_queries)``; row 0 is the initial skill.
    kept : numpy.ndarray
        Training examples kept per query in each round, shape
        ``(n_rounds, n_chains, n_queries)``.
    """

    success: np.ndarray
    kept: np.ndarray

    @property
    def covered(self) -> np.ndarray:
        """Whether each query had at least one kept example in each round."""
        return self.kept > 0


def coverage_probability(p, n_attempts: int, critique: float = 0.0) -> np.ndarray:
    """Chance that a query yields at least one kept example in one round.

    Each of ``k`` attempts succeeds with probability ``p``; a critic repairs
    each failed attempt with probability ``c``. An attempt is kept with
    probability ``p + c (1 - p)``, so the query is covered with probability
    ``1 - ((1 - p)(1 - c))^k``. With ``c = 0`` this is ``1 - (1 - p)^k``, the
    book's own toy of one round of self-improvement; ``ding2025tail`` describe
    the tail narrowing it produces, but the formula is not theirs.

    Parameters
    ----------
    p : array_like
        Success probabilities in [0, 1].
    n_attempts : int
        Attempts ``k`` per query per round, at least 1.
    critique : float
        Repair probability ``c`` in [0, 1].

    Returns
    -------
    numpy.ndarray
        Coverage probabilities, same shape as ``p``.
    """
    prob = check_array(p, "p", nonnegative=True)
    if (prob > 1).any():
        raise ValueError("p must lie in [0, 1]")
    k = check_int(n_attempts, "n_attempts", minimum=1)
    c = check_probability(critique, "critique")
    return 1.0 - ((1.0 - prob) * (1.0 - c)) ** k


def _check_self_training(p, n_attempts, n_rounds, critique, decay, gain):
    prob = check_array(p, "p", ndim=1, nonnegative=True)
    if (prob > 1).any():
        raise ValueError("p must lie in [0, 1]")
    k = check_int(n_attempts, "n_attempts", minimum=1)
    n_rounds = check_int(n_rounds, "n_rounds", minimum=1)
    c = check_probability(critique, "critique")
    decay = check_real(decay, "decay", minimum=0.0, maximum=1.0)
    gain = check_probability(gain, "gain")
    return prob, k, n_rounds, c, decay, gain


def self_training(p, n_attempts: int, n_rounds: int, *, critique: float = 0.0,
                  decay: float = 0.5, gain: float = 0.0, n_chains: int = 1,
                  rng: RngLike = None) -> SelfTraining:
    """Self-training on a pool of queries, with or without a critic.

    In each round the model makes ``k = n_attempts`` attempts at every query;
    attempt success is Bernoulli with the query's current skill ``p``. Only
    successful attempts are kept as training data (rejection-sampling
    self-training). A critic with strength ``c`` gives step-level feedback on
    each failed attempt and repairs it with probability ``c``; repaired
    attempts are kept too ``xi2024critique``. A query with no kept attempt
    is absent from the next round's data and its skill decays,
    ``p <- decay * p``; a covered query improves, ``p <- p + gain (1 - p)``.
    Easy queries dominate the kept data and hard ones vanish from it:
    tail narrowing ``ding2025tail``.

    Parameters
    ----------
    p : array_like
        Initial success probabilities of the queries, in [0, 1].
    n_attempts : int
        Attempts per query per round, at least 1.
    n_rounds : int
        Rounds of self-training, at least 1.
    critique : float
        Repair probability ``c`` in [0, 1]; 0 means no critic.
    decay : float
        Skill multiplier in [0, 1] for a query absent from a round's data.
    gain : float
        Share in [0, 1] of the remaining gap closed by a covered query.
    n_chains : int
        Independent runs, simulated together.
    rng : numpy.random.Generator, int or None
        Random source or seed.

    Returns
    -------
    SelfTraining
        Skills per round and kept examples per round.
    """
    prob, k, n_rounds, c, decay, gain = _check_self_training(p, n_attempts, n_rounds,
                                                              critique, decay, gain)
    n_chains = check_int(n_chains, "n_chains", minimum=1)
    gen = as_rng(rng)
    # [start-self-training]
    success = np.empty((n_rounds + 1, n_chains, prob.size))
    kept = np.empty((n_rounds, n_chains, prob.size), dtype=np.int64)
    success[0] = prob
    for t in range(n_rounds):
        s = success[t]
        wins = gen.binomial(k, s)
        repaired = gen.binomial(k - wins, c) if c > 0 else 0
        kept[t] = wins + repaired
        covered = kept[t] > 0
        success[t + 1] = np.where(covered, s + gain * (1.0 - s), decay * s)
    return SelfTraining(success=success, kept=kept)
    # [end-self-training]


def expected_coverage(p, n_attempts: int, n_rounds: int, *, critique: float = 0.0,
                      decay: float = 0.5) -> np.ndarray:
    """Expected coverage of each query in each round, in closed form.

    With ``gain = 0`` a query's skill after ``m`` uncovered rounds is
    ``p decay^m``, whatever the order of those rounds. So the number ``m`` of
    uncovered rounds so far is a Markov chain on ``0, 1, ...``: from ``m`` it
    stays with probability ``P_m = 1 - ((1 - p decay^m)(1 - c))^k`` and moves
    to ``m + 1`` otherwise. Propagating its distribution ``pi_t`` gives the
    exact expected coverage ``sum_m pi_t(m) P_m`` of round ``t`` (our
    derivation).

    Parameters
    ----------
    p : array_like
        Initial success probabilities, shape ``(n_queries,)``.
    n_attempts, n_rounds, critique, decay
        As in :func:`self_training` (with ``gain = 0``).

    Returns
    -------
    numpy.ndarray
        Shape ``(n_rounds, n_queries)``: the probability that each query is
        covered in round ``t + 1``.
    """
    prob, k, n_rounds, c, decay, _ = _check_self_training(p, n_attempts, n_rounds,
                                                          critique, decay, 0.0)
    m = np.arange(n_rounds + 1)
    skill = prob[None, :] * decay ** m[:, None]                    # (m, query)
    stay = 1.0 - ((1.0 - skill) * (1.0 - c)) ** k                  # P_m
    dist = np.zeros((n_rounds + 1, prob.size))
    dist[0] = 1.0
    out = np.empty((n_rounds, prob.size))
    for t in range(n_rounds):
        out[t] = (dist * stay).sum(axis=0)
        moved = dist * (1.0 - stay)
        dist = dist * stay
        dist[1:] += moved[:-1]
    return out


# ---------------------------------------------------------------------------
# Expertise and diversity in ideation
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class IdeationResult:
    """Result of :func:`ideation_teams`.

    Attributes
    ----------
    quality : numpy.ndarray
        True value of the idea each team chose, shape ``(n_teams,)``.
    best : numpy.ndarray
        True value of the best idea each team proposed, shape ``(n_teams,)``.
    spread : numpy.ndarray
        Root mean squared distance of a team's ideas from their centroid,
        shape ``(n_teams,)``: the diversity of what the team proposed.
    """

    quality: np.ndarray
    best: np.ndarray
    spread: np.ndarray


def _idea_value(x: np.ndarray, width: float) -> np.ndarray:
    return np.exp(-(x**2).sum(axis=-1) / (2.0 * width**2))


def expected_idea_value(distance: float, spread: float, width: float = 1.0) -> float:
    """Mean value of one idea drawn by an agent, in closed form.

    Ideas live in the plane and have value ``v(x) = exp(-|x|^2 / (2 w^2))``,
    highest at the origin. An agent centred at distance ``delta`` from the
    origin proposes ``x ~ N(centre, s^2 I)``. A Gaussian integral gives
    ``E[v] = w^2 / (w^2 + s^2) * exp(-delta^2 / (2 (w^2 + s^2)))``.

    Parameters
    ----------
    distance : float
        ``delta >= 0``, the agent's distance from the best region.
    spread : float
        ``s >= 0``, the spread of its ideas.
    width : float
        ``w > 0``, the width of the high-value region.

    Returns
    -------
    float
        The expected value, in (0, 1].
    """
    delta = check_real(distance, "distance", minimum=0.0)
    s = check_real(spread, "spread", minimum=0.0)
    w = check_real(width, "width", minimum=0.0, include_min=False)
    v = w**2 + s**2
    return float(w**2 / v * np.exp(-delta**2 / (2.0 * v)))


def ideation_teams(expertise, n_ideas: int, *, n_teams: int = 1, distance: float = 3.0,
                   spread: float = 0.8, judge_noise: float = 0.5, width: float = 1.0,
                   rng: RngLike = None) -> IdeationResult:
    """Teams of agents propose ideas and pick one by discussion.

    Each agent has an expertise ``e`` in [0, 1]. Its ideas are drawn around a
    centre at distance ``(1 - e) * distance`` from the peak of the value
    function (see :func:`expected_idea_value`), in a direction of its own:
    agents look at the problem from different angles, which is their
    cognitive diversity. Novices (small ``e``) sit far from the high-value
    region. The team has a fixed budget of ``n_ideas`` ideas, shared equally
    among its members (any remainder goes to the first members). In the
    discussion every member scores every idea with independent noise of
    standard deviation ``judge_noise * (1 - e)``, and the team picks the idea
    with the highest mean score. Averaging over members dilutes an expert's
    judgment with the novices' noise: a process loss ``chen2025brainstorming``.

    Parameters
    ----------
    expertise : array_like
        Expertise of each team member, in [0, 1]; its length is the team size.
    n_ideas : int
        The team's idea budget, at least the team size.
    n_teams : int
        Independent teams, simulated together.
    distance : float
        Distance of a complete novice from the peak, ``>= 0``.
    spread : float
        Spread of each agent's ideas, ``> 0``.
    judge_noise : float
        Judgment noise of a complete novice, ``>= 0``.
    width : float
        Width of the high-value region, ``> 0``.
    rng : numpy.random.Generator, int or None
        Random source or seed.

    Returns
    -------
    IdeationResult
        The chosen idea's value, the best proposed value and the spread of
        the ideas, one per team.
    """
    e = check_array(expertise, "expertise", ndim=1, nonnegative=True)
    if (e > 1).any():
        raise ValueError("expertise must lie in [0, 1]")
    n_agents = e.size
    n_ideas = check_int(n_ideas, "n_ideas", minimum=n_agents)
    n_teams = check_int(n_teams, "n_teams", minimum=1)
    distance = check_real(distance, "distance", minimum=0.0)
    spread = check_real(spread, "spread", minimum=0.0, include_min=False)
    judge_noise = check_real(judge_noise, "judge_noise", minimum=0.0)
    width = check_real(width, "width", minimum=0.0, include_min=False)
    gen = as_rng(rng)

    # [start-ideation-teams]
    owner = np.arange(n_ideas) % n_agents                                  # idea -> agent
    angle = gen.uniform(0.0, 2.0 * np.pi, size=(n_teams, n_agents))
    radius = (1.0 - e) * distance
    centres = radius[None, :, None] * np.stack([np.cos(angle), np.sin(angle)], axis=-1)
    ideas = centres[:, owner, :] + spread * gen.standard_normal((n_teams, n_ideas, 2))
    value = _idea_value(ideas, width)                                      # (team, idea)
    noise_sd = judge_noise * (1.0 - e)                                      # (agent,)
    scores = value[:, None, :] + noise_sd[None, :, None] * gen.standard_normal(
        (n_teams, n_agents, n_ideas))
    pick = scores.mean(axis=1).argmax(axis=1)
    quality = value[np.arange(n_teams), pick]
    centred = ideas - ideas.mean(axis=1, keepdims=True)
    spread_out = np.sqrt((centred**2).sum(axis=-1).mean(axis=1))
    return IdeationResult(quality=quality, best=value.max(axis=1), spread=spread_out)
    # [end-ideation-teams]


# ---------------------------------------------------------------------------
# Provenance
# ---------------------------------------------------------------------------

def provenance_fresh_fraction(human_share, verified: float, false_pass: float) -> np.ndarray:
    """Share of genuinely human data in a pool filtered by provenance.

    A scraped pool holds a share ``h`` of human-made items. A provenance
    check passes a human item with probability ``v`` (it carries a verified
    record) and an AI-made item with probability ``f`` (a forged or mistaken
    record). Among the items that pass, the human share is
    ``h v / (h v + (1 - h) f)`` (Bayes' rule). Without any check the pool's
    human share is just ``h``.

    Parameters
    ----------
    human_share : array_like
        ``h`` in [0, 1].
    verified : float
        ``v`` in [0, 1].
    false_pass : float
        ``f`` in [0, 1].

    Returns
    -------
    numpy.ndarray
        The human share among the items that pass; where nothing passes, 0.
    """
    h = check_array(human_share, "human_share", nonnegative=True)
    if (h > 1).any():
        raise ValueError("human_share must lie in [0, 1]")
    v = check_probability(verified, "verified")
    f = check_probability(false_pass, "false_pass")
    passed = h * v + (1.0 - h) * f
    return np.divide(h * v, passed, out=np.zeros_like(h), where=passed > 0)
