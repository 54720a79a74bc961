"""Input checks shared by every module.

Each public function of the package validates its arguments with these
helpers, so that bad input raises a ``ValueError`` or ``TypeError`` whose
message names the parameter and the allowed range, instead of a numpy
traceback from deep inside a computation.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

__all__ = [
    "as_rng",
    "check_int",
    "check_real",
    "check_probability",
    "check_array",
    "check_distribution",
    "normalise_weights",
]

#: Tolerance on ``sum(p) == 1`` for probability vectors.
SUM_TOL = 1e-8

RngLike = np.random.Generator | int | None


def as_rng(rng: RngLike, name: str = "rng") -> np.random.Generator:
    """Return a ``numpy.random.Generator`` from a generator, an int seed or None.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        An existing generator (returned unchanged), a non-negative integer
        seed, or None for fresh entropy from the operating system.
    name : str
        The parameter name used in error messages.
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        if rng < 0:
            raise ValueError(f"{name} must be a non-negative integer seed, got {rng}")
        return np.random.default_rng(int(rng))
    raise TypeError(
        f"{name} must be a numpy.random.Generator, an int seed or None, "
        f"got {type(rng).__name__}"
    )


def check_int(value: Any, name: str, *, minimum: int | None = None,
              maximum: int | None = None) -> int:
    """Check that ``value`` is an integer in ``[minimum, maximum]`` and return it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    value = int(value)
    _check_range(value, name, minimum, maximum, True, True)
    return value


def check_real(value: Any, name: str, *, minimum: float | None = None,
               maximum: float | None = None, include_min: bool = True,
               include_max: bool = True, allow_inf: bool = False) -> float:
    """Check that ``value`` is a real number in the given interval and return it.

    ``include_min`` and ``include_max`` say whether the interval is closed at
    each end. NaN is always rejected; infinity only unless ``allow_inf``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if np.isnan(value):
        raise ValueError(f"{name} must be a number, got NaN")
    if np.isinf(value) and not allow_inf:
        raise ValueError(f"{name} must be finite, got {value}")
    _check_range(value, name, minimum, maximum, include_min, include_max)
    return value


def check_probability(value: Any, name: str) -> float:
    """Check that ``value`` is a real number in ``[0, 1]`` and return it."""
    return check_real(value, name, minimum=0.0, maximum=1.0)


def _check_range(value, name, minimum, maximum, include_min, include_max) -> None:
    low_ok = minimum is None or (value >= minimum if include_min else value > minimum)
    high_ok = maximum is None or (value <= maximum if include_max else value < maximum)
    if low_ok and high_ok:
        return
    left = "(-inf" if minimum is None else ("[" if include_min else "(") + f"{minimum}"
    right = "inf)" if maximum is None else f"{maximum}" + ("]" if include_max else ")")
    raise ValueError(f"{name} must be in {left}, {right}, got {value}")


def check_array(value: Any, name: str, *, ndim: int | tuple[int, ...] | None = None,
                nonnegative: bool = False, min_size: int = 1) -> np.ndarray:
    """Convert ``value`` to a float array and check it.

    Parameters
    ----------
    value : array_like
        The input.
    name : str
        The parameter name used in error messages.
    ndim : int or tuple of int, optional
        Allowed numbers of dimensions.
    nonnegative : bool
        Reject negative entries.
    min_size : int
        Reject arrays with fewer elements than this.

    Returns
    -------
    numpy.ndarray
        A float64 array with only finite entries.
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be an array of numbers: {err}") from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            shown = " or ".join(str(d) for d in allowed)
            raise ValueError(f"{name} must have {shown} dimension(s), got shape {arr.shape}")
    if arr.size < min_size:
        raise ValueError(f"{name} must have at least {min_size} element(s), got {arr.size}")
    if np.isnan(arr).any():
        raise ValueError(f"{name} must not contain NaN")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must contain only finite numbers")
    if nonnegative and (arr < 0).any():
        raise ValueError(f"{name} must be non-negative, got minimum {arr.min()}")
    return arr


def check_distribution(value: Any, name: str = "p", *, ndim: int = 1) -> np.ndarray:
    """Check that ``value`` holds probability vectors and return them renormalised.

    Parameters
    ----------
    value : array_like
        One probability vector (``ndim=1``) or one per row (``ndim=2``):
        non-negative entries summing to 1 within :data:`SUM_TOL`.
    name : str
        The parameter name used in error messages.
    ndim : {1, 2}
        Number of dimensions.

    Returns
    -------
    numpy.ndarray
        The vectors divided by their sums (removes round-off).
    """
    arr = check_array(value, name, ndim=ndim, nonnegative=True)
    sums = arr.sum(axis=-1, keepdims=True)
    if (np.abs(sums - 1.0) > SUM_TOL).any():
        if ndim == 1:
            raise ValueError(f"{name} must sum to 1 (within {SUM_TOL:g}), "
                             f"got sum {sums.item():.10g}")
        raise ValueError(f"{name} rows must be probability vectors summing to 1 (within "
                         f"{SUM_TOL:g}), got row sums from {sums.min():.4g} to {sums.max():.4g}")
    return arr / sums


def normalise_weights(value: Any, name: str = "p") -> np.ndarray:
    """Check non-negative weights with a positive sum and return them normalised to sum to 1.

    Parameters
    ----------
    value : array_like, shape (S,)
        Non-negative weights (abundances, or unnormalised probabilities).
    name : str
        The parameter name used in error messages.

    Returns
    -------
    numpy.ndarray
        ``value / value.sum()``.
    """
    arr = check_array(value, name, ndim=1, nonnegative=True)
    total = arr.sum()
    if not total > 0:
        raise ValueError(f"{name} must have a positive sum")
    return arr / total
