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


# ---- the arrival rule: fresh copy takes the arrival's year ---------------------------------

from site_builder.importing.dates import date_at_arrival, fresh_date, moment_at  # noqa: E402

TUESDAY = dt.date(2026, 12, 1)


def test_fresh_copy_ignores_a_weekday_that_points_to_another_year():
    # "SINGAPORE, Dec 1 (Reuters) - ... OPEC+ said on Sunday": Dec 1 was a Sunday in 2024, but the story is today's
    got = date_at_arrival(12, 1, "OPEC+ said on Sunday it would extend cuts", TUESDAY)
    assert got.date == dt.date(2026, 12, 1) and got.source == "dateline+arrival" and got.fresh
    # "TOKYO, Dec 1 ... Nvidia said on Monday" and a Xinhua Dec. 1 story: Dec 1 was a Monday in 2025
    assert date_at_arrival(12, 1, "Nvidia said on Monday its sales rose", TUESDAY).date == dt.date(2026, 12, 1)


def test_fresh_window_is_a_few_days_before_and_a_day_after():
    assert date_at_arrival(11, 30, "no day named", TUESDAY).date == dt.date(2026, 11, 30)  # LONDON, November 30
    assert fresh_date(11, 27, TUESDAY) == dt.date(2026, 11, 27)  # a Friday story arriving on Tuesday
    assert fresh_date(12, 2, TUESDAY) == dt.date(2026, 12, 2)  # TOKYO is ahead of UTC
    assert fresh_date(12, 3, TUESDAY) is None and fresh_date(11, 20, TUESDAY) is None


def test_fresh_window_crosses_new_year():
    assert fresh_date(12, 31, dt.date(2027, 1, 2)) == dt.date(2026, 12, 31)
    assert fresh_date(1, 1, dt.date(2026, 12, 31)) == dt.date(2027, 1, 1)


def test_archival_copy_still_uses_the_weekday_rule_from_the_arrival():
    # the repository's seed: committed on 2026-11-29, weeks after its "October 17" dateline, "said on Sunday"
    got = date_at_arrival(10, 17, "the press service said on Sunday after the visit", dt.date(2026, 11, 29))
    assert got.date == dt.date(2021, 10, 17) and got.source == "dateline+weekday" and not got.fresh


def test_printed_year_is_fresh_only_when_near_the_arrival():
    got = date_at_arrival(11, 30, "", TUESDAY, year=2026)  # NEW YORK, Nov. 30, 2026 /PRNewswire/ --
    assert got.date == dt.date(2026, 11, 30) and got.source == "explicit" and got.fresh
    old = date_at_arrival(11, 30, "", TUESDAY, year=2019)
    assert old.date == dt.date(2019, 11, 30) and old.source == "explicit" and not old.fresh


def test_moment_takes_the_arrivals_time_but_never_passes_it():
    arrival = dt.datetime(2026, 12, 1, 14, 5, tzinfo=dt.timezone.utc)
    assert moment_at(dt.date(2026, 11, 30), arrival) == dt.datetime(2026, 11, 30, 14, 5, tzinfo=dt.timezone.utc)
    assert moment_at(dt.date(2026, 12, 2), arrival) == arrival
