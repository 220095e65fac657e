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

from labs.errors import LabError, excerpt
from labs.korean import josa, particle

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


def _not_a_response(why: str) -> LabError:
    return LabError(
        f"That is not a GetCostAndUsage response ({why}): pass what ce.get_cost_and_usage(...) returned "
        "(a dict with ResultsByTime), or the path of a JSON file holding it.",
        f"GetCostAndUsage 응답이 아닙니다({why}). ce.get_cost_and_usage(...)가 돌려준 dict(ResultsByTime이 있는)나, "
        "그것을 담은 JSON 파일의 경로를 넘기세요.",
    )


def _read_text(path, what: str) -> str:
    try:
        return Path(path).expanduser().read_text(encoding="utf-8")
    except (OSError, ValueError, RuntimeError) as error:  # missing, a folder, too long a name, not UTF-8
        raise _unreadable(path, what, error) from None


def _unreadable(path, what: str, error: Exception) -> LabError:
    why = getattr(error, "strerror", None) or type(error).__name__
    return LabError(
            f"The {what} {excerpt(str(path), 80)} cannot be read ({why}); check the path (data/cost/ holds samples).",
            f"{what_ko(what)} {josa(excerpt(str(path), 80), '을')} 읽을 수 없습니다({why}). 경로를 확인하세요(data/cost/에 "
            "예시가 "
            "있습니다).",
    )


def what_ko(what: str) -> str:
    return {"file": "파일", "FOCUS file": "FOCUS 파일"}.get(what, what)


def from_cost_explorer(response, metric: str = "UnblendedCost") -> pd.DataFrame:
    """A GetCostAndUsage response (a dict, JSON text, or a path to a JSON file) as a wide frame."""
    if isinstance(response, (str, Path)) and not str(response).lstrip().startswith("{"):
        response = _read_text(response, "file")
    if isinstance(response, str):
        try:
            response = json.loads(response)
        except (ValueError, RecursionError):
            raise _not_a_response("the text is not JSON") from None
    if not isinstance(response, dict) or not isinstance(response.get("ResultsByTime"), list):
        raise _not_a_response(f"a {type(response).__name__} without a ResultsByTime list")
    if not isinstance(metric, str):
        raise LabError(f"metric is a name such as 'UnblendedCost', not {excerpt(metric)}.",
                       f"metric은 'UnblendedCost' 같은 이름이어야 합니다. {josa(excerpt(metric), '은')} 쓸 수 없습니다.")
    try:
        return _cost_explorer_frame(response["ResultsByTime"], metric)
    except LabError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as error:
        raise _not_a_response(f"{type(error).__name__} {excerpt(str(error), 60, quote=False)} in ResultsByTime") from None


def _cost_explorer_frame(results: list, metric: str) -> pd.DataFrame:
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
                        f"응답에 {josa(metric, '이')} 없습니다. Metrics=[{metric!r}]로 요청하세요.",
                    )
                rows.append({DATE: start, "service": " / ".join(map(str, group["Keys"])),
                             "amount": float(value["Amount"])})
                currencies.append(value.get("Unit"))
        elif metric in (result.get("Total") or {}):
            value = result["Total"][metric]
            rows.append({DATE: start, "service": "Total", "amount": float(value["Amount"])})
            currencies.append(value.get("Unit"))
    return _wide(rows, periods, granularity, _one_currency(currencies, "Cost Explorer response"))


FOCUS_COLUMNS = ("ChargePeriodStart", "ServiceName", "BillingCurrency")


