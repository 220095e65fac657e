"""Cost data into one DataFrame shape, whatever it came from.

`from_cost_explorer(response)` reads a `GetCostAndUsage` answer (DAILY or MONTHLY, grouped by one
dimension such as SERVICE), `from_focus(path_or_frame)` a FOCUS 1.0 cost-and-usage file (the
FinOps Foundation's open billing format, which AWS Data Exports writes too). Both return a *wide*
frame: one row per day (or month), one column per service, the cost in the column's currency.

- A day the source does not mention at all is a row of NaN (unknown), not zeros: "no data" is not
  "free". A service missing on a day that is present cost nothing that day: 0.
- Credits and refunds stay negative: they lower that day's net cost, as on the bill.
- All costs must be in one currency (`frame.attrs["currency"]`); mixed currencies are refused.
- An empty answer gives an empty frame; `problems(frame)` says in a sentence what is missing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from labs.errors import LabError

DATE = "date"
SAMPLE_DATA = Path(__file__).resolve().parents[2] / "data" / "cost"
"""Real cost data shipped with the lab (see data/ATTRIBUTION.md)."""
FOCUS_SAMPLE = SAMPLE_DATA / "focus" / "focus_sample.csv"
COST_EXPLORER_SAMPLE = SAMPLE_DATA / "cost-explorer" / "cloudscape_getcostandusage_monthly_by_service.json"


def _empty(granularity: str, currency: str | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(index=pd.DatetimeIndex([], name=DATE))
    frame.attrs.update(granularity=granularity, currency=currency, missing_periods=[], credits=(0, 0.0))
    return frame


def _one_currency(currencies, source: str) -> str | None:
    found = sorted({c for c in currencies if c})
    if len(found) > 1:
        raise LabError(
            f"The {source} holds costs in more than one currency ({', '.join(found)}); adding them up "
            "would be meaningless: convert them to one currency first, or analyse one currency at a time.",
            f"{source}에 여러 통화({', '.join(found)})의 비용이 섞여 있습니다. 그대로 더하면 의미가 없으니 "
            "먼저 한 통화로 환산하거나, 통화별로 나눠서 분석하세요.",
        )
    return found[0] if found else None


def _frequency(granularity: str) -> str:
    return "MS" if granularity == "MONTHLY" else "D"


def _wide(rows: list[dict], periods: list[pd.Timestamp], granularity: str, currency: str | None) -> pd.DataFrame:
    if not periods:
        return _empty(granularity, currency)
    long = pd.DataFrame(rows, columns=[DATE, "service", "amount"])
    wide = long.pivot_table(index=DATE, columns="service", values="amount", aggfunc="sum", fill_value=0.0)
    present = pd.DatetimeIndex(sorted(set(periods)), name=DATE)
    wide = wide.reindex(present, fill_value=0.0)
    calendar = pd.date_range(present.min(), present.max(), freq=_frequency(granularity), name=DATE)
    wide = wide.reindex(calendar)  # periods the source never mentions: NaN
    wide.columns.name = "service"
    wide = wide[sorted(wide.columns)].astype(float)
    negative = long[long["amount"] < 0]
    wide.attrs.update(
        granularity=granularity,
        currency=currency,
        missing_periods=[d for d in calendar if d not in present],
        credits=(len(negative), float(negative["amount"].sum())),
    )
    return wide


def from_cost_explorer(response, metric: str = "UnblendedCost") -> pd.DataFrame:
    """A GetCostAndUsage response (a dict, JSON text, or a path to a JSON file) as a wide frame."""
    if isinstance(response, (str, Path)) and not str(response).lstrip().startswith("{"):
        response = json.loads(Path(response).read_text(encoding="utf-8"))
    elif isinstance(response, str):
        response = json.loads(response)
    if not isinstance(response, dict) or "ResultsByTime" not in response:
        raise LabError(
            "That is not a GetCostAndUsage response: pass what ce.get_cost_and_usage(...) returned "
            "(a dict with ResultsByTime).",
            "GetCostAndUsage 응답이 아닙니다. ce.get_cost_and_usage(...)가 돌려준 dict(ResultsByTime이 있는)를 넘기세요.",
        )
    results = response["ResultsByTime"]
    granularity = "DAILY"
    rows, periods, currencies = [], [], []
    for result in results:
        start = pd.Timestamp(result["TimePeriod"]["Start"])
        end = pd.Timestamp(result["TimePeriod"]["End"])
        if (end - start).days > 1:
            granularity = "MONTHLY"
        periods.append(start)
        groups = result.get("Groups") or []
        if groups:
            for group in groups:
                value = group["Metrics"].get(metric)
                if value is None:
                    raise LabError(
                        f"The response has no {metric}; ask for it with Metrics=[{metric!r}].",
                        f"응답에 {metric}이(가) 없습니다. Metrics=[{metric!r}]로 요청하세요.",
                    )
                rows.append({DATE: start, "service": " / ".join(group["Keys"]), "amount": float(value["Amount"])})
                currencies.append(value.get("Unit"))
        elif metric in (result.get("Total") or {}):
            value = result["Total"][metric]
            rows.append({DATE: start, "service": "Total", "amount": float(value["Amount"])})
            currencies.append(value.get("Unit"))
    return _wide(rows, periods, granularity, _one_currency(currencies, "Cost Explorer response"))


def from_focus(source, provider: str | None = "AWS", cost_column: str = "BilledCost") -> pd.DataFrame:
    """A FOCUS 1.0 file (path or DataFrame), summed per day and ServiceName, as a wide frame."""
    focus = source if isinstance(source, pd.DataFrame) else pd.read_csv(source, low_memory=False)
    if provider is not None:
        focus = focus[focus["ProviderName"] == provider]
    if focus.empty:
        return _empty("DAILY")
    currency = _one_currency(focus["BillingCurrency"].dropna().unique(), "FOCUS file")
    day = pd.to_datetime(focus["ChargePeriodStart"]).dt.tz_localize(None).dt.normalize()
    rows = pd.DataFrame({DATE: day, "service": focus["ServiceName"].fillna("(no service)"),
                         "amount": pd.to_numeric(focus[cost_column], errors="coerce").fillna(0.0)})
    return _wide(rows.to_dict("records"), list(day.unique()), "DAILY", currency)


def problems(frame: pd.DataFrame) -> list[dict]:
    """What a reader should know about this data before trusting an analysis, one sentence each."""
    notes = []
    if frame.empty or frame.shape[1] == 0:
        notes.append({
            "en": "There is no cost data: the response had no periods or no costs. Check the time period "
            "and the parameters you asked for; with the emulator, only the chapter's question has an answer.",
            "ko": "비용 데이터가 없습니다. 응답에 기간이나 비용이 없습니다. 요청한 기간과 파라미터를 확인하세요. "
            "에뮬레이터에서는 챕터의 질문에만 답이 있습니다.",
        })
        return notes
    missing = frame.attrs.get("missing_periods") or []
    if missing:
        listed = ", ".join(d.strftime("%Y-%m-%d") for d in missing[:5]) + (" ..." if len(missing) > 5 else "")
        notes.append({
            "en": f"{len(missing)} period(s) have no data at all ({listed}): they are left out of baselines "
            "and anomalies, not counted as zero.",
            "ko": f"{len(missing)}개 기간에 데이터가 전혀 없습니다({listed}). 이 기간은 0으로 치지 않고 기준선과 "
            "이상 징후 계산에서 뺍니다.",
        })
    count, total = frame.attrs.get("credits", (0, 0.0))
    if count:
        notes.append({
            "en": f"{count} cost line(s) are negative, credits or refunds (together {total:.4f}): they are "
            "kept, and lower the net cost of their day and service.",
            "ko": f"음수 비용이 {count}건 있습니다. 크레딧이나 환불입니다(합계 {total:.4f}). 버리지 않고, "
            "해당 날짜와 서비스의 순비용을 낮춥니다.",
        })
    currency = frame.attrs.get("currency")
    if currency and currency != "USD":
        notes.append({
            "en": f"Costs are in {currency}, not USD: compare them with a budget in the same currency.",
            "ko": f"비용 통화가 USD가 아니라 {currency}입니다. 같은 통화의 예산과 비교하세요.",
        })
    return notes
