#!/usr/bin/env python3
"""Hostile content in headless Chromium: no script from content may run.

Loads every page of one or more built portals (every HTML page, the feed, the sitemap and every
file under files/, as a reader could open them), and the search page with a query that lists the
hostile products, and fails when any of these happened:

  * a content vector ran: `window.__pwned` is set, or the server saw the request a vector makes
    (every vector of Tests/Fixtures/hostile-repository.txtar runs `top.__pwned=N;fetch(N)`, N a
    four-digit number, or alert(N));
  * a dialog was opened (alert, confirm, prompt, print are recorded instead of shown);
  * the Content-Security-Policy had to block something: a violation means content reached the
    page as live markup and only the second line of defence stopped it;
  * the live DOM holds markup that could run script: an `on…` attribute, an inline or foreign
    script, a `javascript:`, `vbscript:` or `data:` address, an iframe, object, embed or base
    element, a refresh; or an HTML page lacks the CSP meta tag that forbids inline script;
  * Mustache delimiters written in content did not show literally on the page that has them.

Before the site, three control pages prove the detectors work: a handler without CSP must be
caught running, the same script under the portal's CSP must be caught as a violation, and an
alert must be caught as a dialog.

    python3 Tests/browser/hostile_test.py --site public=/tmp/hostile-public \
        --site internal=/tmp/hostile-internal --query pwnvector

Exit status: 0 every check passed, 1 a check failed, 2 the browser could not be started or a
detector failed its control page. Needs what browser_test.py needs (selenium, chromium,
chromedriver); axe-core is not used.
"""

import argparse
import functools
import http.server
import re
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser_test as bt  # noqa: E402 - the shared serving, browser and report helpers

SETTLE_SECONDS = 0.25  # time for error and load handlers of broken images to fire
BEACON = re.compile(r"/(1\d{3})$")

# Runs before any script of every document (main world, not subject to the page's CSP).
PROBE = """
(() => {
  const probe = {violations: [], dialogs: []};
  Object.defineProperty(window, '__atriumProbe', {value: probe});
  document.addEventListener('securitypolicyviolation', (e) => {
    probe.violations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} ${e.sample || ''}`.trim());
  }, true);
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = (...args) => { probe.dialogs.push(`${name}(${args.join(', ')})`); };
  }
})();
"""

# Problems in the live DOM: markup that could run script, whatever stopped it this time.
DOM_AUDIT = """
const problems = [];
const describe = (el) => '<' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '>';
const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcdoc', 'to', 'from', 'values'];
for (const el of document.querySelectorAll('*')) {
  for (const attribute of Array.from(el.attributes)) {
    const name = attribute.name.toLowerCase();
    const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
    if (name.startsWith('on')) problems.push(`${describe(el)} has the handler ${name}="${attribute.value.slice(0, 60)}"`);
    if (urlAttributes.includes(name) && /^(javascript|vbscript|data):/.test(value)) {
      problems.push(`${describe(el)} has ${name}="${attribute.value.slice(0, 60)}"`);
    }
  }
  const tag = el.localName.toLowerCase();
  if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'foreignobject', 'handler', 'listener'].includes(tag)) {
    problems.push(`a ${describe(el)} element`);
  }
  if (tag === 'meta' && (el.getAttribute('http-equiv') || '').toLowerCase() === 'refresh') problems.push('a refresh <meta>');
  if (tag === 'script') {
    const source = el.getAttribute('src') || el.getAttribute('href') || el.getAttributeNS('http://www.w3.org/1999/xlink', 'href');
    if (!source) problems.push(`an inline script: ${el.textContent.slice(0, 60)}`);
    else if (!new URL(source, document.baseURI).pathname.includes('/assets/')) problems.push(`a script from ${source}`);
  }
  if (['animate', 'set'].includes(tag)) {
    const target = (el.getAttribute('attributeName') || '').toLowerCase();
    if (target.startsWith('on') || target.endsWith('href')) problems.push(`${describe(el)} animates ${target}`);
  }
}
if (document.contentType === 'text/html') {
  const csp = document.head && document.head.querySelector('meta[http-equiv="Content-Security-Policy"]');
  if (!csp) problems.push('no Content-Security-Policy meta tag');
  else {
    const policy = csp.getAttribute('content');
    if (!/script-src 'self'/.test(policy) || /unsafe-inline|unsafe-eval/.test(policy) || !/object-src 'none'/.test(policy)) {
      problems.push(`a weak Content-Security-Policy: ${policy}`);
    }
    const before = Array.from(document.head.children).slice(0, Array.from(document.head.children).indexOf(csp));
    if (before.some((el) => el.localName !== 'meta' || el.getAttribute('http-equiv'))) {
      problems.push('the Content-Security-Policy meta tag is not at the top of <head>');
    }
  }
}
return problems;
"""

