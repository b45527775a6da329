"""The browser harness: Playwright (sync API) driving this machine's Debian Chromium against
pytest-django's live server.

One browser per test session, a fresh context (cookies, storage) per page a test asks for, so
tests stay fast and never see each other's sessions. Helpers check what a user meets: axe-core's
serious and critical findings, keyboard use, a 375 px phone screen, and screenshots of the main
pages for the README.
"""

import datetime
import io
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from reports.models import ReportingPeriod
from reports.services.periods import reports_open
from tests.factories import PeriodFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Every run makes the screenshots; only a run asked to refresh the README's copies writes over the
# committed ones, so an ordinary test run leaves the work tree clean.
SCREENSHOTS = Path(settings.BASE_DIR) / (
    "docs/screenshots" if os.environ.get("UPDATE_SCREENSHOTS") else "test-artifacts/screenshots"
)
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
TIMEOUT_MS = 10_000


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Each test creates its users afresh (the live server needs a transactional database);
    # the production hasher would spend most of the suite's time hashing their passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="package", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop running in this thread while the browser is
    open; Django would then refuse every ORM call the tests make between browser steps, though
    they are plain synchronous code. Allowed for this package only: the browser closes with it,
    and the tests after it keep Django's check."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        # Under CI the shared conftest turns this skip into a failure: .ci/run installs it.
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class _PageWatch:
    """What a context did that a test must not let pass: requests leaving the live server,
    script errors on a page."""

    def __init__(self, origin: str):
        self.origin = origin
        self.foreign_requests: list[str] = []
        self.page_errors: list[str] = []

    def on_request(self, request):
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.foreign_requests.append(url)


@pytest.fixture
def new_page(browser, live_server, directive):
    """`new_page(user=None, *, phone=False, enforce_csp=False)`: a page in a new browser
    context, logged in as the user by a session cookie made the way Django's test client logs
    in (faster than the form, which has tests of its own, and the story logs in through it).
    The shipped directive is loaded. The context's base URL is the live server, so
    `page.goto("/accounts/login/")` works; `page.goto(reverse(...))` too."""
    contexts = []
    watches = []

    def make(user=None, *, phone: bool = False, enforce_csp: bool = False):
        context = browser.new_context(
            # Playwright evaluates the tests' own waits as strings, which the site's
            # Content-Security-Policy forbids; test_content_security_policy.py runs with it.
            bypass_csp=not enforce_csp,
            base_url=live_server.url,
            viewport=PHONE if phone else DESKTOP,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        watch = _PageWatch(live_server.url)
        context.on("request", watch.on_request)
        if user is not None:
            client = Client()
            client.force_login(user, backend="directive_tracker.auth_backends.UserAndBellBackend")
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url,
                    }
                ]
            )
        contexts.append(context)
        watches.append(watch)
        page = context.new_page()
        page.on("pageerror", lambda e: watch.page_errors.append(str(e)))
        return page

    yield make
    for context in contexts:
        context.close()
    for watch in watches:
        # Every asset is served by the app (intranets have no internet): nothing may leave it.
        assert not watch.foreign_requests, f"requests left the app: {watch.foreign_requests}"
        assert not watch.page_errors, f"script errors on the page: {watch.page_errors}"


def vi(msgid: str) -> str:
    """The Vietnamese the page shows for an English source string. Fails when the catalogue has
    none: a page in English is a fault the browser tests must see."""
    from django.utils import translation

    with translation.override("vi"):
        text = translation.gettext(msgid)
    assert text != msgid, f"no Vietnamese for {msgid!r}: run script/translate"
    return text


def vi_count(singular: str, plural: str, count: int) -> str:
    """vi() for a string with a count (blocktranslate count …), the count filled in."""
    from django.utils import translation

    with translation.override("vi"):
        text = translation.ngettext(singular, plural, count)
    assert text not in (singular, plural), f"no Vietnamese for {singular!r}: run script/translate"
    return text % {"counter": count}


@dataclass
class Periods:
    current: ReportingPeriod
    late: ReportingPeriod


