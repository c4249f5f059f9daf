#!/usr/bin/env python3
"""Browser test of the customer portal in a real Chromium (selenium), with axe-core on every page in every language.

It builds a small demo database with the `forbear` binary and serves it. Customer A signs in with the payment
reference from a letter and a date of birth, switches language, answers the income and expenditure questions one at
a time, is refused a plan above what they can afford (with a kind reason), agrees an affordable plan and leaves
feedback. Customer B then signs in and cannot reach A's case. Every portal page is checked with axe-core in en, nl,
fi, da and it (no serious or critical violations), at 200% zoom (no sideways scrolling), and a second browser with
JavaScript switched off signs in and pauses a case.

Usage: scripts/portal-browser-test.py BINARY [--screenshots DIR]
"""
import os, shutil, sqlite3, subprocess, sys, tempfile

from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_support import axe_violations, chrome, click, serve

binary = os.path.abspath(sys.argv[1])
shots = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None
if shots:
    os.makedirs(shots, exist_ok=True)
work = tempfile.mkdtemp(prefix="forbear-portal-")
db = os.path.join(work, "demo.sqlite")
failures = []
LANGS = ["en", "nl", "fi", "da", "it"]


subprocess.run([binary, "demo", "--customers", "60", "--no-serve", "--file", db], check=True, cwd=work,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
# Two customers with an open case and a date of birth; A's balance is small enough for a plan.
with sqlite3.connect(db) as con:
    rows = con.execute("""
        SELECT c.id, c.payment_reference, u.birth_date, u.postcode FROM cases c JOIN customers u ON u.id = c.customer_id
        WHERE c.status = 'open' AND u.birth_date IS NOT NULL AND u.country IN ('GB', 'NL', 'FI')
        AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.case_id = c.id)
        ORDER BY c.number LIMIT 2""").fetchall()
(case_a, ref_a, birth_a, _), (case_b, ref_b, _, postcode_b) = rows

server, base = serve(binary, db, work)


def browser(javascript=True):
    return chrome((1280, 1000), javascript)


driver = browser()
checked = []


def axe(label):
    """Runs axe-core on the current page; serious and critical violations fail the test."""
    checked.append(label)
    failures.extend(f"axe {label}: {v}" for v in axe_violations(driver))


def expect(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def body(d=None):
    return (d or driver).find_element(By.TAG_NAME, "body").text


def sign_in(d, reference, birth=None, postcode=None):
    d.get(base + "/portal/login")
    d.find_element(By.ID, "reference").send_keys(reference)
    if birth:
        d.find_element(By.ID, "birthDate").send_keys(birth)
    if postcode:
        d.find_element(By.ID, "postcode").send_keys(postcode)
    click(d, d.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))


def set_language(lang):
    driver.find_element(By.CSS_SELECTOR, f"#view-lang option[value={lang}]").click()
    click(driver, driver.find_element(By.CSS_SELECTOR, ".viewbar button"))


def no_sideways_scroll(label):
    """At 200% zoom a 1280-pixel window is 640 CSS pixels wide: the page must reflow, not scroll sideways."""
    wide = driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1")
    expect(not wide, f"{label} scrolls sideways at 200% zoom")


def shoot(name):
    if not shots:
        return
    for size, suffix in [((1280, 1000), "desktop"), ((390, 844), "phone")]:
        driver.set_window_size(*size)
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(os.path.join(shots, f"portal-{name}-{suffix}.png"))
    driver.set_window_size(1280, 1000)


PLAN_ANSWERS = [
    {"f-adults": "1"},
    {"f-income_earnings": "2100"},
    {"f-fixed_home": "650"},
    {"f-fixed_utilities": "90", "f-fixed_water": "25"},
    {"f-fixed_transport": "60"},
    {"f-flex_foodAndHousekeeping": "300", "f-flex_communicationsAndLeisure": "60", "f-flex_personal": "40"},
    {"f-otherDebts": "0"},
]

try:
    # Before signing in: the sign-in page and "I'm finding things hard" in every language.
    driver.get(base + "/portal/login")
    for lang in LANGS:
        set_language(lang)
        expect(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang, f"sign-in switches to {lang}")
        axe(f"sign-in ({lang})")
        driver.get(base + "/portal/help")
        axe(f"help, signed out ({lang})")
        driver.get(base + "/portal/login")
    set_language("en")
    shoot("sign-in")

    # A wrong date of birth is refused kindly; then customer A signs in.
    sign_in(driver, ref_a, birth="01.01.1900")
    expect("do not match" in body(), "a wrong date of birth is refused")
    y, m, d = birth_a.split("-")
    sign_in(driver, ref_a[:4] + " " + ref_a[4:], birth=f"{d}.{m}.{y}")
    expect(driver.title.startswith("My debts"), f"customer A lands on the overview (got {driver.title})")
    shoot("overview")

    case_url = f"{base}/portal/cases/{case_a}"
    pages = {
        "overview": base + "/portal", "case": case_url, "plan question": case_url + "/plan",
        "help": base + "/portal/help", "contact": base + "/portal/contact", "my data": base + "/portal/data",
        "not found": base + "/portal/cases/no-such-case",
    }
    for lang in LANGS:
        driver.get(base + "/portal")
        set_language(lang)
        expect(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang, f"the portal switches to {lang}")
        for label, url in pages.items():
            driver.get(url)
            axe(f"{label} ({lang})")
    driver.get(base + "/portal")
    set_language("en")
    driver.get(case_url)
    shoot("case")

    # 200% zoom, with the larger-text and easy-read switches on as well.
    driver.set_window_size(640, 1000)
    for label, url in pages.items():
        driver.get(url)
        no_sideways_scroll(label)
    driver.find_element(By.CSS_SELECTOR, ".viewbar input[name=large]").click()
    driver.find_element(By.CSS_SELECTOR, ".viewbar input[name=easy]").click()
    click(driver, driver.find_element(By.CSS_SELECTOR, ".viewbar button"))
    expect("large" in driver.find_element(By.TAG_NAME, "html").get_attribute("class"), "larger text switches on")
    driver.get(base + "/portal")
    expect("large" in driver.find_element(By.TAG_NAME, "html").get_attribute("class"), "larger text persists")
    for label, url in pages.items():
        driver.get(url)
        no_sideways_scroll(label + " (larger text)")
        axe(label + " (larger text, easy read)")
    driver.find_element(By.CSS_SELECTOR, ".viewbar input[name=large]").click()
    driver.find_element(By.CSS_SELECTOR, ".viewbar input[name=easy]").click()
    click(driver, driver.find_element(By.CSS_SELECTOR, ".viewbar button"))
    driver.set_window_size(1280, 1000)

    # The income and expenditure check, one question at a time.
    driver.get(case_url + "/plan")
    for i, answers in enumerate(PLAN_ANSWERS):
        expect(f"Question {i + 1} of {len(PLAN_ANSWERS)}" in body(), f"question {i + 1} is asked on its own")
        if i == 2:
            shoot("plan-question")
        for field, value in answers.items():
            el = driver.find_element(By.ID, field)
            el.clear()
            el.send_keys(value)
        click(driver, driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]:not([name=back])"))
    expect("you can afford up to" in body(), "the check says what is affordable")
    axe("plan result")
    shoot("plan-result")
    proposed = driver.find_element(By.ID, "instalment").get_attribute("value")
    # More than is affordable: refused with a kind reason, never pushed.
    el = driver.find_element(By.ID, "instalment")
    el.clear()
    el.send_keys("5000")
    click(driver, driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))
    expect("we don't want you to pay more than you can" in body(), "a plan above the affordable amount is refused kindly")
    axe("plan refused")
    el = driver.find_element(By.ID, "instalment")
    el.clear()
    el.send_keys(proposed)
    click(driver, driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))
    expect("Your plan is agreed" in body(), "the affordable plan is agreed")
    expect("emergency number" in body(), "the confirmation shows where to get help")
    axe("confirmation")
    shoot("done")
    driver.find_element(By.CSS_SELECTOR, "input[name=score][value='4']").click()
    click(driver, driver.find_element(By.XPATH, "//form[@action='/portal/feedback']//button"))
    expect("Thank you for your feedback" in body(), "feedback is stored")
    driver.get(case_url)
    expect("You have a payment plan" in body(), "the case shows the plan")
    driver.get(base + "/portal/help")
    shoot("help")
    click(driver, driver.find_element(By.XPATH, "//form[@action='/portal/logout']//button"))

    # Customer B cannot reach customer A's case.
    sign_in(driver, ref_b, postcode=postcode_b)
    expect(driver.title.startswith("My debts"), "customer B signs in with a postcode")
    driver.get(case_url)
    expect("could not find that page" in body(), "customer B gets 'not found' for customer A's case")
    driver.get(base + "/portal")
    expect(case_a not in driver.page_source, "customer A's case is not in customer B's overview")
    click(driver, driver.find_element(By.XPATH, "//form[@action='/portal/logout']//button"))

    # Without JavaScript: sign in, pause a case, see the confirmation.
    plain = browser(javascript=False)
    try:
        sign_in(plain, ref_b, postcode=postcode_b)
        expect(plain.title.startswith("My debts"), "sign-in works without JavaScript")
        plain.get(f"{base}/portal/cases/{case_b}")
        plain.find_element(By.XPATH, "//details[.//form[contains(@action, '/pause')]]/summary").click()
        click(plain, plain.find_element(By.XPATH, "//form[contains(@action, '/pause')]//button"))
        expect("Your payments are paused until" in body(plain), "a pause works without JavaScript")
        plain.get(base + "/portal/view?lang=fi&back=/portal")
        expect(plain.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fi", "the language switch works without JavaScript")
    finally:
        plain.quit()
finally:
    driver.quit()
    server.terminate()
    server.wait()
    shutil.rmtree(work, ignore_errors=True)

print(f"portal browser test: {len(checked)} axe checks")
if failures:
    print("\n".join(failures))
    sys.exit(1)
print("portal browser test passed")
