"""Chapter 04's cost data: the generated month reproduces the talk's figures, the emulator serves it
as Cost Explorer would, the same code runs on real data, and bad input gets a result or a sentence."""

import copy
import math
import warnings

import pandas as pd
import pytest

from labs.chapters.ch04_budgets_and_costs import grade_anomaly_table, reference_anomalies
from labs.costs import anomalies, charts, cost_explorer, forecast, generator, loaders
from labs.errors import LabError

TALK = {  # the talk's Cost Anomaly Detection screenshot
    "Amazon Virtual Private Cloud": ("2025-01-05", "2025-01-18", 14, 20.01, "16675%"),
    "Amazon Simple Storage Service": ("2025-01-12", "2025-01-15", 4, 0.04, "33.33%"),
    "Amazon Elastic Compute Cloud - Compute": ("2025-01-12", "2025-01-15", 4, 5.87, "N/A"),
    "AWS Key Management Service": ("2025-01-05", "2025-01-13", 9, 0.85, "157.41%"),
}


def generated():
    return loaders.from_cost_explorer(generator.get_cost_and_usage_response())


def response_with(days):
    """A DAILY, by-SERVICE response; days = {"2025-01-01": {"S3": ("1.5", "USD")}}."""
    results = []
    for day, groups in days.items():
        end = (pd.Timestamp(day) + pd.Timedelta(days=1)).strftime("%Y-%m-%d")
        results.append({"TimePeriod": {"Start": day, "End": end}, "Total": {}, "Estimated": False, "Groups": [
            {"Keys": [service], "Metrics": {"UnblendedCost": {"Amount": amount, "Unit": unit}}}
            for service, (amount, unit) in groups.items()]})
    return {"GroupDefinitions": [{"Type": "DIMENSION", "Key": "SERVICE"}], "ResultsByTime": results,
            "DimensionValueAttributes": []}


def steady(days=30, service="S3", amount="1.0", unit="USD"):
    start = pd.Timestamp("2025-01-01")
    return {(start + pd.Timedelta(days=i)).strftime("%Y-%m-%d"): {service: (amount, unit)} for i in range(days)}


# The generated month --------------------------------------------------------------------------

def test_the_generated_bill_covers_at_least_90_days_with_a_weekly_rhythm():
    daily = generated()
    assert len(daily) >= 90 and daily.index.max() == pd.Timestamp("2025-01-18")
    s3 = daily["Amazon Simple Storage Service"][: "2024-12-31"]
    assert s3[s3.index.day_of_week < 5].mean() > 1.2 * s3[s3.index.day_of_week >= 5].mean()


def test_the_generator_is_deterministic():
    generator.daily_costs.cache_clear()
    first = generator.get_cost_and_usage_response()
    generator.daily_costs.cache_clear()
    assert generator.get_cost_and_usage_response() == first


def test_the_month_matches_the_talks_budget_page():
    month = forecast.month_end(generated(), generator.LAB_TODAY)
    assert f"{month.month_to_date:.2f}" == "46.53" and f"{month.forecast:.2f}" == "80.34"
    spent, _ = month.percent_of(100)
    assert math.floor(spent * 100) / 100 == 46.52  # the console truncated: "46.52%"


def test_the_reference_detector_reproduces_the_talks_anomaly_table():
    table = anomalies.detect(generated())
    view = anomalies.console_view(table, "en").set_index("Top root cause (service)")
    assert set(view.index) == set(TALK)
    for service, (start, last, days, impact, percent) in TALK.items():
        row = view.loc[service]
        assert row["Start date"] == start.replace("-", ".") and row["Last detected"] == last.replace("-", ".")
        assert row["Duration"] == f"{days} days" and row["Cost impact"] == f"${impact:.2f}"
        assert row["Impact %"] == percent


# The emulator's Cost Explorer ------------------------------------------------------------------

