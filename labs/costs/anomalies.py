"""The lab's reference cost anomaly detector, small enough to read in one go.

AWS Cost Anomaly Detection uses a machine-learning model of each service's spend. This detector
keeps its vocabulary and its arithmetic, with a baseline a person can check by hand:

1. **Baseline**: each service's median cost per period (day or month) over the whole data. A median
   is not pulled up by the anomalies themselves, as long as they cover less than half the periods.
2. **Anomalous period**: cost above the baseline by more than `min_increase` of it *and* more than
   `min_impact` in money. Periods with no data (NaN) are never anomalous and end a run.
3. **Anomaly**: consecutive anomalous periods of one service. Its *start date* is the first, its
   *last detected* date the last, its *duration* the days from one to the other, both included.
4. **Cost impact** = actual spend over those periods - expected spend (baseline x periods);
   **impact %** = cost impact / expected spend x 100. When the expected spend is zero (a service
   that cost nothing before) the percentage is undefined: NaN, shown as "N/A", like the console's
   "해당 사항 없음", never as infinity.
5. **Root cause**: the service (the console's "최상위 근본 원인(서비스)").
"""

from __future__ import annotations

import math

import pandas as pd

COLUMNS = ["start_date", "last_detected", "duration_days", "cost_impact", "impact_percent", "root_cause"]
EXTRA_COLUMNS = ["actual", "expected"]
MIN_INCREASE = 0.25
MIN_IMPACT = 0.005


def baseline(costs: pd.DataFrame) -> pd.Series:
    """Each service's median cost per period, ignoring periods with no data."""
    return costs.median(skipna=True).fillna(0.0)


def _period_days(start: pd.Timestamp, granularity: str) -> int:
    if granularity == "MONTHLY":
        return (start + pd.offsets.MonthBegin(1) - start).days
    return 1


def detect(costs: pd.DataFrame, min_increase: float = MIN_INCREASE, min_impact: float = MIN_IMPACT) -> pd.DataFrame:
    """The anomaly table for a wide cost frame (`labs.costs.loaders`), largest impact first."""
    granularity = costs.attrs.get("granularity", "DAILY")
    rows = []
    if not costs.empty:
        expected_per_period = baseline(costs)
        for service in costs.columns:
            series = costs[service]
            usual = expected_per_period[service]
            threshold = max(min_impact, min_increase * usual)
            flagged = ((series - usual) > threshold) & series.notna()
            run: list[pd.Timestamp] = []
            for when, is_anomalous in list(flagged.items()) + [(None, False)]:
                if is_anomalous:
                    run.append(when)
                    continue
                if run:
                    rows.append(_anomaly(service, series, run, usual, granularity))
                    run = []
    table = pd.DataFrame(rows, columns=COLUMNS + EXTRA_COLUMNS)
    table = table.sort_values(["cost_impact", "start_date"], ascending=[False, True], ignore_index=True)
    table.attrs.update(currency=costs.attrs.get("currency"), granularity=granularity)
    return table


def _anomaly(service, series, run, usual, granularity) -> dict:
    actual = float(series[run].sum())
    expected = float(usual * len(run))
    impact = actual - expected
    start, last = run[0], run[-1]
    return {
        "start_date": start,
        "last_detected": last,
        "duration_days": (last - start).days + _period_days(last, granularity),
        "cost_impact": impact,
        "impact_percent": impact / expected * 100 if expected > 0 else math.nan,
        "root_cause": service,
        "actual": actual,
        "expected": expected,
    }


NOT_APPLICABLE = {"en": "N/A", "ko": "해당 사항 없음"}
HEADERS = {
    "en": {"start_date": "Start date", "last_detected": "Last detected", "duration_days": "Duration",
           "cost_impact": "Cost impact", "impact_percent": "Impact %", "root_cause": "Top root cause (service)"},
    "ko": {"start_date": "시작 날짜", "last_detected": "마지막 탐지", "duration_days": "기간",
           "cost_impact": "비용 영향", "impact_percent": "영향 %", "root_cause": "최상위 근본 원인(서비스)"},
}


def console_view(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The table as the Cost Anomaly Detection console shows it: dates as 2025.01.05, "14 days",
    "$20.01", "16675%" (two decimals below 1000 %), "N/A" where the expected spend was zero."""
    # A "$" in two cells of one table would otherwise be typeset as mathematics in Jupyter.
    pd.set_option("display.html.use_mathjax", False)

    def days(count):
        return f"{count}일" if lang == "ko" else f"{count} day" + ("" if count == 1 else "s")

    currency = table.attrs.get("currency") or "USD"
    money = "${:,.2f}" if currency == "USD" else "{:,.2f} " + currency

    def percent(value):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return NOT_APPLICABLE[lang]
        return f"{value:.0f}%" if abs(value) >= 1000 else f"{value:.2f}%"

    view = pd.DataFrame({
        "start_date": table["start_date"].dt.strftime("%Y.%m.%d"),
        "last_detected": table["last_detected"].dt.strftime("%Y.%m.%d"),
        "duration_days": table["duration_days"].map(days),
        "cost_impact": table["cost_impact"].map(money.format),
        "impact_percent": table["impact_percent"].map(percent),
        "root_cause": table["root_cause"],
    })
    return view.rename(columns=HEADERS[lang])
