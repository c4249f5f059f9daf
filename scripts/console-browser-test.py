#!/usr/bin/env python3
"""Browser test of the staff console in a real Chromium (selenium), with axe-core on every page.

It builds a small demo database with the release or debug `forbear` binary, creates staff users, serves it, and
then, as an agent: signs in, opens a case, runs TEXAS with consent, records an adjustment, runs BLAKE with
immediate danger and sees the crisis hold; then, as a specialist, sees the urgent escalation first in the queue.
axe-core runs on every console page (and the queues in all five languages): no serious or critical violations.

Usage: scripts/console-browser-test.py BINARY [--screenshots DIR]
"""
import os, shutil, subprocess, sys, tempfile

from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_support import axe_violations, chrome, serve
from browser_support import click as click_and_wait

binary = os.path.abspath(sys.argv[1])
shots = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None
work = tempfile.mkdtemp(prefix="forbear-console-")
db = os.path.join(work, "demo.sqlite")
PASSWORD = "browser-test-password"
failures = []


def run(*args):
    subprocess.run([binary, *args], check=True, cwd=work, stdout=subprocess.DEVNULL)


run("demo", "--customers", "60", "--no-serve", "--file", db)
for role, user in [("agent", "ann"), ("specialist", "sam"), ("compliance", "cora")]:
    run("user", "create", "--database", "sqlite:" + db, "--role", role, "--username", user, "--password", PASSWORD)
server, base = serve(binary, db, work)
driver = chrome()
checked = []


def axe(label):
    """Runs axe-core on the current page; serious and critical violations fail the test."""
    checked.append(label)
    failures.extend(f"axe {label}: {v}" for v in axe_violations(driver))


def click(element):
    """Clicks and waits for the next page (every console action loads a new page)."""
    click_and_wait(driver, element)


def expect(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def sign_in(user):
    driver.get(base + "/console/login")
    axe("sign-in")
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    click(driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))


def sign_out():
    click(driver.find_element(By.XPATH, "//form[@action='/console/logout']//button"))


def answer(step_values):
    """Answers the conversation one step at a time; `step_values` maps step ids to the answer to give."""
    for _ in range(20):
        forms = driver.find_elements(By.CSS_SELECTOR, "form[data-step]")
        if not forms:
            return
        form = forms[0]
        step = form.get_attribute("data-step")
        value = step_values.get(step)
        text = form.find_elements(By.CSS_SELECTOR, "textarea[name=answer]")
        if text:
            text[0].send_keys(value or "Customer's own words")
        elif value:
            for v in value if isinstance(value, list) else [value]:
                form.find_element(By.CSS_SELECTOR, f"input[name=answer][value='{v}']").click()
        click(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))


try:
    # An agent signs in and opens a case.
    sign_in("ann")
    expect("Work queues" in driver.title, "the agent lands on the work queues")
    axe("queues")
    driver.find_element(By.ID, "q").send_keys("1")
    click(driver.find_element(By.CSS_SELECTOR, "form[role=search] button"))
    expect(driver.title.startswith("Case"), f"searching for case 1 opens it (got {driver.title})")
    case_url = driver.current_url
    axe("case view")
    case_number = driver.find_element(By.TAG_NAME, "h1").text.split()[1]

    # TEXAS with consent, recording an adjustment (easy read) and signposting.
    click(driver.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'TEXAS')]"))
    axe("protocol step (TEXAS)")
    answer({"consent": "yes", "impact": "Anxiety makes phone calls hard", "helper": "no",
            "adjustments": ["easyRead", "noPhone"], "signpost": "externalHelp"})
    body = driver.find_element(By.TAG_NAME, "body").text
    expect("The conversation is finished" in body, "TEXAS finishes")
    axe("protocol finished")
    driver.get(case_url)
    body = driver.find_element(By.TAG_NAME, "body").text
    expect("Handle with care" in body and "Easy read" in body and "No phone calls" in body,
           "the case shows handle with care and the adjustments")
    expect("Anxiety" not in body, "the agent does not see the customer's words")

    # BLAKE with immediate danger: crisis numbers at once, then the crisis hold and the urgent escalation.
    click(driver.find_element(By.XPATH, "//button[normalize-space()='BLAKE']"))
    body = driver.find_element(By.TAG_NAME, "body").text
    expect("Crisis support for this customer's country" in body, "BLAKE shows the crisis numbers at once")
    axe("protocol step (BLAKE)")
    if shots:
        driver.save_screenshot(os.path.join(shots, "console-blake.png"))
    click(driver.find_element(By.CSS_SELECTOR, "form[data-step] button[type=submit]"))  # breathe
    driver.find_element(By.CSS_SELECTOR, "input[name=answer][value=yes]").click()
    click(driver.find_element(By.CSS_SELECTOR, "form[data-step] button[type=submit]"))
    body = driver.find_element(By.TAG_NAME, "body").text
    expect("Immediate danger" in body, "immediate danger shows the emergency guidance")
    answer({"anyoneWith": "no", "plans": "yes", "concern": "no"})
    driver.get(case_url)
    body = driver.find_element(By.TAG_NAME, "body").text
    expect("Crisis hold" in body, "the case shows the crisis hold")
    if shots:
        driver.set_window_size(1280, 1500)
        driver.save_screenshot(os.path.join(shots, "console-case.png"))
        driver.set_window_size(1280, 1800)
    driver.get(case_url + "/affordability")
    axe("income and expenditure")
    driver.get(base + "/console/cases/no-such-case")
    axe("error page")
    driver.get(case_url + "/care")
    expect("Your role cannot open this page" in driver.find_element(By.TAG_NAME, "body").text,
           "an agent cannot open the support details")
    driver.get(base + "/console")
    sign_out()

    # The specialist sees the urgent escalation first.
    sign_in("sam")
    rows = driver.find_elements(By.CSS_SELECTOR, "#escalations ~ table tbody tr, section[aria-labelledby=escalations] tbody tr")
    expect(rows and "Urgent" in rows[0].text and case_number in rows[0].text,
           f"the urgent escalation for case {case_number} is first in the specialist's queue")
    if shots:
        driver.save_screenshot(os.path.join(shots, "console-queues.png"))
    driver.get(case_url + "/care?purpose=specialistReview")
    expect("Anxiety makes phone calls hard" in driver.find_element(By.TAG_NAME, "body").text,
           "the specialist reads the customer's words")
    axe("support details")
    # The queues in every language.
    for lang in ["nl", "fi", "da", "it", "en"]:
        driver.get(base + "/console")
        driver.find_element(By.CSS_SELECTOR, f"#language-select option[value={lang}]").click()
        click(driver.find_element(By.XPATH, "//form[@action='/console/language']//button"))
        expect(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang, f"the console switches to {lang}")
        axe(f"queues ({lang})")
    sign_out()

    # Compliance reads the audit trail, which shows the specialist's read with its purpose.
    sign_in("cora")
    driver.get(base + "/console/audit?action=vulnerability.read")
    expect("specialistReview" in driver.find_element(By.TAG_NAME, "body").text, "the audit trail shows the read")
    axe("audit trail")
finally:
    driver.quit()
    server.terminate()
    server.wait()
    shutil.rmtree(work, ignore_errors=True)

print(f"console browser test: {len(checked)} axe checks ({', '.join(checked)})")
if failures:
    print("\n".join(failures))
    sys.exit(1)
print("console browser test passed")