CONTROL_PAGES = {
    "unsafe.html": "<!doctype html><title>control</title><img src=x onerror=\"top.__pwned=1999;fetch(1999)\">",
    "csp.html": "<!doctype html><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self'\">"
                "<title>control</title><script>top.__pwned=1998</script>",
    "dialog.html": "<!doctype html><title>control</title><script>alert(1997)</script>",
}


class BeaconHandler(bt.QuietHandler):
    """Serves files; records requests whose path ends in /1NNN (a vector's fetch)."""
    hits = []
    lock = threading.Lock()

    def do_GET(self):  # noqa: N802 - the http.server name
        match = BEACON.search(urllib.parse.urlparse(self.path).path)
        if match:
            with BeaconHandler.lock:
                BeaconHandler.hits.append((match.group(1), self.path, self.headers.get("Referer", "")))
            self.send_response(404)
            self.end_headers()
            return
        super().do_GET()


def take_hits():
    with BeaconHandler.lock:
        hits = list(BeaconHandler.hits)
        BeaconHandler.hits.clear()
    return hits


def serve(sites):
    """Serves each site at /<name>/ and the control pages at /__control/; returns (server, base, holder)."""
    holder = Path(tempfile.mkdtemp(prefix="atrium-hostile-"))
    for name, site in sites.items():
        (holder / name).symlink_to(site.resolve(), target_is_directory=True)
    (holder / "__control").mkdir()
    for name, text in CONTROL_PAGES.items():
        (holder / "__control" / name).write_text(text, encoding="utf-8")
    handler = functools.partial(BeaconHandler, directory=str(holder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/", holder


def pages_of(site: Path):
    """Site-relative URLs of every page a reader could open: HTML pages (folders for index.html),
    the feed and sitemap, and every published file."""
    urls = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(site).as_posix()
        if relative.startswith(("assets/", "search/")) or relative == "robots.txt":
            continue
        if relative.endswith("index.html"):
            relative = relative[: -len("index.html")]
        urls.append(urllib.parse.quote(relative))
    return urls


def visit(driver, url):
    """Loads url; returns (marker, probe, audit problems) once its handlers had time to run."""
    take_hits()
    driver.get(url)
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, bt.WAIT_SECONDS).until(lambda d: d.execute_script("return document.readyState") == "complete")
    time.sleep(SETTLE_SECONDS)
    return inspect(driver)


def inspect(driver):
    marker = driver.execute_script("return typeof window.__pwned === 'undefined' ? null : String(window.__pwned)")
    probe = driver.execute_script("return window.__atriumProbe || {violations: [], dialogs: []}")
    audit = driver.execute_script(DOM_AUDIT)
    return marker, probe, audit


def judge(report, name, marker, probe, audit, hits):
    problems = []
    if marker is not None:
        problems.append(f"a vector ran: window.__pwned = {marker}")
    problems += [f"a vector ran: the server was asked for {path} (vector {number})" for number, path, _ in hits]
    problems += [f"a dialog opened: {dialog}" for dialog in probe["dialogs"]]
    problems += [f"CSP had to block content markup: {violation}" for violation in probe["violations"]]
    problems += audit
    report.check(name, not problems, "; ".join(problems[:6]) + (f" and {len(problems) - 6} more" if len(problems) > 6 else ""))
    return not problems


def control_checks(driver, base):
    """The detectors must see what they are there to see; returns a reason when one does not."""
    marker, probe, _ = visit(driver, base + "__control/unsafe.html")
    time.sleep(0.3)
    hits = take_hits()
    if marker != "1999" or not any(number == "1999" for number, _, _ in hits):
        return f"the unprotected control page's handler was not detected (marker {marker}, requests {hits})"
    marker, probe, _ = visit(driver, base + "__control/csp.html")
    if marker is not None or not probe["violations"]:
        return f"the CSP control page: marker {marker}, violations {probe['violations']}"
    _, probe, _ = visit(driver, base + "__control/dialog.html")
    if not probe["dialogs"]:
        return "the alert of the dialog control page was not recorded"
    take_hits()
    return None


def search_check(report, driver, base, site_name, site, query):
    """The search page lists the hostile products (titles from the index, rendered by search.js)."""
    url = f"{base}{site_name}/search/?q={urllib.parse.quote(query)}"
    take_hits()
    driver.get(url)
    try:
        status = bt.wait_for_search(driver, "document.querySelectorAll('#search-results > li').length > 0")
    except Exception:  # noqa: BLE001 - reported
        report.fail(f"{site_name}: search for {query!r} lists results", "no results appeared")
        return
    time.sleep(SETTLE_SECONDS)
    titles = [t.strip() for t in bt.text_of(driver, "#search-results .card__title a")]
    expected = sum(1 for page in (site / "products").iterdir() if query in page.name)
    report.check(f"{site_name}: search for {query!r} lists every hostile product", len(titles) >= expected,
                 f"{len(titles)} results for {expected} products ({status})", status)
    report.check(f"{site_name}: hostile titles show as text in search results",
                 any("<script>" in title for title in titles) and any("{{site.title}}" in title for title in titles),
                 f"titles: {titles[:4]}")
    marker, probe, audit = inspect(driver)
    time.sleep(0.2)
    judge(report, f"{site_name}: search page with hostile results runs no content script", marker, probe, audit, take_hits())


def mustache_check(report, driver, base, site_name, site):
    page = next((f"products/{p.name}/" for p in sorted((site / "products").iterdir()) if "mustache" in p.name), None)
    if page is None:
        report.skip(f"{site_name}: Mustache delimiters show literally", "no product with mustache in its id")
        return
    visit(driver, f"{base}{site_name}/{page}")
    text = driver.execute_script("return document.body.innerText")
    literal = ["{{site.title}}", "{{{bodyHTML}}}", "{{#page}}{{title}}{{/page}}", "{{> header}}", "<% site.title %>"]
    missing = [piece for piece in literal if piece not in text]
    report.check(f"{site_name}: Mustache delimiters in content show literally ({page})", not missing, f"not shown as written: {missing}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", action="append", required=True, metavar="NAME=DIR",
                        help="a built site and the folder name it is served under (repeatable)")
    parser.add_argument("--query", default="pwnvector", help="a search word every hostile product has")
    parser.add_argument("--chromium")
    parser.add_argument("--chromedriver")
    args = parser.parse_args()

    sites = {}
    for value in args.site:
        name, _, folder = value.partition("=")
        sites[name] = Path(folder)
        if not (sites[name] / "index.html").exists():
            print(f"error: {folder} is not a built Atrium site", file=sys.stderr)
            return 2
    chromium = bt.find_program(args.chromium, ["chromium", "chromium-browser", "google-chrome"])
    chromedriver = bt.find_program(args.chromedriver, ["chromedriver"])
    if not chromium or not chromedriver:
        print("error: needs chromium and chromedriver", file=sys.stderr)
        return 2
    server, base, holder = serve(sites)
    try:
        driver = bt.start_browser(chromium, chromedriver)
    except Exception as error:  # noqa: BLE001
        print(f"error: could not start Chromium through ChromeDriver: {error}", file=sys.stderr)
        server.shutdown()
        return 2
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE})
    report = bt.Report()
    started = time.monotonic()
    pages = 0
    try:
        broken = control_checks(driver, base)
        if broken:
            print(f"error: a detector does not work: {broken}", file=sys.stderr)
            return 2
        report.ok("control pages", "a handler without CSP, a CSP violation and an alert are all detected")
        for name, site in sites.items():
            for url in pages_of(site):
                try:
                    marker, probe, audit = visit(driver, f"{base}{name}/{url}")
                except Exception as error:  # noqa: BLE001 - one broken page must not hide the others
                    report.fail(f"{name}/{url}", f"did not load: {type(error).__name__}: {error}")
                    continue
                pages += 1
                time.sleep(0.05)
                judge(report, f"{name}/{urllib.parse.unquote(url) or '(home)'}", marker, probe, audit, take_hits())
            search_check(report, driver, base, name, site, args.query)
            mustache_check(report, driver, base, name, site)
        # A vector that fires late (a timer, an image that loads slowly) still shows at the server.
        time.sleep(0.5)
        late = take_hits()
        report.check("no late requests from vectors", not late, f"{late}")
    finally:
        driver.quit()
        server.shutdown()
        shutil.rmtree(holder, ignore_errors=True)
    print(f"\nhostile content test: {pages} pages and files in {time.monotonic() - started:.1f} s")
    print(f"{report.passed} passed, {report.failed} failed" + (f", {report.skipped} skipped" if report.skipped else ""))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