def test_cost_explorer_serves_the_bill_whatever_the_order_of_the_parameters(account):
    cost_explorer.publish_cost_history(account)
    ce = account.client("ce")
    request = cost_explorer.REQUEST
    reordered = {key: request[key] for key in reversed(list(request))}
    answer = ce.get_cost_and_usage(**reordered)
    assert len(answer["ResultsByTime"]) == 110
    assert answer["GroupDefinitions"] == [{"Type": "DIMENSION", "Key": "SERVICE"}]
    other = ce.get_cost_and_usage(**{**request, "Granularity": "MONTHLY"})
    assert other["ResultsByTime"] == []


# Real data ------------------------------------------------------------------------------------

def test_rds_in_may_2023_is_the_top_anomaly_of_the_real_cost_explorer_sample():
    monthly = loaders.from_cost_explorer(loaders.COST_EXPLORER_SAMPLE)
    assert monthly.attrs["granularity"] == "MONTHLY"
    top = anomalies.detect(monthly).iloc[0]
    assert top["root_cause"] == "Amazon Relational Database Service" and top["start_date"] == pd.Timestamp("2023-05-01")
    assert round(top["actual"], 2) == 217.77 and top["duration_days"] == 31


def test_the_focus_sample_loads_with_its_credit():
    focus = loaders.from_focus(loaders.FOCUS_SAMPLE)
    assert round(focus.sum().sum(), 4) == 18.0066 and focus.attrs["currency"] == "USD"
    assert focus.attrs["credits"][0] == 1
    assert not anomalies.detect(focus).empty


# Bad input --------------------------------------------------------------------------------------

def test_missing_days_are_unknown_not_free_and_are_reported():
    days = steady(30)
    for gone in ("2025-01-10", "2025-01-11"):
        days.pop(gone)
    daily = loaders.from_cost_explorer(response_with(days))
    assert len(daily) == 30 and daily.loc["2025-01-10"].isna().all()
    assert "2 period(s) have no data" in loaders.problems(daily)[0]["en"]
    assert anomalies.detect(daily).empty


def test_a_zero_baseline_gives_no_percentage_not_infinity():
    days = steady(30)
    days["2025-01-20"]["EC2"] = ("2.5", "USD")
    table = anomalies.detect(loaders.from_cost_explorer(response_with(days)))
    [row] = table.to_dict("records")
    assert row["root_cause"] == "EC2" and row["cost_impact"] == 2.5 and math.isnan(row["impact_percent"])
    assert anomalies.console_view(table, "ko").iloc[0]["영향 %"] == "해당 사항 없음"
    assert anomalies.console_view(table, "en").iloc[0]["Impact %"] == "N/A"


def test_credits_and_refunds_stay_negative_and_are_not_anomalies():
    days = steady(30)
    days["2025-01-15"]["S3"] = ("-3.0", "USD")
    daily = loaders.from_cost_explorer(response_with(days))
    assert daily.loc["2025-01-15", "S3"] == -3.0
    assert "credits or refunds" in loaders.problems(daily)[0]["en"]
    assert anomalies.detect(daily).empty
    charts.daily_by_service(daily, lang="en")


def test_another_currency_is_kept_and_named():
    days = steady(30, amount="1300", unit="KRW")
    days["2025-01-20"]["S3"] = ("5200", "KRW")
    daily = loaders.from_cost_explorer(response_with(days))
    assert daily.attrs["currency"] == "KRW"
    assert "KRW" in anomalies.console_view(anomalies.detect(daily)).iloc[0]["Cost impact"]
    assert "not USD" in loaders.problems(daily)[0]["en"]


def test_mixed_currencies_are_refused_with_a_sentence():
    days = steady(3)
    days["2025-01-02"]["EC2"] = ("1", "EUR")
    with pytest.raises(LabError, match="more than one currency"):
        loaders.from_cost_explorer(response_with(days))


def test_an_empty_response_gives_an_empty_table_and_a_sentence():
    daily = loaders.from_cost_explorer({"ResultsByTime": [], "DimensionValueAttributes": []})
    assert daily.empty and "There is no cost data" in loaders.problems(daily)[0]["en"]
    table = anomalies.detect(daily)
    assert table.empty and list(table.columns)[:6] == anomalies.COLUMNS
    assert forecast.month_end(daily, generator.LAB_TODAY).forecast == 0.0


