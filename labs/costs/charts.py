"""Plots of the bill that people would rather look at than read.

`daily_by_service` stacks each day's cost by service, draws the budget as a daily line and shades
the anomalies; `month_to_date` draws the month's running total against the budget, with the
forecast to the month's end. Both label themselves in the lab's language (Korean through
koreanize-matplotlib's NanumGothic, so Hangul renders instead of empty boxes).
"""

from __future__ import annotations

import calendar

import pandas as pd

from labs import language

TEXT = {
    "en": {
        "daily_title": "Daily cost by service", "cost": "cost per day", "budget_per_day": "budget per day",
        "anomaly": "anomaly", "other": "other services", "mtd_title": "This month: spent and forecast",
        "spent": "spent (month to date)", "forecast": "forecast", "budget": "budget", "total": "total",
        "per_month": "{amount} / month",
    },
    "ko": {
        "daily_title": "서비스별 일일 비용", "cost": "일일 비용", "budget_per_day": "하루 예산",
        "anomaly": "이상 징후", "other": "기타 서비스", "mtd_title": "이번 달 사용된 금액과 예상 금액",
        "spent": "사용된 금액(월초부터)", "forecast": "예상 금액", "budget": "예산", "total": "합계",
        "per_month": "월 {amount}",
    },
}
TOP_SERVICES = 6


def _text(lang):
    lang = lang or language.current()
    if lang == "ko":
        import koreanize_matplotlib  # noqa: F401  (sets a font with Hangul)
    return TEXT.get(lang, TEXT["en"])


def money(value: float, currency: str | None = "USD") -> str:
    # "$" starts mathtext in matplotlib; escape it so "$46.53" stays text.
    return f"\\${value:,.2f}" if (currency or "USD") == "USD" else f"{value:,.2f} {currency}"


def _top(costs: pd.DataFrame, other: str) -> pd.DataFrame:
    ranked = costs.abs().sum().sort_values(ascending=False).index
    kept = list(ranked[:TOP_SERVICES])
    top = costs[kept].copy()
    rest = [c for c in costs.columns if c not in kept]
    if rest:
        top[other] = costs[rest].sum(axis=1, min_count=1)
    return top


def daily_by_service(costs: pd.DataFrame, anomalies: pd.DataFrame | None = None, monthly_budget: float | None = None,
                     since=None, lang: str | None = None, ax=None):
    """Stacked bars of each day's cost by service (credits below zero), the budget per day, anomalies shaded."""
    import matplotlib.pyplot as plt

    text = _text(lang)
    data = costs if since is None else costs[costs.index >= pd.Timestamp(since)]
    data = _top(data, text["other"]).fillna(0.0)
    if ax is None:
        _, ax = plt.subplots(figsize=(13, 5), layout="constrained")
    up = pd.Series(0.0, index=data.index)
    down = pd.Series(0.0, index=data.index)
    colours = plt.get_cmap("tab10").colors
    for i, service in enumerate(data.columns):
        values = data[service]
        positive, negative = values.clip(lower=0), values.clip(upper=0)
        ax.bar(data.index, positive, bottom=up, width=0.85, color=colours[i % 10], label=service)
        if (negative < 0).any():
            ax.bar(data.index, negative, bottom=down, width=0.85, color=colours[i % 10], hatch="//")
        up, down = up + positive, down + negative
    currency = costs.attrs.get("currency")
    if monthly_budget:
        per_day = [monthly_budget / calendar.monthrange(d.year, d.month)[1] for d in data.index]
        ax.step(data.index, per_day, where="mid", color="black", linestyle="--", linewidth=1.2,
                label=f'{text["budget_per_day"]} ({text["per_month"].format(amount=money(monthly_budget, currency))})')
    if anomalies is not None and not anomalies.empty:
        _annotate_anomalies(ax, anomalies, data.index, float(up.max()) or 1.0, currency)
    if (down < 0).any():
        ax.axhline(0, color="grey", linewidth=0.8)
    ax.set_title(text["daily_title"])
    ax.set_ylabel(f'{text["cost"]} ({currency or "USD"})')
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.figure.autofmt_xdate()
    return ax


ROW = 0.065
"""The height of one anomaly's label above the bars, as a fraction of the plot's height."""


def _annotate_anomalies(ax, anomalies: pd.DataFrame, days: pd.DatetimeIndex, top: float, currency) -> None:
    """Each anomaly's span shaded, and its label in a band of rows above the tallest bar (never on a bar),
    right-aligned at the span's last day, one row per anomaly."""
    shown = []
    for _, row in anomalies.iterrows():
        start = max(row["start_date"], days.min()) - pd.Timedelta(hours=12)
        end = row["last_detected"] + pd.Timedelta(hours=12)
        if end >= days.min():
            shown.append((start, end, row))
    band_bottom = 0.98 - ROW * len(shown)
    ax.set_ylim(top=top / (band_bottom - 0.03))
    label_y = ax.get_xaxis_transform()  # x in days, y as a fraction of the plot's height
    for i, (start, end, row) in enumerate(shown):
        ax.axvspan(start, end, color="red", alpha=0.08)
        ax.text(end, 0.98 - ROW * i, f'{row["root_cause"]}  +{money(row["cost_impact"], currency)}', transform=label_y,
                fontsize=8, color="darkred", ha="right", va="top",
                bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none", "pad": 1.5})


def month_to_date(costs: pd.DataFrame, month_end, monthly_budget: float, lang: str | None = None, ax=None):
    """The month's running total against the budget, and the forecast line to the month's end."""
    import matplotlib.pyplot as plt

    text = _text(lang)
    currency = costs.attrs.get("currency")
    today = pd.Timestamp(month_end.today)
    start = today.replace(day=1)
    end = start + pd.offsets.MonthBegin(1) - pd.Timedelta(days=1)
    spent = costs[(costs.index >= start) & (costs.index < today)].sum(axis=1).cumsum()
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4.5), layout="constrained")
    ax.plot(spent.index, spent.values, marker="o", linewidth=2, label=text["spent"])
    last = spent.index[-1] if not spent.empty else start
    ax.plot([last, end], [month_end.month_to_date, month_end.forecast], linestyle=":", linewidth=2, color="tab:orange",
            label=f'{text["forecast"]} ({money(month_end.forecast, currency)})')
    ax.axhline(monthly_budget, color="red", linestyle="--", label=f'{text["budget"]} ({money(monthly_budget, currency)})')
    ax.annotate(money(month_end.month_to_date, currency), xy=(last, month_end.month_to_date), xytext=(-10, 10),
                textcoords="offset points", ha="right")
    ax.annotate(money(month_end.forecast, currency), xy=(end, month_end.forecast), xytext=(-5, 8),
                textcoords="offset points", ha="right", color="tab:orange")
    ax.set_xlim(start - pd.Timedelta(days=1), end + pd.Timedelta(days=1))
    ax.set_ylim(0, max(monthly_budget, month_end.forecast) * 1.15)
    ax.set_title(text["mtd_title"])
    ax.set_ylabel(currency or "USD")
    ax.legend(loc="upper left")
    ax.figure.autofmt_xdate()
    return ax
