"""The new routine pages at 320 px and with text at 200%: nothing spills, covers or shrinks
below a 24 px target."""

from playwright.sync_api import expect

from tests.e2e.test_large_text import SMALL_TARGETS, check_screen, phone  # noqa: F401


def test_builder_comparison_body_areas_and_search_fit_large_text(phone):  # noqa: F811
    page = phone
    page.goto("/routines/new")
    page.get_by_role("group", name="Step 1").get_by_label("Point").select_option("BL40")
    page.get_by_role("button", name="Add a step").click()
    expect(page.get_by_role("group", name="Step 2")).to_be_visible()
    page.locator(".builder-point summary").first.click()
    check_screen(page, "builder")
    for path in ("/compare", "/body", "/body/legs", "/search?q=sciatica", "/which-routine"):
        page.goto(path)
        check_screen(page, path.strip("/").replace("/", "-").replace("?", "-"))
    page.goto("/compare")
    page.get_by_role("button", name="Start the comparison").click()
    expect(page.get_by_role("heading", name="The next days")).to_be_visible()
    check_screen(page, "comparison-running")