@pytest.fixture
def periods(directive) -> Periods:
    """Two periods of the shipped directive, dated from today so the tests hold on any day: the
    current one (bodies' reports due in ten days) and a past one every body is late for. Each
    has its reports opened, one per body with tasks."""
    today = timezone.localdate()
    year = today.year
    current = PeriodFactory(
        directive=directive,
        kind=ReportingPeriod.Kind.ANNUAL,
        year=year,
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        data_cutoff=today + datetime.timedelta(days=9),
        body_due=today + datetime.timedelta(days=10),
        summary_due=today + datetime.timedelta(days=20),
    )
    late = PeriodFactory(
        directive=directive,
        kind=ReportingPeriod.Kind.HALF_YEAR,
        year=year,
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 6, 30),
        data_cutoff=today - datetime.timedelta(days=31),
        body_due=today - datetime.timedelta(days=30),
        summary_due=today - datetime.timedelta(days=20),
    )
    reports_open(period=current)
    reports_open(period=late)
    return Periods(current=current, late=late)


@pytest.fixture
def staff_page(new_page, ubnd_staff):
    return new_page(ubnd_staff)


@pytest.fixture
def board_page(new_page, board):
    return new_page(board)


@pytest.fixture
def committee_page(new_page, committee):
    return new_page(committee)


# --- Accessibility ---------------------------------------------------------------------------

BLOCKING_IMPACTS = ("serious", "critical")


def assert_accessible(page, *, exclude: list[str] | None = None):
    """Runs axe-core (bundled with axe-playwright-python, injected into the page: no network)
    and fails on any serious or critical violation, naming each rule and the elements."""
    from axe_playwright_python.sync_playwright import Axe

    # The page's own assets are loaded first, so any request seen during the run is axe's.
    page.wait_for_load_state("load")
    requests: list[str] = []

    def record(request):
        requests.append(request.url)

    page.on("request", record)
    options = {"resultTypes": ["violations"]}
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    try:
        results = Axe().run(page, context=context, options=options)
    finally:
        page.remove_listener("request", record)
    assert not requests, f"axe-core made network requests: {requests}"
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"axe-core on {page.url}: {len(blocking)} serious or critical violation(s)"]
        for violation in blocking:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:8]:
                target = " ".join(str(t) for t in node["target"])
                summary = " ".join((node.get("failureSummary") or "").split())[:300]
                lines.append(f"    {target}: {summary}")
        pytest.fail("\n".join(lines), pytrace=False)


# --- Keyboard --------------------------------------------------------------------------------


def is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator, *, max_presses: int = 40, backwards: bool = False):
    """Presses Tab until the locator has the focus, as a keyboard user would; fails if it never
    gets there (not focusable, or out of the tab order)."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(max_presses):
        if is_focused(locator):
            return
        page.keyboard.press(key)
    assert is_focused(locator), f"{locator} is not reached with {key} in {max_presses} presses"


# --- Phones ----------------------------------------------------------------------------------

_ACTIONS_JS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('.visually-hidden-focusable, .visually-hidden')) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    // Content of a closed <details> is one click away on every screen size alike.
    const details = el.parentElement && el.parentElement.closest('details:not([open])');
    if (details && el.tagName !== 'SUMMARY') continue;
    const label = (el.getAttribute('aria-label') || el.innerText || el.value || el.name
                   || el.id || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    let inScroller = false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') { inScroller = true; break; }
    }
    const r = el.getBoundingClientRect();
    found.push({key: `${el.tagName.toLowerCase()} "${label}"`, left: r.left, right: r.right,
                inScroller});
  }
  return found;
}"""

_OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const wide = [], anyWide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && anyWide.length < 10) {
      const cls = String(el.className).trim().replace(/\\s+/g, '.');
      const name = `${el.tagName.toLowerCase()}.${cls}`;
      anyWide.push(`${name} (right edge ${Math.round(r.right)} px)`);
    }
    if (r.right > width + 1 && el.checkVisibility()) {
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o !== 'visible') { clipped = true; break; }
      }
      const classes = typeof el.className === 'string' && el.className.trim()
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      const id = el.id ? '#' + el.id : '';
      if (!clipped) wide.push(`${el.tagName.toLowerCase()}${id}${classes}` +
        ` (right edge ${Math.round(r.right)} px)`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width,
          wide: wide.length ? wide.slice(0, 10) : anyWide};
}"""


def resize(page, size: dict):
    """Changes the window's size and lets the page settle: resize observers (Chart.js redraws
    its canvas on one) run in the following animation frames."""
    page.set_viewport_size(size)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def assert_no_horizontal_scroll(page):
    """At the page's current width the document is no wider than the window (given a moment:
    a chart redraws itself for the new width some frames after a resize)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "() => document.documentElement.scrollWidth <= window.innerWidth", timeout=2_000
        )
    except PlaywrightTimeout:
        pass
    result = page.evaluate(_OVERFLOW_JS)
    assert result["scrollWidth"] <= result["innerWidth"], (
        f"{page.url} scrolls sideways: {result['scrollWidth']} px wide in a "
        f"{result['innerWidth']} px window; too wide: {result['wide']}"
    )


def open_menu_if_collapsed(page) -> bool:
    """Opens the navbar's menu when the screen is narrow enough to hide it behind the toggler."""
    toggler = page.locator(".navbar-toggler")
    if toggler.count() and toggler.is_visible():
        toggler.click()
        page.locator("#main-nav").wait_for(state="visible")
        page.wait_for_function("!document.querySelector('#main-nav.collapsing')")
        assert toggler.get_attribute("aria-expanded") == "true"
        return True
    return False


def close_menu(page):
    toggler = page.locator(".navbar-toggler")
    toggler.click()
    page.wait_for_function("!document.querySelector('#main-nav.collapsing, #main-nav.show')")


def assert_phone_ready(page):
    """At 375 px the page does not scroll sideways, and every action the desktop page offers is
    still there (the menu behind the toggler, opened) and within the screen's width."""
    original = page.viewport_size
    if original["width"] != DESKTOP["width"]:
        resize(page, DESKTOP)
    desktop_actions = Counter(a["key"] for a in page.evaluate(_ACTIONS_JS))
    resize(page, PHONE)
    assert_no_horizontal_scroll(page)
    opened = open_menu_if_collapsed(page)
    actions = page.evaluate(_ACTIONS_JS)
    phone_actions = Counter(a["key"] for a in actions)
    missing = desktop_actions - phone_actions
    assert not missing, f"{page.url} at 375 px hides: {sorted(missing)}"
    outside = [
        a["key"]
        for a in actions
        if not a["inScroller"] and (a["left"] < -1 or a["right"] > PHONE["width"] + 1)
    ]
    assert not outside, f"{page.url} at 375 px puts these off the screen: {outside}"
    assert_no_horizontal_scroll(page)
    if opened:
        close_menu(page)
    resize(page, original)


# --- Screenshots -----------------------------------------------------------------------------


def screenshot(page, name: str, *, at=None):
    """Writes <name>-desktop.png (1280 px) and <name>-phone.png (375 px) of the page as it is
    now, from its top or from the element `at`, into SCREENSHOTS; the README shows them.
    Reduced to 256 colours, which keeps text sharp at a third of the size: they are committed."""
    from PIL import Image

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for suffix, size in (("desktop", DESKTOP), ("phone", PHONE)):
        resize(page, size)
        if at is not None:
            at.evaluate("element => element.scrollIntoView({block: 'start', behavior: 'instant'})")
        png = page.screenshot(animations="disabled", caret="hide")
        image = Image.open(io.BytesIO(png)).convert("RGB")
        image = image.quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        image.save(SCREENSHOTS / f"{name}-{suffix}.png", optimize=True)
    resize(page, original)


def check_page(page, name: str | None = None, *, at=None):
    """The checks every main page gets: axe-core, the phone width, and (named) its screenshots."""
    assert_accessible(page)
    assert_phone_ready(page)
    if name:
        screenshot(page, name, at=at)
        page.evaluate("() => window.scrollTo({top: 0, behavior: 'instant'})")
