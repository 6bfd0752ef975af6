"""Cohen's kappa from two coders' yes/no decisions: pure arithmetic, no database.

A *decision* is one coder's answer to "does theme T apply to unit U?", where a unit is an evidence
item or one of its excerpts. Per theme, the two coders' answers over the same units make a 2×2 table:

                     B applied   B did not
    A applied           both       A only
    A did not          B only      neither

    n  = both + A only + B only + neither
    po = (both + neither) / n                                   observed agreement
    pe = ((both + A only)(both + B only) + (B only + neither)(A only + neither)) / n²
                                                                agreement expected by chance
    κ  = (po − pe) / (1 − pe)

κ is undefined when pe = 1 (both coders gave the same single answer to every unit: there is no
variation for agreement to be measured against) and when n = 0. The overall figure pools every
unit × theme decision into one table (the sum of the per-theme tables) and applies the same formula.
Fractions keep the arithmetic exact; rounding is for display only."""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from fractions import Fraction

# How the figures are worked out, in words: on the agreement page and in the report's annex.
METHOD = (
    "Each assignment's units are its evidence item and every excerpt of it that either coder coded. "
    "Every theme of the codebook is one yes/no decision per unit and coder. Per theme, the 2×2 table "
    "counts the units both coders applied the theme to, only the first coder, only the second, and "
    "neither. Percentage agreement po = (both + neither) / n; chance agreement "
    "pe = (A yes × B yes + A no × B no) / n²; Cohen's κ = (po − pe) / (1 − pe). The overall figure pools "
    "every unit × theme decision into one table (the sum of the theme tables). κ is undefined (n/a) "
    "when pe = 1, that is when both coders gave the same answer on every unit. Only assignments both "
    "coders have finished are counted; resolving a conflict does not change the figures, which "
    "measure the independent coding."
)


@dataclass(frozen=True)
class Table:
    both: int = 0
    a_only: int = 0
    b_only: int = 0
    neither: int = 0

    def __add__(self, other: "Table") -> "Table":
        return Table(
            self.both + other.both,
            self.a_only + other.a_only,
            self.b_only + other.b_only,
            self.neither + other.neither,
        )

    @property
    def n(self) -> int:
        return self.both + self.a_only + self.b_only + self.neither

    @property
    def observed(self) -> Fraction | None:
        return Fraction(self.both + self.neither, self.n) if self.n else None

    @property
    def expected(self) -> Fraction | None:
        if not self.n:
            return None
        a_yes, b_yes = self.both + self.a_only, self.both + self.b_only
        a_no, b_no = self.b_only + self.neither, self.a_only + self.neither
        return Fraction(a_yes * b_yes + a_no * b_no, self.n * self.n)

    @property
    def kappa(self) -> Fraction | None:
        if self.undefined_reason:
            return None
        return (self.observed - self.expected) / (1 - self.expected)

    @property
    def undefined_reason(self) -> str:
        """Why κ cannot be computed ("" when it can)."""
        if not self.n:
            return "no decisions yet"
        if self.expected == 1:
            answer = "applied it" if self.both else "left it out"
            return f"both coders {answer} on every unit, so chance agreement is 1 (κ = 0/0)"
        return ""

    @property
    def percent_agreement(self) -> float | None:
        return None if self.observed is None else float(self.observed) * 100

    def kappa_display(self) -> str:
        return "n/a" if self.kappa is None else f"{float(self.kappa):.3f}"

    def percent_display(self) -> str:
        return "n/a" if self.percent_agreement is None else f"{self.percent_agreement:.1f}%"


def table(units: Iterable[Hashable], a_applied: set, b_applied: set) -> Table:
    """The 2×2 table of one theme over `units`, given the units each coder applied it to."""
    counts = [0, 0, 0, 0]
    for unit in units:
        a, b = unit in a_applied, unit in b_applied
        counts[0 if a and b else 1 if a else 2 if b else 3] += 1
    return Table(*counts)


def pooled(tables: Iterable[Table]) -> Table:
    total = Table()
    for each in tables:
        total = total + each
    return total
