"""An independent audit of a linked table, for the Swift audit to be compared with.

Reads one JSON table from standard input:
  {"measure": "share" | "points", "cells": [[numerator, denominator], ...],
   "relations": [{"sum": [total, [part, ...]]} | {"subset": [part, whole]}, ...],
   "hidden": [true | false, ...], "known": [cell, ...], "mayBeEmpty": [true | false, ...] (optional)}
and prints, for every hidden cell the reader does not know, the least and greatest denominator,
numerator and (for a share) rate any table consistent with what the reader sees gives it:
  {"cell": c, "denominator": [lo, hi], "numerator": [lo, hi], "rate": [lo, hi] | null}
Infinite bounds are printed as null. The program is written here from the definitions in
docs/suppression.md, not from the Swift code: one column per hidden count, every relation over all
hidden cells at once, solved by SciPy's linprog (HiGHS). Rates by the Charnes-Cooper transformation.
A hidden cell has at least one student, or at least none where "mayBeEmpty" says its place publishes
its empty groups as hidden.
"""
import json
import sys

import numpy as np
from scipy.optimize import linprog


def main():
    table = json.load(sys.stdin)
    share = table["measure"] == "share"
    cells = table["cells"]
    unknown = [c for c, h in enumerate(table["hidden"]) if h and c not in set(table["known"])]
    col = {c: i for i, c in enumerate(unknown)}
    width = 2 * len(unknown)  # [d_c, n_c] per unknown cell

    def var(cell, numerator):
        return 2 * col[cell] + (1 if numerator else 0)

    eq_rows, eq_b, le_rows, le_b = [], [], [], []

    def add(terms, relation, bound):
        """terms: [(cell, numerator, coefficient)] over all cells; known cells go to the bound."""
        row = np.zeros(width)
        b = bound
        for cell, numerator, coefficient in terms:
            if cell in col:
                row[var(cell, numerator)] += coefficient
            else:
                b -= coefficient * cells[cell][0 if numerator else 1]
        if not row.any():
            return
        if relation == "eq":
            eq_rows.append(row)
            eq_b.append(b)
        else:
            le_rows.append(row)
            le_b.append(b)

    for relation in table["relations"]:
        if "sum" in relation:
            total, parts = relation["sum"]
            for numerator in (False, True):
                # The remainder (total less its parts) is known to the reader: its true value.
                index = 0 if numerator else 1
                remainder = cells[total][index] - sum(cells[p][index] for p in parts)
                add([(total, numerator, 1)] + [(p, numerator, -1) for p in parts], "eq", remainder)
        else:
            part, whole = relation["subset"]
            add([(part, False, 1), (whole, False, -1)], "le", 0)
            if share:
                add([(part, True, 1), (whole, True, -1)], "le", 0)
                add([(whole, True, 1), (part, True, -1), (whole, False, -1), (part, False, 1)], "le", 0)
    if share:
        for c in unknown:
            row = np.zeros(width)
            row[var(c, True)] = 1
            row[var(c, False)] = -1
            le_rows.append(row)
            le_b.append(0)

    may_be_empty = table.get("mayBeEmpty") or [False] * len(cells)

    def fewest(cell):
        return 0 if may_be_empty[cell] else 1

    bounds = []
    for c in unknown:
        bounds += [(fewest(c), None), (0, None) if share else (None, None)]

    def solve(objective, maximize, a_eq, b_eq, a_le, b_le, var_bounds):
        sign = -1 if maximize else 1
        result = linprog(
            sign * objective,
            A_ub=np.array(a_le) if a_le else None, b_ub=np.array(b_le) if b_le else None,
            A_eq=np.array(a_eq) if a_eq else None, b_eq=np.array(b_eq) if b_eq else None,
            bounds=var_bounds, method="highs",
        )
        if result.status == 3:
            return None  # unbounded
        if result.status != 0:
            raise SystemExit(f"linprog: {result.message}")
        return sign * result.fun

    out = []
    for c in unknown:
        entry = {"cell": c}
        for name, numerator in (("denominator", False), ("numerator", True)):
            objective = np.zeros(width)
            objective[var(c, numerator)] = 1
            entry[name] = [solve(objective, m, eq_rows, eq_b, le_rows, le_b, bounds) for m in (False, True)]
        entry["rate"] = None
        # A group that no table gives students (an empty group published as hidden, pinned empty) has no rate.
        if share and entry["denominator"][1] is not None and entry["denominator"][1] < 1e-9:
            out.append(entry)
            continue
        if share:
            # y = t·x, t = 1/d_c: every row scaled by t (bound moves to a column of t), y_dc = 1.
            a_eq = [np.append(r, -b) for r, b in zip(eq_rows, eq_b)]
            b_eq = [0.0] * len(a_eq)
            a_le = [np.append(r, -b) for r, b in zip(le_rows, le_b)]
            b_le = [0.0] * len(a_le)
            for other in (o for o in unknown if fewest(o) == 1):  # d ≥ 1 becomes y_d ≥ t
                row = np.zeros(width + 1)
                row[var(other, False)] = -1
                row[width] = 1
                a_le.append(row)
                b_le.append(0.0)
            row = np.zeros(width + 1)
            row[var(c, False)] = 1
            a_eq.append(row)
            b_eq.append(1.0)
            objective = np.zeros(width + 1)
            objective[var(c, True)] = 1
            scaled_bounds = [(0, None)] * (width + 1)
            entry["rate"] = [solve(objective, m, a_eq, b_eq, a_le, b_le, scaled_bounds) for m in (False, True)]
        out.append(entry)
    json.dump(out, sys.stdout)


main()
