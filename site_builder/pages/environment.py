"""The Jinja2 environment of the HTML pages: loaders, escaping and filters.

Templates come from the site's own ``templates/`` folder first, then from the
default theme in the package, so a site can override any one template.
Autoescaping is always on and undefined names are errors. The filters read
what they need (the :class:`~site_builder.model.urls.Urls` and the time zone) from
the render context, so one environment holds no site state of its own.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from site_builder.config.layout import SitePaths

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def make_environment(site_dir: Path) -> jinja2.Environment:
    """The page environment: site templates over theme templates, autoescaped, strict."""
    loader = jinja2.ChoiceLoader([
        jinja2.FileSystemLoader(str(SitePaths.of(Path(site_dir)).templates)),
        jinja2.PackageLoader("site_builder", "theme/templates"),
    ])
    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html", "htm", "xml"], default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(url=url, abs_url=abs_url, iso=iso, human_date=human_date, month_name=month_name,
                       human_time=human_time, update_time=update_time, advisory=advisory_text)
    return env


@jinja2.pass_context
def url(context: jinja2.runtime.Context, route: str) -> str:
    """Root-relative URL of a route (with the base path), for links inside pages."""
    return context["urls"].path(route)


@jinja2.pass_context
def abs_url(context: jinja2.runtime.Context, route: str) -> str:
    """Absolute URL of a route, for canonical links and copyable feed addresses."""
    return context["urls"].absolute(route)


@jinja2.pass_context
def iso(context: jinja2.runtime.Context, value: dt.datetime) -> str:
    """Machine-readable time in the site time zone, for ``<time datetime>``."""
    return iso_time(value, context["tz"])


@jinja2.pass_context
def human_date(context: jinja2.runtime.Context, value: dt.datetime) -> str:
    """A date people read, in the site time zone: ``17 October 2021``."""
    return date_text(value, context["tz"])


@jinja2.pass_context
def human_time(context: jinja2.runtime.Context, value: dt.datetime) -> str:
    """A date and time people read, in the site time zone: ``17 October 2021, 09:30``."""
    return time_text(value, context["tz"])


@jinja2.pass_context
def update_time(context: jinja2.runtime.Context, value: dt.datetime, published: dt.datetime) -> str:
    """When a story was updated: ``14:05`` on the day it was published, else its date and time."""
    return update_text(value, published, context["tz"])


def month_name(number: int) -> str:
    """English name of a month number (1-12), independent of the process locale."""
    return MONTHS[number - 1]


def iso_time(value: dt.datetime, tz: dt.tzinfo) -> str:
    """``value`` in ``tz`` as ISO 8601 with seconds and offset."""
    return value.astimezone(tz).isoformat(timespec="seconds")


def date_text(value: dt.datetime, tz: dt.tzinfo) -> str:
    """``value`` in ``tz`` as ``17 October 2021`` (no locale lookup)."""
    local = value.astimezone(tz)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}"


def time_text(value: dt.datetime, tz: dt.tzinfo) -> str:
    """``value`` in ``tz`` as ``17 October 2021, 09:30``; a date written without a time (local midnight)
    shows as the date alone."""
    local = value.astimezone(tz)
    day = date_text(local, tz)
    return day if _is_midnight(local) else f"{day}, {local:%H:%M}"


def update_text(value: dt.datetime, published: dt.datetime, tz: dt.tzinfo) -> str:
    """``value`` in ``tz`` as ``14:05`` when it is the same local day as ``published``, else as :func:`time_text`."""
    local = value.astimezone(tz)
    if local.date() == published.astimezone(tz).date() and not _is_midnight(local):
        return f"{local:%H:%M}"
    return time_text(value, tz)


def advisory_text(advisory: str) -> str:
    """An agency's advisory as a clause: ``(Adds analyst comment)`` → ``adds analyst comment``."""
    text = advisory.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


def _is_midnight(local: dt.datetime) -> bool:
    return (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)

