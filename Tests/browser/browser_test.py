#!/usr/bin/env python3
"""Browser test of a built Atrium portal, in headless Chromium.

Serves the site folder over http:// from a subfolder of a loopback server, then checks
that search finds a product, that facets filter, that pages load without console
errors, that no page overflows a 360 px phone screen, and that axe-core finds no
serious or critical accessibility violation. Exits 0 when every check passes, 1
otherwise, 2 when the browser or axe-core cannot be started.

    python3 Tests/browser/browser_test.py --site /tmp/site-public \
        --query "costing template" \
        --expect-title "Costing template for gender-responsive budget proposals" \
        [--screenshots OUTDIR]

Needs Debian's chromium and chromium-driver, and from PyPI selenium and
axe-playwright-python (used only for the axe-core script it ships; see README.md).
"""

import argparse
import base64
import functools
import http.server
import importlib.util
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

SITE_PREFIX = "portal/"  # the site is served from a subfolder, as it may be in production
WAIT_SECONDS = 15
FAILING_IMPACTS = ("serious", "critical")


# ---------------------------------------------------------------- results

class Report:
    """Collects check results and prints them as they come."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def ok(self, name, detail=""):
        self.passed += 1
        print(f"PASS  {name}{': ' + detail if detail else ''}", flush=True)

    def fail(self, name, detail):
        self.failed += 1
        print(f"FAIL  {name}: {detail}", flush=True)

    def skip(self, name, why):
        self.skipped += 1
        print(f"SKIP  {name}: {why}", flush=True)

    def note(self, text):
        print(f"      {text}", flush=True)

    def check(self, name, condition, detail_if_failed, detail_if_passed=""):
        if condition:
            self.ok(name, detail_if_passed)
        else:
            self.fail(name, detail_if_failed)
        return condition


# ---------------------------------------------------------------- serving

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(site: Path):
    """Serves site/ at http://127.0.0.1:<free port>/portal/; returns (server, base URL, temp dir)."""
    holder = Path(tempfile.mkdtemp(prefix="atrium-browser-"))
    (holder / SITE_PREFIX.strip("/")).symlink_to(site.resolve(), target_is_directory=True)
    handler = functools.partial(QuietHandler, directory=str(holder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/{SITE_PREFIX}", holder


# ---------------------------------------------------------------- browser

def find_program(explicit, names):
    if explicit:
        return explicit
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def start_browser(chromium, chromedriver):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download anything
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--hide-scrollbars", "--force-color-profile=srgb",
                     "--disable-extensions", "--no-first-run", "--lang=en-GB"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    return driver


def set_viewport(driver, width, height, mobile=False):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def console_errors(driver):
    """Console errors and uncaught exceptions since the last call (the browser's own /favicon.ico aside)."""
    errors = []
    for entry in driver.get_log("browser"):
        if entry.get("level") != "SEVERE":
            continue
        if "favicon.ico" in entry.get("message", ""):
            continue
        errors.append(entry["message"])
    return errors


def open_page(driver, url):
    console_errors(driver)  # forget what earlier pages logged
    driver.get(url)
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


def screenshot(driver, path: Path, max_height=5000):
    """A full-page PNG (up to max_height CSS pixels tall)."""
    size = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    width, height = size[0], min(size[1], max_height)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    path.write_bytes(base64.b64decode(shot["data"]))


# ---------------------------------------------------------------- axe-core

def axe_source():
    """The axe-core script shipped in the PyPI package axe-playwright-python (not imported: read)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "axe.min.js"
    return path.read_text(encoding="utf-8") if path.exists() else None


def run_axe(driver, source):
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(source)
    return driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']})
           .then(r => done({version: axe.version, violations: r.violations}))
           .catch(e => done({error: String(e)}));
    """)


def check_accessibility(report, driver, source, name):
    result = run_axe(driver, source)
    if "error" in result:
        report.fail(f"accessibility: {name}", f"axe-core failed to run: {result['error']}")
        return
    blocking, other = [], []
    for violation in result["violations"]:
        (blocking if violation.get("impact") in FAILING_IMPACTS else other).append(violation)
    if blocking:
        report.fail(f"accessibility: {name}",
                    f"{len(blocking)} serious or critical axe-core {result['version']} violation(s)")
    else:
        report.ok(f"accessibility: {name}", f"no serious or critical violations (axe-core {result['version']})")
    for violation in blocking + other:
        targets = [" ".join(map(str, node.get("target", []))) for node in violation["nodes"]]
        shown = ", ".join(targets[:4]) + (f" and {len(targets) - 4} more" if len(targets) > 4 else "")
        report.note(f"{violation['impact'] or 'n/a':>8}  {violation['id']}: {violation['help']}")
        report.note(f"          at {shown}")
        if violation in blocking:
            first = violation["nodes"][0].get("failureSummary", "").replace("\n", " ")
            report.note(f"          {first[:300]}")


# ---------------------------------------------------------------- site helpers

def first_page(site: Path, folder):
    """The first listing page (alphabetically) under folder/, as a site-relative URL."""
    base = site / folder
    if not base.is_dir():
        return None
    for child in sorted(base.iterdir()):
        if (child / "index.html").exists():
            return f"{folder}/{child.name}/"
    return None


def rtl_product(site: Path):
    """A product page whose article is right to left, if the site has one."""
    products = site / "products"
    if not products.is_dir():
        return None
    for child in sorted(products.iterdir()):
        page = child / "index.html"
        if page.exists() and re.search(r'<article class="product"[^>]*dir="rtl"', page.read_text(encoding="utf-8")):
            return f"products/{child.name}/"
    return None


def text_of(driver, css):
    return [e.text.strip() for e in driver.find_elements("css selector", css)]


def wait_for_search(driver, condition_js):
    """Waits until search.js is idle and condition_js (a JS expression) is true; returns the status text."""
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, WAIT_SECONDS).until(lambda d: d.execute_script(f"""
        const s = document.getElementById('search-status');
        const list = document.getElementById('search-results');
        return s.textContent && !s.textContent.startsWith('Loading')
            && !list.hasAttribute('aria-busy') && ({condition_js});"""))
    return driver.find_element("id", "search-status").text.strip()


