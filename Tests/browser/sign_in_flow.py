"""Signs in, looks, manages an account and signs out in a real browser (headless Chromium via Selenium);
checks the main pages, signed out and signed in, with axe-core (the engine behind Lighthouse's
accessibility audit, bundled by axe-selenium-python): no violation of any rule.

Usage: sign_in_flow.py BASE_URL PASSWORD SCREENSHOT_DIR
Run by BrowserTests.swift against the demo accounts. Prints one line per check and exits 1 if any failed.
"""
import sys

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

base, password, screenshots = sys.argv[1:4]
failures = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f" ({detail})"))
    if not ok:
        failures.append(name)


def submit(driver, button):
    """Clicks a button or link and waits for the next page: without the wait, a check could read the old one."""
    button.click()
    WebDriverWait(driver, 10).until(lambda _: is_gone(button))


def is_gone(element):
    """Whether the old page's element is gone. Chromium answers "stale" or, caught while the new page is
    being put in place, "Node with given id does not belong to the document": both mean gone (Selenium's
    own staleness_of knows only the first, so the wait failed now and then)."""
    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise


MAIN_PAGES = ["/", "/indicators/math_prof_g5?year=2009", "/indicators/ela_dfs", "/districts/FUSD",
              "/districts/LBUSD/schools/401", "/cohorts", "/progress", "/state-dashboard", "/framework", "/sign-in"]


def accessible(driver, who, pages=MAIN_PAGES):
    """axe-core on every main page: each violation named with its rule, impact and first element."""
    for path in pages:
        driver.get(base + path)
        axe = Axe(driver)
        axe.inject()
        violations = axe.run()["violations"]
        found = [f"{v['id']} ({v['impact']}, {len(v['nodes'])}×: {v['nodes'][0]['target']})" for v in violations]
        check(f"axe-core finds nothing on {path}, {who}", not violations, "; ".join(found))
    driver.get(base + "/")


def sign_in(driver, username, secret):
    field = driver.find_element(By.NAME, "username")
    field.clear()  # after a failed attempt the form keeps the username
    field.send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(secret)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form.stacked button[type=submit]"))


options = webdriver.ChromeOptions()
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,1600"]:
    options.add_argument(argument)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    accessible(driver, "signed out")
    school = "/districts/FUSD/schools/101?group=EL"
    driver.get(base + school)
    check("signed out, the page offers to sign in", "Sign in" in driver.find_element(By.CSS_SELECTOR, ".account").text)
    check("signed out, no own-district numbers", "your district only" not in driver.page_source)
    submit(driver, driver.find_element(By.LINK_TEXT, "Sign in"))
    check("the sign-in page remembers where the visitor was going", "next=" in driver.current_url, driver.current_url)

    sign_in(driver, "fusd.leader", "not the password")
    check("a wrong password is refused with a message", "Sign-in failed" in driver.page_source)
    sign_in(driver, "fusd.leader", password)
    check("after signing in the browser is back on the school page", driver.current_url == base + school, driver.current_url)
    check("the header names who is signed in", "fusd.leader" in driver.find_element(By.CSS_SELECTOR, ".account").text)
    check("the district sees its own small groups, marked", "your district only" in driver.page_source)
    check("one legend explains the mark, not a sentence under every cell",
          driver.page_source.count("Your district only: a value shown") == 1
          and "(your district only: hidden from partners)" not in driver.page_source)
    cookie = driver.get_cookie("tandem_session") or {}
    check("the session cookie is HttpOnly and SameSite=Strict", cookie.get("httpOnly") is True and cookie.get("sameSite") == "Strict", cookie)
    driver.save_screenshot(f"{screenshots}/signed-in-school.png")
    accessible(driver, "signed in as a district leader")

    submit(driver, driver.find_element(By.CSS_SELECTOR, ".account button"))
    check("signing out goes home, signed out", driver.current_url == base + "/" and driver.get_cookie("tandem_session") is None)
    driver.get(base + "/admin/accounts")
    check("an admin page asks a signed-out visitor to sign in", "/sign-in?next=" in driver.current_url, driver.current_url)

    sign_in(driver, "fusd.steward", password)
    check("the steward lands on the accounts page", driver.current_url == base + "/admin/accounts", driver.current_url)
    driver.find_element(By.NAME, "username").send_keys("fusd.browser")
    driver.find_element(By.CSS_SELECTOR, "select[name=role] option[value=viewer]").click()
    submit(driver, driver.find_element(By.XPATH, "//button[text()='Add the account']"))
    issued = driver.find_elements(By.CSS_SELECTOR, ".issued")
    check("the steward's form adds an account and shows its password once",
          bool(issued) and "The password for fusd.browser is" in issued[0].text, driver.page_source[-600:])
    driver.save_screenshot(f"{screenshots}/accounts.png")
    driver.get(base + "/admin/audit")
    check("the audit log shows the new account", "fusd.browser as viewer" in driver.page_source)
    driver.find_element(By.CSS_SELECTOR, "select[name=action] option[value=account-added]").click()
    submit(driver, driver.find_element(By.XPATH, "//form[@class='filters']//button[text()='Show']"))
    rows = driver.find_elements(By.CSS_SELECTOR, "table tbody tr")
    check("the audit log's filter keeps only the action asked for",
          "action=account-added" in driver.current_url and rows and all("account-added" in row.text for row in rows),
          driver.current_url)
    driver.save_screenshot(f"{screenshots}/audit.png")
    driver.get(base + "/admin/data")
    check("the steward's loads and coverage page lists FUSD's loads and what the computation measured",
          "Loads and coverage of FUSD" in driver.page_source and "What the latest computation measured" in driver.page_source
          and "LBUSD" not in driver.find_element(By.ID, "main").text)
    driver.save_screenshot(f"{screenshots}/data.png")
    accessible(driver, "signed in as a data steward", ["/admin/data", "/admin/accounts", "/admin/audit"])

    errors = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    # The wrong password answers 401, which Chromium logs as a failed load: that one is expected.
    errors = [message for message in errors if "401" not in message]
    check("no console errors (a Content-Security-Policy violation would be one)", not errors, errors[:3])
finally:
    driver.quit()

sys.exit(1 if failures else 0)
