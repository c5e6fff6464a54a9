"""Errors raised by the numeric kernels, each carrying a machine-readable ``reason`` code.

Callers (dbt models, the CLI) catch :class:`KernelError` and record ``reason`` next to the
region and year they were computing, so a failed table is quarantined with a rule, not lost.
"""

from __future__ import annotations


class KernelError(ValueError):
    """A kernel cannot compute its result from the given input.

    ``reason`` is a short code: ``invalid_input``, ``not_productive``, ``singular``,
    ``no_profit_rate``, ``reducible`` or ``not_converged``.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"[{reason}] {message}")
        self.reason = reason


class InvalidInputError(KernelError):
    """Arrays of the wrong shape, non-finite entries or values outside their domain."""

    def __init__(self, message: str) -> None:
        super().__init__("invalid_input", message)


class NotProductiveError(KernelError):
    """The input system ``A + D`` cannot reproduce itself (spectral radius >= 1) or is singular."""


class NoProfitRateError(KernelError):
    """No uniform profit rate in ``[0, r_max]`` makes the dominant eigenvalue of ``G(r)`` one."""

    def __init__(self, message: str) -> None:
        super().__init__("no_profit_rate", message)
