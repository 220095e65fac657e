"""Month to date and the month's forecast, the two numbers of the budget page.

AWS forecasts with a model of past spend. The lab uses a rule a person can redo on paper: what
the month has cost so far, plus every day left in the month at the average daily cost of the last
three complete days (the *run rate*: if nothing is switched off, the month ends like this).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

RUN_RATE_DAYS = 3


@dataclass(frozen=True)
class MonthEnd:
    today: date
    month_to_date: float
    run_rate: float
    days_left: int
    forecast: float

    def percent_of(self, budget: float) -> tuple[float, float]:
        """(month to date, forecast) as a percentage of a budget."""
        return self.month_to_date / budget * 100, self.forecast / budget * 100


def month_end(costs: pd.DataFrame, today: date) -> MonthEnd:
    """`costs` is a wide daily frame; `today` is not yet in it (its data is not complete)."""
    today_ts = pd.Timestamp(today)
    month_start = today_ts.replace(day=1)
    next_month = month_start + pd.offsets.MonthBegin(1)
    daily_total = costs.sum(axis=1, min_count=1)
    this_month = daily_total[(daily_total.index >= month_start) & (daily_total.index < today_ts)]
    complete = daily_total[daily_total.index < today_ts].dropna()
    run_rate = float(complete.tail(RUN_RATE_DAYS).mean()) if not complete.empty else 0.0
    days_left = (next_month - today_ts).days
    month_to_date = float(this_month.sum())
    return MonthEnd(today, month_to_date, run_rate, days_left, month_to_date + run_rate * days_left)
