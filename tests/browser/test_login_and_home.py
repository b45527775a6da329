"""The pages that exist for everyone: the login form and the home page with the directive."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD

from .conftest import (
    assert_accessible,
    assert_phone_ready,
    check_page,
    is_focused,
    open_menu_if_collapsed,
    tab_to,
)

pytestmark = pytest.mark.browser

DIRECTIVE_TITLE = "Tăng cường công tác chỉ đạo, định hướng, quản lý thông tin trên mạng xã hội"


def test_the_login_page_is_accessible_fits_a_phone_and_is_screenshot(new_page):
    page = new_page()
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    check_page(page, "login")


def test_a_user_logs_in_with_the_keyboard_alone(new_page, ubnd_staff):
    page = new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    username = page.get_by_label("Tên đăng nhập")
    password = page.get_by_label("Mật khẩu")
    # The username field has the focus on arrival; the skip link is before it, and it shows
    # itself when it has the focus.
    assert is_focused(username)
    skip = page.get_by_role("link", name="Chuyển đến nội dung chính")
    tab_to(page, skip, backwards=True, max_presses=3)
    expect(skip).to_be_visible()
    tab_to(page, username, max_presses=3)
    page.keyboard.type(ubnd_staff.username)
    page.keyboard.press("Tab")
    assert is_focused(password)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text(DIRECTIVE_TITLE)
    expect(page).to_have_url(re.compile(r"/$"))


def test_a_wrong_password_shows_an_accessible_error_and_keeps_the_username(new_page, ubnd_staff):
    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(ubnd_staff.username)
    page.get_by_label("Mật khẩu").fill("không-đúng")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_label("Tên đăng nhập")).to_have_value(ubnd_staff.username)
    assert_accessible(page)
    assert_phone_ready(page)


@pytest.mark.parametrize(
    "role, screenshot_name",
    [("ubnd_staff", None), ("board", "home-board"), ("committee", None)],
)
def test_the_home_page_is_accessible_and_fits_a_phone(role, screenshot_name, request, new_page):
    page = new_page(request.getfixturevalue(role))
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(DIRECTIVE_TITLE)
    expect(page.get_by_role("heading", name="Nhiệm vụ 4")).to_be_visible()
    check_page(page, screenshot_name)


def test_on_a_phone_the_menu_opens_and_logs_out(new_page, board):
    page = new_page(board, phone=True)
    page.goto("/")
    menu = page.get_by_role("button", name="Mở trình đơn")
    expect(menu).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_hidden()
    assert open_menu_if_collapsed(page)
    expect(page.get_by_role("link", name="Trang chủ")).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()


def test_the_checks_fail_on_what_they_look_for(new_page):
    page = new_page()
    page.goto("/accounts/login/")
    page.evaluate(
        """() => {
          const wide = document.createElement('div');
          wide.style.width = '600px';
          wide.textContent = 'rộng';
          document.querySelector('main').append(wide);
          const unlabelled = document.createElement('input');
          document.querySelector('main').append(unlabelled);
        }"""
    )
    page.set_viewport_size({"width": 375, "height": 740})
    with pytest.raises(AssertionError, match="scrolls sideways"):
        assert_phone_ready(page)
    with pytest.raises(pytest.fail.Exception, match="label"):
        assert_accessible(page)
