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
                       update_text=update_text)
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
def update_text(context: jinja2.runtime.Context, updated: dt.datetime, date: dt.datetime) -> str:
    """When an article was updated, in the site time zone: the time (``14:05``) for an update on the day it
    was published, else the date."""
    tz = context["tz"]
    local = updated.astimezone(tz)
    if local.date() == date.astimezone(tz).date():
        return f"{local.hour:02d}:{local.minute:02d}"
    return date_text(updated, tz)


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
