"""Help pages per role, in Vietnamese and English, with the screenshots served by the app; and
the print stylesheet that keeps menus and buttons off paper (issue 13)."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["staff", "board", "committee"]


@pytest.mark.parametrize(
    ("user", "role"),
    [
        ("ubnd_staff", "staff"),
        ("board", "board"),
        ("admin_user", "board"),
        ("committee", "committee"),
    ],
)
def test_help_opens_on_the_reader_s_own_role(client, request, user, role):
    client.force_login(request.getfixturevalue(user))
    response = client.get(reverse("help"))
    assert response.status_code == 302
    assert response.url == reverse("help_role", args=[role])


@pytest.mark.parametrize("user", ["ubnd_staff", "board", "committee", "admin_user"])
@pytest.mark.parametrize("role", ROLES)
def test_every_role_s_help_is_open_to_anyone_signed_in(client, request, user, role):
    # It describes pages and shows no data, so a body's staff may read what the board does.
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("help_role", args=[role])).status_code == 200


def test_an_unknown_role_is_a_404(client, board):
    client.force_login(board)
    assert client.get(reverse("help_role", args=["nobody"])).status_code == 404


@pytest.mark.parametrize(
    ("role", "vietnamese", "english"),
    [
        ("staff", "Hướng dẫn cho cán bộ đơn vị", "Help for a body's staff"),
        (
            "board",
            "Hướng dẫn cho Ban Tuyên giáo Tỉnh ủy",
            "Help for the Provincial Propaganda Board",
        ),
        (
            "committee",
            "Hướng dẫn cho Ban Thường vụ Tỉnh ủy",
            "Help for the Provincial Standing Committee",
        ),
    ],
)
def test_help_is_in_vietnamese_and_in_english(client, board, role, vietnamese, english):
    client.force_login(board)
    url = reverse("help_role", args=[role])
    assert vietnamese in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert english in client.get(url).content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_screenshot_a_help_page_shows_is_served_and_described(client, board, role, language):
    client.force_login(board)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    html = client.get(reverse("help_role", args=[role])).content.decode()
    images = re.findall(r'<img [^>]*src="/static/([^"]+)"[^>]*alt="([^"]+)"', html)
    assert images
    for path, alt in images:
        assert finders.find(path), path
        assert alt.strip()


@pytest.mark.parametrize("user", ["ubnd_staff", "board", "committee"])
def test_the_menu_links_help_and_search_for_everyone(client, request, user):
    client.force_login(request.getfixturevalue(user))
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("help")}"' in html
    assert f'href="{reverse("search")}"' in html


def test_pages_carry_the_print_stylesheet_that_hides_menus_and_buttons(client, board):
    client.force_login(board)
    html = client.get(reverse("home")).content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html
    css = open(finders.find("css/print.css"), encoding="utf-8").read()
    hidden = css.split("{")[0]
    for selector in ("body > header", "body > footer", ".btn", "form"):
        assert selector in hidden


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in (reverse("help"), reverse("help_role", args=["board"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
