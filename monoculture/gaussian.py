"""Gaussian probabilities that several chapters need.

``bivariate_normal_cdf`` gives ``P(X <= h, Y <= k)`` for correlated standard
normals through Owen's T function (Owen 1956). Chapter 3 uses it for the hiring
game, chapter 5 for the correlated judge.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from ._validate import check_array, check_real

__all__ = ["bivariate_normal_cdf"]


def bivariate_normal_cdf(h, k, rho: float) -> np.ndarray:
    """``P(X <= h, Y <= k)`` for standard normals with correlation ``rho``.

    Uses Owen's T function (``scipy.special.owens_t``):
    ``Phi2(h, k; rho) = (Phi(h) + Phi(k))/2 - T(h, a_h) - T(k, a_k) - beta``
    with ``a_h = (k - rho h) / (h sqrt(1 - rho^2))``, ``a_k`` symmetric, and
    ``beta = 1/2`` when ``h`` and ``k`` have opposite signs (0 otherwise),
    a classical identity (Owen 1956). ``rho = ±1`` are handled exactly.

    Parameters
    ----------
    h, k : array_like
        Upper limits (broadcast against each other).
    rho : float
        Correlation in [-1, 1].

    Returns
    -------
    numpy.ndarray
    """
    h = check_array(h, "h", min_size=1)
    k = check_array(k, "k", min_size=1)
    rho = check_real(rho, "rho", minimum=-1.0, maximum=1.0)
    h, k = np.broadcast_arrays(h, k)
    if rho == 1.0:
        return special.ndtr(np.minimum(h, k))
    if rho == -1.0:
        return np.maximum(0.0, special.ndtr(h) + special.ndtr(k) - 1.0)
    s = np.sqrt(1.0 - rho * rho)
    # A tiny h (or k) sends a_h (a_k) to +-inf, where Owen's T has its limit.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        a_h = (k - rho * h) / (h * s)
        a_k = (h - rho * k) / (k * s)
        t_h = np.where(h == 0, 0.25 * np.sign(k - rho * h), special.owens_t(h, a_h))
        t_k = np.where(k == 0, 0.25 * np.sign(h - rho * k), special.owens_t(k, a_k))
    opposite = np.sign(h) * np.sign(k) < 0  # signs, not h * k, which can underflow
    beta = np.where(opposite | (((h == 0) | (k == 0)) & (h + k < 0)), 0.5, 0.0)
    out = 0.5 * (special.ndtr(h) + special.ndtr(k)) - t_h - t_k - beta
    both_zero = (h == 0) & (k == 0)
    out = np.where(both_zero, 0.25 + np.arcsin(rho) / (2 * np.pi), out)
    return np.clip(out, 0.0, 1.0)
