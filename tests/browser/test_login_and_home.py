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
    page.locator("#account-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()


# The vertical centres of what the bar shows: one line when they all sit at the same height.
_NAVBAR_LINE_JS = """() => {
  const bar = document.querySelector('nav.navbar');
  const shown = [...bar.querySelectorAll('.navbar-brand, .nav-link, .navbar-toggler')]
    .filter(el => el.checkVisibility());
  return {
    height: bar.getBoundingClientRect().height,
    width: window.innerWidth,
    items: shown.map(el => {
      const r = el.getBoundingClientRect();
      return {text: el.innerText.trim(), middle: r.top + r.height / 2, height: r.height,
              left: r.left, right: r.right};
    }),
  };
}"""


@pytest.mark.parametrize("role", ["ubnd_staff", "board", "committee", "admin_user"])
def test_at_1280_px_the_menu_is_one_line_for_every_role(role, request, new_page):
    user = request.getfixturevalue(role)
    # A long Vietnamese name, as real accounts have: it must not push the menu to a second line.
    user.last_name, user.first_name = "Nguyễn Thị Thanh", "Hương Giang"
    user.save(update_fields=["last_name", "first_name"])
    page = new_page(user)
    page.goto("/")
    expect(page.locator("#account-menu")).to_be_visible()
    bar = page.evaluate(_NAVBAR_LINE_JS)
    texts = [item["text"] for item in bar["items"]]
    assert "Trang chủ" in texts and "Tìm kiếm" in texts and "Hướng dẫn" in texts, texts
    if role in ("board", "admin_user"):
        assert "Theo dõi đơn vị" in texts and "Nhắc việc" in texts, texts
    # The bell, with its unread count, is on the bar too.
    assert page.locator("#notification-bell").is_visible()
    off_screen = [i for i in bar["items"] if i["left"] < 0 or i["right"] > bar["width"]]
    assert not off_screen, f"the menu runs off the screen at 1280 px: {off_screen}"
    middles = [item["middle"] for item in bar["items"]]
    assert max(middles) - min(middles) < 4, f"the menu wraps at 1280 px: {bar['items']}"
    tallest = max(item["height"] for item in bar["items"])
    assert bar["height"] < 2 * tallest, f"the menu is {bar['height']} px high: {bar['items']}"
    if role == "admin_user":
        # The administration waits under the name, with the account's items.
        page.locator("#account-menu").click()
        expect(page.get_by_role("link", name="Quản trị")).to_be_visible()


def test_the_account_menu_works_by_keyboard(new_page, board):
    page = new_page(board)
    page.goto("/")
    account = page.locator("#account-menu")
    expect(account).to_have_accessible_name(re.compile(r"Tài khoản: Nguyễn Văn An"))
    change_password = page.get_by_role("link", name="Đổi mật khẩu")
    expect(change_password).to_be_hidden()
    tab_to(page, account)
    page.keyboard.press("Enter")
    expect(change_password).to_be_visible()
    assert account.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert is_focused(change_password)
    page.keyboard.press("Escape")
    expect(change_password).to_be_hidden()
    assert is_focused(account)
    assert_accessible(page)

    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert is_focused(page.get_by_role("button", name="Đăng xuất"))
    page.keyboard.press("Enter")
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
