"""A person builds a routine of their own, runs it, finds it in history and the report, edits
it and deletes it; the session done before the edit keeps the steps it was done with."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, assert_fits_width, my_sessions
from tests.e2e.test_offline import controlled
from tests.e2e.test_player import check_out, start


def choose_step(page, number: int, code: str, side: str | None, seconds: int) -> None:
    step = page.get_by_role("group", name=f"Step {number}")
    step.get_by_label("Point").select_option(code)
    if side:
        step.get_by_label("Side", exact=True).select_option(side)
    step.get_by_label("Hold (seconds)").fill(str(seconds))


def build(page, name: str) -> str:
    """Make a two-step routine through the builder; return its slug."""
    page.goto("/routines")
    page.get_by_role("link", name="Make your own routine").click()
    expect(page.get_by_role("heading", name="Make your own routine")).to_be_visible()
    page.get_by_label("Name").fill(name)
    choose_step(page, 1, "BL40", "left", 30)
    page.get_by_role("button", name="Add a step").click()
    choose_step(page, 2, "GV20", None, 30)
    # Keyboard only: the move button of step 2, pressed with Enter.
    page.get_by_role("button", name="Move step 2 up").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Step moved up.")).to_be_attached()
    expect(page.locator(".builder-step legend").first).to_contain_text("GV20")
    expect(page.get_by_label("Name")).to_have_value(name)
    page.get_by_role("button", name="Save routine").last.click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def test_build_run_find_edit_and_delete_an_own_routine(signed_in_page):
    page = signed_in_page
    slug = build(page, "Desk break")
    steps = page.locator("ol.steps > li")
    expect(steps).to_have_count(2)
    expect(steps.first).to_contain_text("GV20")
    expect(steps.nth(1)).to_contain_text("Take care")

    start(page, slug, pain=5)
    expect(page.locator("#player-title")).to_contain_text("GV20")
    page.clock.run_for((3 + 30 + 3 + 30) * 1000)
    check_out(page, 3)
    (done,) = [s for s in my_sessions(page) if s["routine"] == slug]
    assert (done["outcome"], done["routine_title"]) == ("completed", "Desk break")

    page.goto("/history")
    expect(page.locator("main")).to_contain_text("Desk break")
    page.goto("/report")
    expect(page.locator("main")).to_contain_text("Desk break")

    page.goto(f"/routines/{slug}")
    page.get_by_role("link", name="Edit this routine").click()
    expect(page.get_by_text("Sessions you have already done keep the steps")).to_be_visible()
    page.get_by_role("group", name="Step 1").get_by_label("Hold (seconds)").fill("90")
    page.get_by_role("button", name="Save routine").last.click()
    expect(page.get_by_role("status")).to_contain_text("Saved Desk break.")
    expect(page.locator("ol.steps > li").first).to_contain_text("1 min 30 s")

    page.goto(f"/history/{done['id']}")
    kept = page.locator("ol.session-steps > li")
    expect(kept).to_have_text(
        ["GV20 Hundred Meetings, midline, 30 s", "BL40 Commanding Middle, left side, 30 s"]
    )

    page.goto(f"/routines/{slug}")
    page.get_by_role("link", name="Delete it").click()
    expect(page.get_by_text("The 1 session you did with it stays")).to_be_visible()
    page.get_by_role("button", name="Delete this routine").click()
    expect(page.get_by_role("status")).to_contain_text("Its past sessions stay in your history")
    expect(page.get_by_role("link", name="Desk break")).to_have_count(0)
    assert [s["id"] for s in my_sessions(page) if s["id"] == done["id"]] == [done["id"]]
    page.goto(f"/history/{done['id']}")
    expect(page.locator("ol.session-steps > li")).to_have_count(2)


def test_bad_input_in_the_builder_shows_field_errors_and_keeps_the_rest(signed_in_page):
    page = signed_in_page
    page.goto("/routines/new")
    choose_step(page, 1, "BL40", "right", 500)
    page.get_by_role("button", name="Save routine").last.click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Give your routine a name.")
    expect(summary).to_contain_text("Step 1: Must be a whole number of seconds from 30 to 180.")
    summary.get_by_role("link", name="Step 1: Must be").click()
    expect(page.get_by_role("group", name="Step 1").get_by_label("Hold (seconds)")).to_be_focused()
    expect(page.get_by_role("group", name="Step 1").get_by_label("Side", exact=True)).to_have_value(
        "right"
    )


def test_plus_30_s_and_repeat_this_point_in_the_player(signed_in_page):
    page = signed_in_page
    routine = page.request.get("/api/routines/lower-back-basics").json()
    first = routine["steps"][0]
    start(page)
    page.clock.run_for(3000 + 10_000)
    left = first["seconds"] - 10
    page.get_by_role("button", name="+30 s on this hold").click()
    expect(page.locator("#player-count")).to_have_text(
        f"{(left + 30) // 60}:{(left + 30) % 60:02d}"
    )
    expect(page.locator("#player-live")).to_have_text(
        f"Added 30 seconds: this hold is now {first['seconds'] + 30} seconds."
    )
    page.get_by_role("button", name="Repeat this point").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#player-live")).to_contain_text("comes again next, as step 2 of 5")
    expect(page.locator("#player-next")).to_contain_text(f"Next: {first['point']}")
    page.reload()
    expect(page.locator("#player-progress")).to_contain_text("Step 1 of 5")
    total = sum(s["seconds"] + 3 for s in routine["steps"]) + 30 + first["seconds"] + 3
    page.clock.run_for(total * 1000)
    check_out(page, 4)
    saved = my_sessions(page)[0]
    assert (saved["outcome"], saved["steps_completed"]) == ("completed", 5)
    assert (
        saved["held_seconds"] == sum(s["seconds"] for s in routine["steps"]) + 30 + first["seconds"]
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_own_routine_pages_are_accessible_and_fit_320px(signed_in_page, scheme):
    page = signed_in_page
    page.emulate_media(color_scheme=scheme)
    slug = build(page, f"Evening {scheme}")
    page.set_viewport_size({"width": 320, "height": 700})
    assert_fits_width(page)
    assert_accessible(page)
    page.goto(f"/routines/{slug}/edit")
    page.locator(".builder-point summary").first.click()
    assert_fits_width(page)
    assert_accessible(page)
    page.get_by_label("Name").fill("")
    page.get_by_role("button", name="Save routine").last.click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_fits_width(page)
    assert_accessible(page)
    page.goto(f"/routines/{slug}/delete")
    assert_fits_width(page)
    assert_accessible(page)
    start(page, slug)
    assert_fits_width(page)
    assert_accessible(page, fake_clock=True)


def test_an_own_routine_opened_once_runs_offline(signed_in_page):
    page = signed_in_page
    slug = build(page, "Train seat")
    controlled(page, f"/routines/{slug}/session")
    page.context.set_offline(True)
    page.reload()
    start(page, slug, pain=4)
    expect(page.locator("#player-title")).to_contain_text("GV20")
    page.clock.run_for((3 + 30 + 3 + 30) * 1000)
    check_out(page, 2)
    expect(page.locator("#screen-summary")).to_contain_text("Pain 4 → 2")
    page.context.set_offline(False)


def test_enter_in_the_name_saves_and_never_moves_a_step(signed_in_page):
    page = signed_in_page
    page.goto("/routines/new")
    choose_step(page, 1, "BL40", "both", 45)
    page.get_by_role("button", name="Add a step").click()
    choose_step(page, 2, "GV20", None, 30)
    page.get_by_label("Name").fill("Enter key")
    page.get_by_label("Name").press("Enter")
    expect(page.get_by_role("heading", name="Enter key", level=1)).to_be_visible()
    expect(page.locator("ol.steps > li").first).to_contain_text("BL40")