def status_count(text):
    match = re.match(r"([\d,]+) (?:results?|products?)\b", text)
    return int(match.group(1).replace(",", "")) if match else (0 if text.startswith("No ") else None)


# ---------------------------------------------------------------- the checks

def check_page(report, driver, base, url, name, axe, shots, shot_name):
    """Loads a page, checks console and axe, optionally saves a screenshot; returns True if loaded."""
    try:
        open_page(driver, base + url)
    except Exception as error:  # noqa: BLE001 - reported, then the other checks go on
        report.fail(f"{name} loads", f"{url}: {error}")
        return False
    title = driver.title
    errors = console_errors(driver)
    report.check(f"{name} loads without console errors", not errors and "404" not in title,
                 f"{url}: " + ("; ".join(errors) or f"title {title!r}"), url)
    if axe:
        check_accessibility(report, driver, axe, f"{name} ({url})")
    if shots:
        screenshot(driver, shots / f"{shot_name}.png")
    return True


def search_checks(report, driver, base, query, expect_title, axe, shots):
    from selenium.webdriver.common.keys import Keys

    # 1. A linkable search: search/?q=…
    url = f"{base}search/?q={urllib.parse.quote(query)}"
    open_page(driver, url)
    try:
        status = wait_for_search(driver, "true")
    except Exception:  # noqa: BLE001
        report.fail("search page answers", f"no search status after {WAIT_SECONDS} s at {url}")
        return None
    titles = text_of(driver, "#search-results .card__title a")
    found = report.check("search finds the expected product", expect_title in titles,
                         f"{expect_title!r} not among {len(titles)} result(s) {titles[:5]} (status: {status!r})",
                         f"“{query}”: {status}")
    report.check("search page reads the query into the box",
                 driver.find_element("id", "search-q").get_attribute("value") == query,
                 "#search-q does not hold the query")
    errors = console_errors(driver)
    report.check("search page has no console errors", not errors, "; ".join(errors))
    product_url = None
    if found:
        link = [a for a in driver.find_elements("css selector", "#search-results .card__title a")
                if a.text.strip() == expect_title][0]
        product_url = link.get_attribute("href")
        report.check("result links are relative to the site", product_url.startswith(base),
                     f"{product_url} is not under {base}")
    if axe:
        check_accessibility(report, driver, axe, "search page with results")
    if shots:
        screenshot(driver, shots / "search.png")

    # 2. Search as you type, and a submit that does not reload the page.
    box = driver.find_element("id", "search-q")
    driver.execute_script("window.__atriumNoReload = true;")
    box.clear()
    box.send_keys(query)
    try:
        wait_for_search(driver, f"Array.from(document.querySelectorAll('#search-results .card__title a'))"
                                f".some(a => a.textContent.trim() === {json.dumps(expect_title)})")
        report.ok("search runs while typing")
    except Exception:  # noqa: BLE001
        report.fail("search runs while typing", "typing the query did not show the expected product")
    box.send_keys(Keys.ENTER)
    time.sleep(0.5)
    report.check("submitting the search form does not reload the page",
                 driver.execute_script("return window.__atriumNoReload === true"), "the page was reloaded")
    report.check("the address holds the query", f"q={urllib.parse.quote_plus(query)}" in driver.current_url
                 or f"q={urllib.parse.quote(query)}" in driver.current_url, driver.current_url)

    # 3. Facets, from an empty query: a prompt, then a ticked checkbox filters.
    open_page(driver, base + "search/")
    status = wait_for_search(driver, "document.querySelector('#search-facets input[type=checkbox]') !== null")
    report.check("empty search shows a prompt, not every product",
                 not driver.find_elements("css selector", "#search-results li"),
                 f"results were listed for an empty query (status {status!r})", status)
    doc_count = driver.execute_script("""return fetch('../search/manifest.json').then(r => r.json())
        .then(m => m.docCount)""")
    boxes = driver.find_elements("css selector", "#search-facets fieldset:first-of-type input[type=checkbox]")
    choice = None
    for candidate in boxes:
        label = driver.find_element("css selector", f"label[for='{candidate.get_attribute('id')}']")
        count = int(label.find_element("css selector", ".count").text.split()[0])
        if count < doc_count:
            choice = (candidate, label.find_element("css selector", "span").text.strip(), count,
                      candidate.get_attribute("name"), candidate.get_attribute("value"),
                      candidate.get_attribute("id"))
            break
    if choice is None:
        report.skip("a facet filters results", "no facet value covers fewer than all products")
        return product_url
    candidate, label, count, key, value, box_id = choice
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", candidate)
    candidate.click()
    try:
        status = wait_for_search(driver, f"location.search.includes({json.dumps(key + '=')})")
    except Exception:  # noqa: BLE001
        report.fail("a facet filters results", "ticking a checkbox changed neither the address nor the results")
        return product_url
    types = text_of(driver, "#search-results .card__type")
    shown = len(driver.find_elements("css selector", "#search-results > li"))
    report.check("a facet filters results",
                 status_count(status) == count and shown == min(count, 20) and all(t == label for t in types),
                 f"ticked {key}={value} ({label}, {count}); status {status!r}, {shown} shown, types {set(types)}",
                 f"{key}={value}: {status}")
    report.check("the ticked facet stays ticked",
                 driver.find_element("id", box_id).is_selected(), "it was unticked")
    linkable = driver.current_url
    open_page(driver, linkable)
    status_again = wait_for_search(driver, "true")
    report.check("a filtered search is linkable", status_count(status_again) == count,
                 f"{linkable} gives {status_again!r}, not {count}")

    # 4. More than a page of results: the "Show more results" button.
    if doc_count > 20:
        first_value = driver.execute_script("""return fetch('../search/manifest.json').then(r => r.json())
            .then(m => m.facets.find(f => f.key === 'freshness').values.map(v => v.id))""")
        open_page(driver, base + "search/?" + "&".join(f"freshness={v}" for v in first_value))
        wait_for_search(driver, "true")
        before = len(driver.find_elements("css selector", "#search-results > li"))
        more = driver.find_element("id", "search-more")
        if more.is_displayed():
            more.click()
            wait_for_search(driver, f"document.querySelectorAll('#search-results > li').length > {before}")
            after = len(driver.find_elements("css selector", "#search-results > li"))
            report.check("“Show more results” adds results", after > before, f"{before} → {after}",
                         f"{before} → {after}")
        else:
            report.skip("“Show more results” adds results", "all results fit on one page")
    return product_url