def from_focus(source, provider: str | None = "AWS", cost_column: str = "BilledCost") -> pd.DataFrame:
    """A FOCUS 1.0 file (path or DataFrame), summed per day and ServiceName, as a wide frame."""
    if isinstance(source, pd.DataFrame):
        focus = source
    elif isinstance(source, (str, Path)):
        focus = _read_focus(source)
    else:
        raise LabError(
            f"from_focus reads a FOCUS file's path or a DataFrame, not a {type(source).__name__} ({excerpt(source)}).",
            "from_focus는 FOCUS 파일의 경로나 DataFrame을 읽습니다. "
            f"{type(source).__name__}({excerpt(source)}){particle(type(source).__name__, '은')} "
            "읽을 수 없습니다.",
        )
    needed = [*FOCUS_COLUMNS, cost_column] + (["ProviderName"] if provider is not None else [])
    missing = [c for c in needed if not isinstance(c, str) or c not in focus.columns]
    if missing:
        shown = ", ".join(excerpt(c, 30, quote=False) for c in missing)
        raise LabError(
            f"That is not FOCUS cost data: it has no {shown} column(s); FOCUS 1.0 files (AWS Data Exports, "
            "data/cost/focus/) have them all.",
            f"FOCUS 비용 데이터가 아닙니다. {shown} 열이 없습니다. FOCUS 1.0 파일(AWS Data Exports, data/cost/focus/)에는 "
            "모두 있습니다.",
        )
    if provider is not None and not isinstance(provider, str):
        raise LabError(f"provider is a name such as 'AWS' (or None for every provider), not {excerpt(provider)}.",
                       f"provider는 'AWS' 같은 이름(모든 공급자는 None)이어야 합니다. {josa(excerpt(provider), '은')} 쓸 수 "
                       "없습니다.")
    try:
        return _focus_frame(focus, provider, cost_column)
    except LabError:
        raise
    except (TypeError, ValueError, OverflowError) as error:  # a list in a cell, a date pandas cannot place
        raise LabError(
            f"That FOCUS data holds values FOCUS never writes ({type(error).__name__}: "
            f"{excerpt(str(error), 60, quote=False)}); FOCUS 1.0 cells are text, numbers and dates.",
            f"FOCUS 데이터에 FOCUS가 쓰지 않는 값이 있습니다({type(error).__name__}: {excerpt(str(error), 60, quote=False)}). "
            "FOCUS 1.0의 칸에는 글자, 숫자, 날짜만 들어갑니다.",
        ) from None


def _focus_frame(focus: pd.DataFrame, provider: str | None, cost_column: str) -> pd.DataFrame:
    if provider is not None:
        focus = focus[focus["ProviderName"] == provider]
    try:
        day = pd.to_datetime(focus["ChargePeriodStart"], utc=True).dt.tz_localize(None).dt.normalize()
    except (ValueError, TypeError, OverflowError):
        raise LabError(
            "ChargePeriodStart holds values that are not dates; FOCUS writes them like 2024-10-01T00:00:00Z.",
            "ChargePeriodStart에 날짜가 아닌 값이 있습니다. FOCUS는 2024-10-01T00:00:00Z처럼 씁니다.",
        ) from None
    focus, day = focus[day.notna()], day[day.notna()]  # a charge without a date cannot be placed on a day
    if focus.empty:
        return _empty("DAILY")
    currency = _one_currency(focus["BillingCurrency"].dropna().unique(), "FOCUS file")
    rows = pd.DataFrame({DATE: day, "service": focus["ServiceName"].fillna("(no service)").astype(str),
                         "amount": pd.to_numeric(focus[cost_column], errors="coerce").fillna(0.0)})
    return _wide(rows.to_dict("records"), list(day.unique()), "DAILY", currency)


def _read_focus(path) -> pd.DataFrame:
    try:
        return pd.read_csv(Path(path).expanduser(), low_memory=False)
    except (OSError, RuntimeError) as error:  # missing, a folder, too long a name, no home for ~
        raise _unreadable(path, "FOCUS file", error) from None
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise LabError(
            f"The FOCUS file {excerpt(str(path), 80)} is not a CSV file pandas can read ({type(error).__name__}); "
            "FOCUS exports are CSV with a header row.",
            f"FOCUS 파일 {josa(excerpt(str(path), 80), '은')} pandas가 읽을 수 있는 CSV가 아닙니다({type(error).__name__}). "
            "FOCUS 내보내기는 머리글 행이 있는 CSV입니다.",
        ) from None


def problems(frame: pd.DataFrame) -> list[dict]:
    """What a reader should know about this data before trusting an analysis, one sentence each."""
    if not isinstance(frame, pd.DataFrame):
        raise LabError(
            f"problems(...) reads the frame from_cost_explorer or from_focus returned, not a {type(frame).__name__}.",
            f"problems(...)는 from_cost_explorer나 from_focus가 돌려준 DataFrame을 읽습니다. "
            f"{josa(type(frame).__name__, '은')} 읽을 수 없습니다.",
        )
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
