"""What the console's and the portal's browser tests share: serving a demo database, a headless Chromium, axe-core
checks, and clicks that wait for the next page."""
import shutil, socket, subprocess, time, urllib.request

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from axe_selenium_python import Axe


def serve(binary, db, work):
    """Serves `db` on a free port; returns the process and the base URL once /healthz answers."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [binary, "serve", "--database", "sqlite:" + db, "--port", str(port)], cwd=work,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz")
            break
        except OSError:
            time.sleep(0.1)
    return server, base


def chrome(size=(1280, 1800), javascript=True):
    options = Options()
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={size[0]},{size[1]}"]:
        options.add_argument(arg)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        options.binary_location = chromium
    path = shutil.which("chromedriver")
    return webdriver.Chrome(options=options, service=Service(path) if path else None)


def axe_violations(driver):
    """The serious and critical axe-core violations on the current page, one line each."""
    a = Axe(driver)
    a.inject()
    results = a.run()
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results["violations"] if v.get("impact") in ("serious", "critical")]


def click(driver, element):
    """Clicks and waits for the next page. A fast page load can detach the element while the click is reported;
    Chromium then answers with an inspector error although the click went through."""
    html = driver.find_element(By.TAG_NAME, "html")
    try:
        element.click()
    except WebDriverException as e:
        if "does not belong to the document" not in str(e):
            raise
    WebDriverWait(driver, 15).until(lambda _: gone(html))


def gone(element):
    """The old page is gone once its root element can no longer be read (stale, or detached mid-navigation)."""
    try:
        element.is_enabled()
        return False
    except WebDriverException:
        return True
