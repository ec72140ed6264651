"""Optimal placement of candidates into job openings.

Plain Python on NumPy/SciPy, independent of Django. :func:`solve` places as many candidates as
possible and, among all such placements, minimises the total cost (e.g. commute kilometres).
See :mod:`kooperacja.matching.engine` for the method and :mod:`kooperacja.matching.instance` for
the JSON format used by ``python -m kooperacja.matching``.
"""

from .engine import Problem, ProgressCallback, Result, solve, solve_problem
from .greedy import GreedyResult, greedy
from .instance import Instance, InstanceError, loads_instance, parse_instance, result_to_dict, solve_instance

__all__ = [
    "GreedyResult",
    "Instance",
    "InstanceError",
    "Problem",
    "ProgressCallback",
    "Result",
    "greedy",
    "loads_instance",
    "parse_instance",
    "result_to_dict",
    "solve",
    "solve_instance",
    "solve_problem",
]
