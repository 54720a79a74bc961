"""Colour science used only by the palette tests.

Colour-vision-deficiency simulation (Machado, Oliveira & Fernandes 2009,
severity 1.0, applied in linear RGB) and CIE76 colour differences in CIELAB
(D65), to check the claims in :mod:`monoculture.theme`'s docstring.

References
----------
Machado, G. M., Oliveira, M. M. & Fernandes, L. A. F. (2009). A
physiologically-based model for simulation of color vision deficiency.
IEEE Transactions on Visualization and Computer Graphics 15(6), 1291-1298.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Literal

import numpy as np

from monoculture.theme import PALETTE, hex_to_linear_rgb

#: Smallest CIE76 colour difference between any two palette colours that the
#: tests require, under normal vision and each simulated dichromacy.
MIN_DELTA_E: float = 16.0

# Colour-vision-deficiency simulation matrices of Machado, Oliveira &
# Fernandes (2009), "A physiologically-based model for simulation of color
# vision deficiency", IEEE TVCG 15(6):1291-1298, severity 1.0 (dichromacy),
# as published in the authors' supplementary table. They act on *linear*
# RGB column vectors.
CVD_MATRICES: dict[str, np.ndarray] = {
    "protanopia": np.array([
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ]),
    "deuteranopia": np.array([
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ]),
    "tritanopia": np.array([
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ]),
}

Vision = Literal["normal", "protanopia", "deuteranopia", "tritanopia"]

# sRGB (linear) -> CIE XYZ, D65 white (IEC 61966-2-1).
_RGB_TO_XYZ = np.array([
    [0.4124564, 0.3575761, 0.1804375],
    [0.2126729, 0.7151522, 0.0721750],
    [0.0193339, 0.1191920, 0.9503041],
])
_WHITE_D65 = _RGB_TO_XYZ @ np.ones(3)


def simulate_cvd(colors: Sequence[str], vision: Vision = "normal") -> np.ndarray:
    """Linear RGB of colours as seen with a colour-vision deficiency.

    Applies the Machado et al. (2009) severity-1.0 matrix in linear RGB and
    clips the result to the displayable range.

    Parameters
    ----------
    colors : sequence of str
        Hex colours.
    vision : {"normal", "protanopia", "deuteranopia", "tritanopia"}
        The simulated vision; ``"normal"`` returns the colours unchanged.

    Returns
    -------
    numpy.ndarray
        Array of shape ``(len(colors), 3)`` with linear RGB in ``[0, 1]``.
    """
    if vision != "normal" and vision not in CVD_MATRICES:
        allowed = ", ".join(["normal", *CVD_MATRICES])
        raise ValueError(f"vision must be one of {allowed}; got {vision!r}")
    lin = np.array([hex_to_linear_rgb(c, "colors") for c in colors])
    if vision == "normal":
        return lin
    return np.clip(lin @ CVD_MATRICES[vision].T, 0.0, 1.0)


def srgb_to_lab(linear_rgb: np.ndarray) -> np.ndarray:
    """Convert linear sRGB to CIELAB (D65 white point).

    Parameters
    ----------
    linear_rgb : numpy.ndarray
        Array of shape ``(n, 3)`` (or ``(3,)``) of linear RGB values.

    Returns
    -------
    numpy.ndarray
        ``L*, a*, b*`` with the same leading shape.
    """
    xyz = np.asarray(linear_rgb, dtype=float) @ _RGB_TO_XYZ.T / _WHITE_D65
    delta = 6.0 / 29.0
    f = np.where(xyz > delta**3, np.cbrt(xyz), xyz / (3 * delta**2) + 4.0 / 29.0)
    fx, fy, fz = f[..., 0], f[..., 1], f[..., 2]
    return np.stack([116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)], axis=-1)


def min_delta_e(colors: Sequence[str] = PALETTE, vision: Vision = "normal") -> float:
    """Smallest pairwise CIE76 ΔE between colours under a simulated vision.

    Parameters
    ----------
    colors : sequence of str
        At least two hex colours; defaults to :data:`PALETTE`.
    vision : {"normal", "protanopia", "deuteranopia", "tritanopia"}
        See :func:`simulate_cvd`.

    Returns
    -------
    float
        ``min ||Lab_i - Lab_j||`` over all pairs ``i < j``.
    """
    if len(colors) < 2:
        raise ValueError(f"colors must hold at least 2 colours, got {len(colors)}")
    lab = srgb_to_lab(simulate_cvd(colors, vision))
    return float(min(np.linalg.norm(lab[i] - lab[j])
                     for i, j in itertools.combinations(range(len(colors)), 2)))