def test_days_without_any_cost_are_zeros_not_gaps():
    daily = loaders.from_cost_explorer(response_with({"2025-01-01": {"S3": ("1", "USD")}, "2025-01-02": {}}))
    assert daily.loc["2025-01-02", "S3"] == 0.0 and not daily.attrs["missing_periods"]


def test_something_that_is_not_a_response_is_refused_with_a_sentence():
    with pytest.raises(LabError, match="not a GetCostAndUsage response"):
        loaders.from_cost_explorer({"Budgets": []})


# Grading the learner's table ---------------------------------------------------------------------

def test_the_reference_table_passes_the_grader():
    done, _ = grade_anomaly_table(None, reference_anomalies()[anomalies.COLUMNS])
    assert done


def test_a_missing_anomaly_is_named_without_the_answer():
    mine = reference_anomalies()
    mine = mine[mine["root_cause"] != "Amazon Elastic Compute Cloud - Compute"]
    done, message = grade_anomaly_table(None, mine)
    assert not done and "Amazon Elastic Compute Cloud - Compute" in message["en"] and "5.87" not in message["en"]


def test_a_wrong_value_is_named_by_service_and_column():
    mine = copy.deepcopy(reference_anomalies())
    mine.loc[mine["root_cause"] == "AWS Key Management Service", "cost_impact"] = 1.39
    done, message = grade_anomaly_table(None, mine)
    assert not done and "AWS Key Management Service: cost_impact" in message["en"] and "0.85" not in message["en"]


def test_an_infinite_percentage_is_refused_with_a_tip():
    mine = reference_anomalies()
    mine["impact_percent"] = mine["impact_percent"].fillna(math.inf)
    done, message = grade_anomaly_table(None, mine)
    assert not done and "NaN" in message["en"]


def test_anything_but_a_dataframe_is_refused_with_a_sentence():
    done, message = grade_anomaly_table(None, None)
    assert not done and "DataFrame" in message["en"]


# Plots ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ko"])
def test_anomaly_labels_sit_above_the_bars_and_apart(lang):
    """Each anomaly's label is readable: on no bar, on no other label, inside the plot."""
    import matplotlib.pyplot as plt
    from matplotlib.container import BarContainer

    daily = generated()
    table = anomalies.detect(daily)
    ax = charts.daily_by_service(daily, table, monthly_budget=100, since="2024-12-01", lang=lang)
    renderer = ax.figure.canvas.get_renderer()
    labels = [text for text in ax.texts if "+" in text.get_text()]
    boxes = [text.get_window_extent(renderer) for text in labels]
    bars = [bar.get_window_extent(renderer) for container in ax.containers if isinstance(container, BarContainer)
            for bar in container if bar.get_height()]
    plt.close("all")
    assert len(labels) == len(table) and bars
    assert [label.get_text().split("  +")[0] for label in labels] == list(table["root_cause"])
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(bar) for bar in bars), f"{labels[i].get_text()} is on a bar"
        assert not any(box.overlaps(other) for other in boxes[i + 1:]), f"{labels[i].get_text()} is on another label"
        assert ax.get_window_extent(renderer).contains(box.x0, box.y0) and ax.get_window_extent(renderer).contains(
            box.x1, box.y1), f"{labels[i].get_text()} leaves the plot"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_plots_render_without_missing_glyphs(lang):
    import matplotlib.pyplot as plt

    daily = generated()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax = charts.daily_by_service(daily, anomalies.detect(daily), monthly_budget=100, since="2024-12-01", lang=lang)
        ax.figure.canvas.draw()
        ax = charts.month_to_date(daily, forecast.month_end(daily, generator.LAB_TODAY), 100, lang=lang)
        ax.figure.canvas.draw()
    plt.close("all")
    assert not [w for w in caught if "Glyph" in str(w.message)]