def rtl_search(report, driver, base):
    """Search finds the right-to-left product by its title: terms are made alike in Swift and JS."""
    title = driver.find_element("css selector", "article.product h1").text.strip()
    open_page(driver, f"{base}search/?q={urllib.parse.quote(title)}")
    status = wait_for_search(driver, "true")
    titles = text_of(driver, "#search-results .card__title a")
    report.check("search finds the right-to-left product by its title", title in titles,
                 f"{title!r} not among {titles[:5]} (status: {status!r})", status)


def phone_checks(report, driver, base, pages, shots):
    """No page is wider than a 360 px screen (the layout stacks, tables scroll inside)."""
    set_viewport(driver, 360, 740, mobile=True)
    for name, url in pages:
        open_page(driver, base + url)
        widths = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        report.check(f"{name} fits a 360 px phone screen", widths[0] <= widths[1],
                     f"{url} is {widths[0]} px wide in a {widths[1]} px window")
    if shots:
        set_viewport(driver, 390, 844, mobile=True)
        for name, url, shot in (("home", "", "phone-home"), ("product", pages[1][1], "phone-product"),
                                ("search", pages[-1][1], "phone-search")):
            open_page(driver, base + url)
            if name == "search":
                wait_for_search(driver, "true")
            screenshot(driver, shots / f"{shot}.png")
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", required=True, type=Path, help="the built site folder")
    parser.add_argument("--query", required=True, help="a search that must find --expect-title")
    parser.add_argument("--expect-title", required=True, help="a product title the query must find")
    parser.add_argument("--screenshots", type=Path, help="save PNG screenshots into this folder")
    parser.add_argument("--chromium", help="the Chromium binary (default: chromium on PATH)")
    parser.add_argument("--chromedriver", help="the ChromeDriver binary (default: chromedriver on PATH)")
    parser.add_argument("--no-axe", action="store_true", help="skip the accessibility checks")
    args = parser.parse_args()

    site = args.site
    if not (site / "index.html").exists() or not (site / "search" / "manifest.json").exists():
        print(f"error: {site} is not a built Atrium site (no index.html or search/manifest.json)", file=sys.stderr)
        return 2
    chromium = find_program(args.chromium, ["chromium", "chromium-browser", "google-chrome"])
    chromedriver = find_program(args.chromedriver, ["chromedriver"])
    if not chromium or not chromedriver:
        print("error: needs chromium and chromedriver (Debian: apt-get install chromium chromium-driver)",
              file=sys.stderr)
        return 2
    axe = None
    if not args.no_axe:
        axe = axe_source()
        if axe is None:
            print("error: axe-core not found: pip install --no-deps axe-playwright-python (or pass --no-axe)",
                  file=sys.stderr)
            return 2
    shots = args.screenshots
    if shots:
        shots.mkdir(parents=True, exist_ok=True)

    server, base, holder = serve(site)
    try:
        driver = start_browser(chromium, chromedriver)
    except Exception as error:  # noqa: BLE001
        print(f"error: could not start Chromium through ChromeDriver: {error}", file=sys.stderr)
        server.shutdown()
        return 2
    report = Report()
    print(f"Testing {site} at {base} with {driver.capabilities.get('browserName')} "
          f"{driver.capabilities.get('browserVersion')}", flush=True)
    started = time.monotonic()
    try:
        check_page(report, driver, base, "", "home page", axe, shots, "home")
        product_url = search_checks(report, driver, base, args.query, args.expect_title, axe, shots)
        product = product_url[len(base):] if product_url else None
        if product is None:
            product = next((f"products/{p.name}/" for p in sorted((site / "products").iterdir())), None)
        check_page(report, driver, base, product, "product page", axe, shots, "product")
        rtl = rtl_product(site)
        if rtl:
            check_page(report, driver, base, rtl, "right-to-left product page", axe, shots, "product-rtl")
            report.check("right-to-left product mirrors", driver.execute_script(
                "return getComputedStyle(document.querySelector('article.product')).direction") == "rtl",
                "the article is not laid out right to left")
            rtl_search(report, driver, base)
        else:
            report.skip("right-to-left product page", "the site has no product with dir=\"rtl\"")
        listing = first_page(site, "types") or first_page(site, "areas")
        if listing:
            check_page(report, driver, base, listing, "listing page", axe, shots, "listing")
        else:
            report.skip("listing page", "no types/ or areas/ pages")
        check_page(report, driver, base, "browse/", "browse page", None, None, None)
        phone_pages = [("home page", ""), ("product page", product)]
        if rtl:
            phone_pages.append(("right-to-left product page", rtl))
        if listing:
            phone_pages.append(("listing page", listing))
        phone_pages.append(("search page", f"search/?q={urllib.parse.quote(args.query)}"))
        phone_checks(report, driver, base, phone_pages, shots)
    except Exception as error:  # noqa: BLE001 - a broken page must not hide the report
        report.fail("browser test", f"stopped early: {type(error).__name__}: {error}")
    finally:
        driver.quit()
        server.shutdown()
        shutil.rmtree(holder, ignore_errors=True)

    print(f"\nbrowser test: {time.monotonic() - started:.1f} s" + (f", screenshots in {shots}" if shots else ""))
    print(f"{report.passed} passed, {report.failed} failed" + (f", {report.skipped} skipped" if report.skipped else ""))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
