#!/usr/bin/env python3
"""Browser tests of `planbench serve`: real headless Chromium driven by Selenium.

Usage: test_desk.py PLANBENCH_BINARY [SCREENSHOT_DIR]

Makes the example workspace with an open review and a plan whose title is a
<script>, starts the review desk on a free loopback port, and walks the pages a
person would: 401 without the token, the dashboard (its coverage heatmap the
report's SVG, coloured by its style rules), a plan, compare (side by side and
inline), the Guidelines, search, the review page, where a finding is disposed
through the form and the commit is then read back with `planbench log`, and
the review's HTML report linked from it (its own styles applied, no script). Screenshots of every page go to SCREENSHOT_DIR (default
.build/serve-screenshots). Exits 1 on any failure, and when Chromium,
chromedriver or Selenium is missing (with the command that installs them).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

INSTALL = "apt-get install -y chromium chromium-driver python3-selenium   (or: Tools/setup --browser)"


def fail_missing(what):
    print(f"browser tests: FAILED: {what} is missing; install it with:\n  {INSTALL}", file=sys.stderr)
    print("0 passed, 1 failed")
    sys.exit(1)


try:
    from selenium import webdriver
    from selenium.common.exceptions import (
        NoAlertPresentException, NoSuchElementException, StaleElementReferenceException, WebDriverException)
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    fail_missing("python3-selenium (Debian's, for /usr/bin/python3)")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
for path, name in [(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver (chromedriver)")]:
    if not os.path.exists(path):
        fail_missing(name)

TODAY = "2026-11-26"
AUTHOR = "Browser Tester <browser@example.org>"
HOSTILE_TITLE = "<script>window.__pwned = 1; alert('x')</script> Cyber <b>bold</b>"


class Desk:
    def __init__(self, binary, shots):
        self.binary = os.path.abspath(binary)
        self.shots = shots
        self.tmp = tempfile.mkdtemp(prefix="planbench-browser-")
        self.ws = os.path.join(self.tmp, "ws")
        self.env = dict(os.environ, PLANBENCH_TODAY=TODAY, PLANBENCH_AUTHOR="CLI User <cli@example.org>", NO_COLOR="1")
        self.server = None
        self.driver = None
        self.passed = 0
        self.failed = []

    def cli(self, *args):
        result = subprocess.run([self.binary, "-C", self.ws, *args], env=self.env, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"planbench {' '.join(args)} failed ({result.returncode}): {result.stderr}")
        return result.stdout

    def setup(self):
        subprocess.run([self.binary, "init", "--example", self.ws], env=self.env, check=True, capture_output=True, timeout=120)
        self.cli("review", "open", "2026-q4", "--due", "2026-12-31")
        path = os.path.join(self.ws, "plans", "cyber-defense.yaml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"^title: .*$", "title: " + json.dumps(HOSTILE_TITLE), text, count=1, flags=re.M)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        self.cli("save", "-m", "A plan whose title is a script")
        self.server = subprocess.Popen(
            [self.binary, "-C", self.ws, "serve", "--port", "0", "--author", AUTHOR],
            env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 60
        self.url = None
        while time.time() < deadline:
            line = self.server.stdout.readline()
            if not line:
                break
            match = re.search(r"Open: (http://\S+)", line)
            if match:
                self.url = match.group(1)
                break
        if not self.url:
            raise RuntimeError("planbench serve printed no URL: " + (self.server.stderr.read() if self.server.poll() is not None else ""))
        self.base = self.url.split("/?token=")[0]
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1366,1000"]:
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(60)

    def teardown(self):
        if self.driver:
            self.driver.quit()
        if self.server:
            self.server.terminate()
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.server.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def shot(self, name):
        os.makedirs(self.shots, exist_ok=True)
        height = self.driver.execute_script("return Math.min(document.body.scrollHeight, 4000)")
        self.driver.set_window_size(1366, max(800, height))
        self.driver.save_screenshot(os.path.join(self.shots, name + ".png"))
        self.driver.set_window_size(1366, 1000)

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def committed_notice(self):
        """The commit the page after a form's POST names in its #committed notice.

        Read by a wait that retries: while the browser replaces the document, a
        node it just found can be gone before its text is read (Chrome then
        answers "Node with given id does not belong to the document")."""
        def read(driver):
            try:
                return driver.find_element(By.ID, "committed").text or False
            except (NoSuchElementException, StaleElementReferenceException, WebDriverException):
                return False
        return WebDriverWait(self.driver, 30).until(read)

    def check(self, name, test):
        try:
            test()
            self.passed += 1
            print(f"ok    {name}")
        except Exception as error:  # noqa: BLE001 — every failure is reported, then the run fails
            self.failed.append(name)
            print(f"FAIL  {name}: {error}")
            traceback.print_exc()
            try:
                self.shot("FAILED-" + name)
            except Exception:  # noqa: BLE001
                pass

    # The tests, in the order a person would go.

    def test_401_without_token(self):
        self.driver.get(self.base + "/")
        assert "401" in self.text(), self.text()[:200]
        self.driver.get(self.base + "/plans/isr-peacetime")
        assert "401" in self.text() and "Bilateral" not in self.text()
        self.driver.get(self.base + "/reviews/2026-q4/report")
        assert "401" in self.text() and not self.driver.find_elements(By.CSS_SELECTOR, "svg.heatmap")
        self.shot("00-unauthorized")

    def test_dashboard(self):
        self.driver.get(self.url)
        assert "token=" not in self.driver.current_url, "the token should leave the address bar"
        assert self.driver.title.startswith("Dashboard"), self.driver.title
        body = self.text()
        for expected in ["Plans by status", "Reviews open", "2026-q4", "Recent activity", "Coverage", "Browser Tester"]:
            assert expected in body, expected
        self.expect_heatmap()
        self.shot("01-dashboard")

    def expect_heatmap(self):
        """The report's SVG heatmap is on the page, drawn, and coloured by its style rules (so the page's CSP let them apply)."""
        svg = self.driver.find_element(By.CSS_SELECTOR, "svg.heatmap")
        assert svg.is_displayed() and svg.size["width"] > 300 and svg.size["height"] > 300, svg.size
        fills = {}
        for state, colour in [("covered", "rgb(26, 152, 80)"), ("uncovered", "rgb(155, 127, 209)"),
                              ("suspect", "rgb(246, 193, 65)"), ("contradicted", "rgb(215, 48, 39)")]:
            cells = svg.find_elements(By.CSS_SELECTOR, "rect.cell.s-" + state)
            assert cells, f"no {state} cell"
            fills[state] = self.driver.execute_script("return getComputedStyle(arguments[0]).fill", cells[0])
            assert fills[state] == colour, (state, fills[state])
        assert not self.driver.find_elements(By.CSS_SELECTOR, "table.heatmap"), "the old coverage table is still there"

    def test_plan_page(self):
        self.driver.find_element(By.LINK_TEXT, "Plans").click()
        self.shot("02-plans")
        self.driver.find_element(By.LINK_TEXT, "isr-peacetime").click()
        assert "/plans/isr-peacetime" in self.driver.current_url
        body = self.text()
        assert "IV.A.1" in body and "suspect" in body and "History" in body, body[:500]
        self.shot("03-plan")

    def test_compare(self):
        self.driver.get(self.base + "/plans/maritime-security")
        self.driver.find_elements(By.LINK_TEXT, "changes")[0].click()
        assert "/compare/" in self.driver.current_url and "/plan/maritime-security" in self.driver.current_url
        WebDriverWait(self.driver, 10).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".side-by-side")))
        assert "Guideline" in self.text()
        self.shot("04-compare-side-by-side")
        self.driver.find_element(By.CSS_SELECTOR, "button[data-view=inline]").click()
        assert self.driver.find_element(By.CSS_SELECTOR, ".inline").is_displayed()
        assert not self.driver.find_element(By.CSS_SELECTOR, ".side-by-side").is_displayed()
        self.shot("05-compare-inline")
        self.driver.get(self.base + "/compare")
        self.driver.find_element(By.NAME, "a").clear()
        self.driver.find_element(By.NAME, "a").send_keys("HEAD~3")
        self.driver.find_element(By.CSS_SELECTOR, "#compare-form button").click()
        # The form's GET answers with a redirect; wait for the browser to follow it.
        WebDriverWait(self.driver, 10).until(lambda d: d.current_url.endswith("/compare/HEAD~3..HEAD"))
        self.shot("06-compare-workspace")

    def test_guidelines(self):
        self.driver.find_element(By.LINK_TEXT, "Guidelines").click()
        self.driver.find_element(By.LINK_TEXT, "jus-2015").click()
        assert "Cited by" in self.text() and "isr-peacetime" in self.text()
        self.shot("07-guidelines-edition")
        self.driver.find_element(By.LINK_TEXT, "Guidelines").click()
        self.driver.find_element(By.PARTIAL_LINK_TEXT, "jus-1997 → jus-2015").click()
        assert "crosswalk" in self.text()
        self.shot("08-guidelines-crosswalk")

    def test_search(self):
        self.driver.find_element(By.LINK_TEXT, "Search").click()
        box = self.driver.find_element(By.NAME, "q")
        box.send_keys("boarding")
        box.submit()
        WebDriverWait(self.driver, 20).until(EC.presence_of_element_located((By.ID, "hits")))
        assert "maritime-security" in self.text()
        self.shot("09-search")

    def test_dispose_through_the_form(self):
        self.driver.find_element(By.LINK_TEXT, "Reviews").click()
        self.shot("10-reviews")
        self.driver.find_element(By.LINK_TEXT, "2026-q4").click()
        self.shot("11-review")
        finding = self.driver.find_element(By.CSS_SELECTOR, "article.finding")
        finding_id = finding.get_attribute("id")
        finding.find_element(By.TAG_NAME, "summary").click()
        form = finding.find_element(By.CSS_SELECTOR, "form.dispose")
        Select(form.find_element(By.NAME, "disposition")).select_by_value("accept")
        form.find_element(By.NAME, "rationale").send_keys("Accepted in the browser test")
        self.shot("12-review-dispose-form")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        committed = self.committed_notice()
        self.shot("13-review-after-dispose")
        log = json.loads(self.cli("log", "-n", "1", "--format", "json"))[0]
        assert log["id"].startswith(committed), (log["id"], committed)
        assert log["author"] == "Browser Tester" and log["email"] == "browser@example.org", log
        assert log["message"] == f"Review 2026-q4: {finding_id} accepted", log["message"]
        record = json.loads(self.cli("review", "show", "2026-q4", "--format", "json"))
        status = next(f["status"] for f in record["findings"] if f["id"] == finding_id)
        assert status == "accepted", status

    def test_comment_through_the_form(self):
        finding = self.driver.find_elements(By.CSS_SELECTOR, "article.finding")[1]
        finding_id = finding.get_attribute("id")
        finding.find_elements(By.TAG_NAME, "summary")[1].click()
        form = finding.find_element(By.CSS_SELECTOR, "form.comment")
        form.find_element(By.NAME, "text").send_keys("Looked at in the browser")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        # The page the dispose test left already shows a #committed notice: wait
        # for that page to go before looking for the new one.
        WebDriverWait(self.driver, 30).until(EC.staleness_of(form))
        committed = self.committed_notice()
        log = json.loads(self.cli("log", "-n", "1", "--format", "json"))[0]
        assert log["id"].startswith(committed), (log["id"], committed)
        assert log["message"] == f"Review 2026-q4: comment on {finding_id}" and log["author"] == "Browser Tester", log

    def test_review_report(self):
        self.driver.get(self.base + "/reviews/2026-q4")
        self.driver.find_element(By.LINK_TEXT, "HTML report").click()
        WebDriverWait(self.driver, 30).until(lambda d: d.current_url.endswith("/reviews/2026-q4/report"))
        assert self.driver.title.startswith("Review 2026-q4"), self.driver.title
        body = self.text()
        for expected in ["Coverage of jus-2015", "Findings"]:
            assert expected in body, expected
        # The report's own styles apply (its policy allows its <style>, and nothing else).
        header_colour = self.driver.execute_script("return getComputedStyle(document.querySelector('h2')).color")
        assert header_colour == "rgb(31, 58, 95)", header_colour
        self.expect_heatmap()
        assert self.driver.execute_script("return document.scripts.length") == 0
        self.shot("15-review-report")

    def test_script_title_is_inert(self):
        self.driver.get(self.base + "/plans/cyber-defense")
        heading = self.driver.find_element(By.ID, "plan-title").text
        assert heading == HOSTILE_TITLE, heading
        try:
            alert = self.driver.switch_to.alert
            raise AssertionError("an alert opened: " + alert.text)
        except NoAlertPresentException:
            pass
        assert self.driver.execute_script("return typeof window.__pwned") == "undefined"
        assert not self.driver.find_elements(By.CSS_SELECTOR, "#plan-title b"), "markup in the title was rendered"
        self.shot("14-hostile-title")
        self.driver.get(self.base + "/")
        assert self.driver.execute_script("return typeof window.__pwned") == "undefined"


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    shots = sys.argv[2] if len(sys.argv) > 2 else os.path.join(".build", "serve-screenshots")
    desk = Desk(sys.argv[1], shots)
    try:
        desk.setup()
        order = ["test_401_without_token", "test_dashboard", "test_plan_page", "test_compare", "test_guidelines",
                 "test_search", "test_dispose_through_the_form", "test_comment_through_the_form", "test_review_report",
                 "test_script_title_is_inert"]
        for name in order:
            desk.check(name, getattr(desk, name))
    except Exception as error:  # noqa: BLE001
        traceback.print_exc()
        desk.failed.append(f"setup: {error}")
    finally:
        desk.teardown()
    print(f"screenshots: {os.path.abspath(shots)}")
    print(f"{desk.passed} passed, {len(desk.failed)} failed")
    sys.exit(1 if desk.failed else 0)


if __name__ == "__main__":
    main()
