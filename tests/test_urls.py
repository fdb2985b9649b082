from site_builder.model import urls
from site_builder.model.urls import Urls


def test_sub_path_is_kept_in_every_kind_of_url():
    u = Urls("https://user.github.io/repo/")
    assert u.base_path == "/repo/"
    assert u.path(urls.article("x")) == "/repo/articles/x/"
    assert u.absolute(urls.feed("atom", "trade")) == "https://user.github.io/repo/tags/trade/atom.xml"
    assert u.resolve("../img.png", urls.article("x")) == "https://user.github.io/repo/articles/img.png"
    assert u.resolve("#top", urls.article("x")) == "https://user.github.io/repo/articles/x/#top"


def test_routes_and_output_paths():
    assert urls.home(1) == "" and urls.home(3) == "page/3/"
    assert urls.tag("a", 2) == "tags/a/page/2/"
    assert urls.archive_month(2021, 3) == "archive/2021/03/"
    assert urls.output_path("") == "index.html"
    assert urls.output_path("tags/a/") == "tags/a/index.html"
    assert urls.output_path("feed.xml") == "feed.xml"


def test_root_site():
    assert Urls("https://example.org/").path("") == "/"
