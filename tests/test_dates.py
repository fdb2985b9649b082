"""Year inference for datelines without a year."""
import datetime as dt

from site_builder.importing.dates import infer_date, month_number, weekdays_named, years_named

REF = dt.date(2026, 11, 29)


def test_weekday_picks_latest_matching_year():
    got = infer_date(10, 17, "the office said on Sunday after the visit", REF)
    assert got.date == dt.date(2021, 10, 17) and got.source == "dateline+weekday"


def test_weekday_prefers_year_in_text():
    text = "The ministry said on Sunday. In 2010 the plan began."
    got = infer_date(10, 17, text, REF)
    assert got.date == dt.date(2010, 10, 17) and got.source == "dateline+weekday+year-in-text"


def test_no_weekday_uses_reference_year_or_year_before():
    assert infer_date(3, 26, "no day named", REF) .date == dt.date(2026, 3, 26)
    late = infer_date(12, 26, "no day named", REF)
    assert late.date == dt.date(2025, 12, 26) and late.source == "dateline+reference-date"


def test_never_after_reference():
    for month in range(1, 13):
        for text in ("said on Monday", "plain", "said on Friday in 2030"):
            assert infer_date(month, 28, text, REF).date <= REF


def test_explicit_year_wins():
    got = infer_date(10, 17, "said on Monday", REF, year=2019)
    assert got == type(got)(dt.date(2019, 10, 17), "explicit")


def test_february_29_steps_back_to_a_leap_year():
    assert infer_date(2, 29, "", dt.date(2026, 11, 29)).date == dt.date(2024, 2, 29)


def test_other_day_weekdays_are_ignored():
    assert weekdays_named("He arrived last Friday and the Sunday Times said so") == ()
    assert weekdays_named("Officials said today they met on Monday") == ()
    assert weekdays_named("the minister told reporters on Sunday") == (6,)


def test_helpers():
    assert month_number("Sept.") == 9 and month_number("MARCH") == 3 and month_number("Foo") == 0
    assert years_named("in 1987 and 2,000 tonnes, 1986.5") == frozenset({1987})


def test_impossible_dateline_day_falls_back_to_the_reference_date_quickly():
    """Found by fuzzing: 'March 50' used to loop for ever looking for a year that has that day."""
    import datetime as dt

    from site_builder.importing.dates import infer_date

    reference = dt.date(2024, 12, 31)
    assert infer_date(3, 50, "said on Sunday", reference).date == reference
    assert infer_date(2, 30, "", reference).source == "reference-date"
    assert infer_date(2, 29, "", reference).date == dt.date(2024, 2, 29)
    assert infer_date(2, 29, "", dt.date(2023, 6, 1)).date == dt.date(2020, 2, 29)
