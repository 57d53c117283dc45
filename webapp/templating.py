"""Template helpers shared by every area."""

from flask import Flask
from markupsafe import Markup

from webapp import bodymap
from webapp.models import Point

SIDE_WORDS = {"left": "left side", "right": "right side", "both": "both sides", "center": "midline"}


def body_map(point: Point, side: str | None = None, uid: str = "", zoom: bool = False) -> Markup:
    """The point drawn on its body view, on the given side (both sides by default)."""
    side = side or ("both" if point.bilateral else "center")
    label = f"Where {point.code} {point.name} is: {point.location} ({SIDE_WORDS[side]})"
    return bodymap.render(point.map_view, point.map_x, point.map_y, side, label, uid, zoom)


def init_app(app: Flask) -> None:
    app.add_template_global(body_map)
