"""Drives an exported stancemap HTML page in headless Chromium as a reader would, and prints
what they would see as JSON for tests/html_page.rs to check.

usage: drive_page.py PAGE NODE ISSUE SEARCH [SHOTS_DIR]

NODE is a node's accessible name ("Leader: Friedrich Merz"), ISSUE an issue's name, SEARCH
some text to type into the search box. With SHOTS_DIR, screenshots of each step are saved.
Uses Debian's chromium, chromium-driver and python3-selenium; nothing goes to the network.
"""

import json
import pathlib
import sys
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,800",
        "--user-data-dir=" + tempfile.mkdtemp(prefix="stancemap-chromium-"),
    ]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def by_name(driver, name):
    """The element whose accessible name is `name`, found by the name itself."""
    element = driver.execute_script(
        "var name = arguments[0];"
        "return Array.from(document.querySelectorAll('[aria-label]'))"
        ".find(function (e) { return e.getAttribute('aria-label') === name; }) || null;",
        name,
    )
    if element is None:
        raise AssertionError("no element named " + repr(name))
    return element


def alert_text(driver):
    try:
        text = driver.switch_to.alert.text
        driver.switch_to.alert.dismiss()
        return text
    except NoAlertPresentException:
        return None


def texts(driver, selector):
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0]))"
        ".map(function (e) { return e.innerText; });",
        selector,
    )


def timed_click(driver, element):
    """Clicks in the page and returns how long the page took to handle it and lay itself out
    again, in milliseconds."""
    return driver.execute_script(
        "var t = performance.now();"
        "arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}));"
        "void document.body.offsetHeight;"
        "return performance.now() - t;",
        element,
    )


def shown_nodes(driver):
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#map-svg g.node'))"
        ".filter(function (g) { return !g.classList.contains('faded'); })"
        ".map(function (g) { return g.getAttribute('aria-label'); });"
    )


def main():
    page, node, issue, search = sys.argv[1:5]
    shots = pathlib.Path(sys.argv[5]) if len(sys.argv) > 5 else None
    out = {"steps": {}}
    clock = [time.monotonic()]

    def step(name):
        now = time.monotonic()
        out["steps"][name] = round(now - clock[0], 3)
        clock[0] = now

    driver = browser()
    try:
        started = time.monotonic()
        driver.get(pathlib.Path(page).resolve().as_uri())
        WebDriverWait(driver, 60).until(
            lambda d: d.execute_script("return document.body.dataset.ready || null")
        )
        out["load_seconds"] = round(time.monotonic() - started, 3)
        out["script_ms"] = int(driver.execute_script("return document.body.dataset.ready"))
        out["alert_on_load"] = alert_text(driver)
        out["title"] = driver.title
        out["heading"] = driver.find_element(By.ID, "title").text
        out["initial_view_box"] = driver.execute_script(
            "return document.getElementById('map-svg').getAttribute('viewBox');"
        )
        if shots:
            driver.save_screenshot(str(shots / "1-loaded.png"))

        step("load")
        # Click a node found by its accessible name; read the side panel.
        element = by_name(driver, node)
        out["accessible_name"] = element.accessible_name
        out["focusable"] = element.get_attribute("tabindex") == "0"
        element.click()
        out["panel_after_click"] = driver.find_element(By.ID, "panel").text
        out["quotes_after_click"] = texts(driver, "#panel blockquote")
        out["links"] = driver.execute_script(
            "return Array.from(document.querySelectorAll('#panel a')).map(function (a) {"
            " return {href: a.href, target: a.target, rel: a.rel, text: a.innerText}; });"
        )
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
        out["select_ms"] = round(timed_click(driver, element), 1)
        if shots:
            driver.save_screenshot(str(shots / "2-clicked.png"))

        step("click")
        # Escape clears the selection; the keyboard alone selects again (focus, then Enter).
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
        out["panel_after_escape"] = driver.find_element(By.ID, "panel").text
        driver.execute_script("arguments[0].focus();", element)
        out["focused"] = driver.switch_to.active_element.get_attribute("aria-label")
        driver.switch_to.active_element.send_keys(Keys.ENTER)
        out["panel_after_enter"] = driver.find_element(By.ID, "panel").text

        step("keyboard")
        # Only one issue: which nodes stay.
        only = by_name(driver, "Only " + issue)
        driver.execute_script("arguments[0].scrollIntoView();", only)
        only.click()
        out["nodes_with_only_issue"] = sorted(shown_nodes(driver))
        out["edge_groups_shown"] = driver.execute_script(
            "return document.querySelectorAll('#map-svg g.edges[data-i]:not(.off)').length;"
        )
        if shots:
            driver.save_screenshot(str(shots / "3-only-issue.png"))
        driver.find_element(By.ID, "issues-all").click()
        out["nodes_with_all_issues"] = len(shown_nodes(driver))

        step("only-issue")
        # Search by name.
        box = driver.find_element(By.ID, "search")
        box.send_keys(search)
        out["search_matches"] = sorted(driver.execute_script(
            "return Array.from(document.querySelectorAll('#map-svg g.node.match'))"
            ".map(function (g) { return g.getAttribute('aria-label'); });"
        ))
        out["search_count"] = driver.find_element(By.ID, "search-count").text
        box.send_keys(Keys.ENTER)
        out["panel_after_search_enter"] = driver.find_element(By.ID, "panel").text
        if shots:
            driver.save_screenshot(str(shots / "4-search.png"))
        box.clear()
        box.send_keys(Keys.ESCAPE)

        step("search")
        # Zoom and fit change the view box; fit restores it.
        view_box = "return document.getElementById('map-svg').getAttribute('viewBox');"
        before = driver.execute_script(view_box)
        driver.find_element(By.ID, "zoom-in").click()
        zoomed = driver.execute_script(view_box)
        driver.find_element(By.ID, "fit").click()
        out["zoom"] = {"before": before, "zoomed": zoomed, "fitted": driver.execute_script(view_box)}

        step("zoom")
        # The matrix tab.
        out["matrix_ms"] = round(timed_click(driver, driver.find_element(By.ID, "tab-matrix")), 1)
        out["matrix"] = driver.execute_script(
            "var t = document.querySelector('#matrix table');"
            "return t ? {rows: t.tBodies[0].rows.length, cols: t.tHead.rows[0].cells.length - 1,"
            " colored: t.querySelectorAll('td[style]').length} : null;"
        )
        out["matrix_count"] = driver.find_element(By.ID, "matrix-count").text
        if shots:
            driver.save_screenshot(str(shots / "5-matrix.png"))
        cell = driver.execute_script("return document.querySelector('#matrix td[style]');")
        if cell:
            cell.click()
            out["panel_after_cell"] = driver.find_element(By.ID, "panel").text
        driver.find_element(By.ID, "tab-map").click()

        step("matrix")
        out["alert_at_end"] = alert_text(driver)
        out["console"] = [
            entry["message"] for entry in driver.get_log("browser")
            if entry["level"] in ("SEVERE", "WARNING")
        ]
        # Every request from the page's navigation on (the browser's own start page before it
        # is not the page's doing).
        requests = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                url = message["params"]["request"]["url"]
                if url.startswith("file://"):
                    requests = []
                requests.append(url)
        out["requests"] = requests
        out["resources"] = driver.execute_script(
            "return performance.getEntriesByType('resource').map(function (e) { return e.name; });"
        )
    finally:
        driver.quit()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
