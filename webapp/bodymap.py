"""Body map: small SVG figures showing where an acupoint is, for the hold timer and point pages."""

import zlib
from dataclasses import dataclass

from markupsafe import Markup, escape

from webapp.i18n import lazy_gettext as _l
from webapp.vocabulary import SIDE_CAPTIONS, SIDES  # noqa: E402


@dataclass(frozen=True)
class View:
    """One drawing: its coordinate box, a title, how a right-side point is shown, and the figure."""

    view_box: str
    title: str
    mirror: str  # "body": mirror the marker across the midline; "limb": mirror the whole figure
    markup: str
    corners: tuple = ("", "")  # labels for the viewer's left and right edges
    seen: str = ""  # from which side the figure is seen, in words

    @property
    def margin(self) -> float:
        """Room beside the figure for its Left/Right labels, so they never cover it."""
        return LABEL_MARGIN if self.corners[0] else 0.0

    @property
    def size(self) -> tuple[float, float]:
        """Width and height of the view box."""
        _, _, width, height = (float(n) for n in self.view_box.split())
        return width, height


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _symmetric(half: str, width: float) -> str:
    """Path data of a closed outline from its left half and that half's mirror image.

    `half` is a start point on the midline and cubic curves (six numbers each) that end on it.
    """
    numbers = [float(n) for n in half.split()]
    start, curves = numbers[:2], [numbers[i : i + 6] for i in range(2, len(numbers), 6)]
    ends = [start] + [curve[4:] for curve in curves]
    back = [
        [width - c[2], c[3], width - c[0], c[1], width - end[0], end[1]]
        for c, end in zip(reversed(curves), reversed(ends[:-1]), strict=True)
    ]
    parts = [f"M{_num(start[0])} {_num(start[1])}"]
    parts += ["C" + " ".join(_num(n) for n in curve) for curve in curves + back]
    return "".join(parts) + "Z"


def _pair(markup: str, width: float) -> str:
    """The markup for the left side plus its mirror image on the right side."""
    return f'{markup}<g transform="matrix(-1 0 0 1 {_num(width)} 0)">{markup}</g>'


# Left half of a standing figure seen from behind or in front, head top to crotch.
_BODY_HALF = """
100 10
88 10 81 19 81 32
77 31 76 44 82 46
83 52 87 56 89 59
89 62 89 64 88 66
80 70 64 72 56 75
49 77 46 84 46 92
45 110 43 130 42 150
41 170 38 185 38 200
35 212 35 228 39 236
42 241 47 240 48 234
49 222 48 210 46 200
47 186 50 170 51 152
52 135 55 115 58 104
60 102 62 103 63 106
64 120 69 132 69 145
69 158 64 168 63 180
62 190 61 196 61 204
61 235 66 260 69 280
70 290 66 300 67 315
68 335 77 355 79 368
79 378 77 386 80 390
83 394 92 394 94 389
95 380 93 372 93 366
94 345 98 320 97 300
96 290 95 285 95 280
96 255 98 230 100 212
"""
_BODY = f'<path class="bm-skin" d="{_symmetric(_BODY_HALF, 200)}"/>'

_BACK = (
    _BODY
    + '<path class="bm-line" d="M88 55Q100 60 112 55"/>'
    + '<circle class="bm-line" cx="100" cy="70" r="2.5"/>'
    + '<path class="bm-line" d="M100 75V190"/>'
    + _pair(
        '<path class="bm-line" d="M81 80C82 92 83 104 85 112C76 108 68 100 63 93'
        'C63 89 64 86 66 83C71 81 76 80 81 80Z"/>'
        '<path class="bm-line" d="M82 88C74 85 65 81 57 79"/>'
        '<circle class="bm-line" cx="91" cy="178" r="1.8"/>'
        '<path class="bm-line" d="M100 212C90 216 78 214 70 208"/>'
        '<circle class="bm-landmark" cx="64" cy="200" r="3"/>'
        '<path class="bm-line" d="M74 281C79 284 86 284 91 281"/>',
        200,
    )
    + '<path class="bm-landmark" d="M64 164H136"/>'
    + '<path class="bm-line" d="M100 190V210"/>'
)

_FRONT = (
    _BODY
    + _pair(
        '<path class="bm-line" d="M92 70C84 72 72 72 62 75"/>'
        '<path class="bm-line" d="M68 180C76 190 86 196 96 200"/>'
        '<ellipse class="bm-line" cx="82" cy="272" rx="7" ry="9"/>',
        200,
    )
    + '<circle class="bm-line" cx="100" cy="160" r="2"/>'
)

_HEAD = (
    '<path class="bm-skin" d="M118 37C88 37 62 52 58 80C56 86 55 90 56 96C56 99 57 101 57 102'
    "C52 110 46 116 44 122C46 125 50 127 54 128C53 130 52 132 52 134C53 136 54 138 55 139"
    "C54 140 53 142 53 143C54 146 56 148 57 149C55 152 54 155 54 158C58 163 63 166 68 166"
    "C72 167 76 168 80 168C81 178 82 188 82 200H148C148 180 149 160 152 140C160 128 168 110 168 90"
    'C168 58 145 37 118 37Z"/>'
    '<path class="bm-line" d="M112 104C114 94 128 94 127 106C127 116 121 120 120 128'
    'C119 134 112 134 110 128"/>'
    '<path class="bm-line" d="M64 104Q70 107 76 104"/>'
    '<path class="bm-landmark" d="M118 96V44"/>'
)

_HAND = (
    '<path class="bm-skin" d="M74 260C72 240 70 225 66 205C62 185 58 160 58 130'
    "C58 118 58 100 60 80C61 72 72 72 73 80L74 110C75 90 74 60 75 40C76 30 88 30 89 40"
    "L90 100C91 80 91 50 92 30C93 20 106 20 107 30L107 100C108 80 110 60 112 45"
    "C114 35 126 36 125 46C123 70 123 100 124 130C134 125 148 112 160 100"
    'C166 94 176 98 172 108C160 130 146 160 134 190C130 210 128 235 126 260"/>'
    '<path class="bm-landmark" d="M118 118L120 190M130 185L162 110"/>'
)

_FOREARM = (
    '<path class="bm-skin" d="M56 0C52 20 48 45 48 60C48 90 56 140 60 200C62 225 62 240 60 250'
    "C52 262 46 272 44 282C48 286 54 282 60 274C64 284 68 290 72 290H100"
    'C104 270 104 255 100 245C102 200 112 120 114 70C114 50 112 25 110 0"/>'
    '<path class="bm-line" d="M49 60C58 62 68 63 76 62"/>'
    '<path class="bm-landmark" d="M77 62L82 250"/>'
)

_SOLE = (
    '<path class="bm-skin" d="M42 16C28 16 24 30 26 44C28 56 30 62 30 70C26 100 36 130 40 160'
    "C44 190 40 220 44 240C48 256 62 262 74 262C90 262 98 250 98 236C98 210 104 180 108 150"
    "C112 120 116 100 116 84C116 78 120 72 118 66C116 58 110 58 108 62C108 56 104 50 98 52"
    'C96 44 90 40 86 44C84 34 76 32 72 38C70 24 62 16 58 22C56 16 50 16 42 16Z"/>'
    '<path class="bm-line" d="M32 64C44 70 56 66 60 60M62 58C66 62 70 62 72 58M74 58C78 60 82 60'
    " 86 56"
    'M88 58C92 62 96 62 98 58M100 64C104 68 110 68 112 66"/>'
    '<path class="bm-landmark" d="M71 62L70 258"/>'
)

_FOOT_TOP = (
    '<path class="bm-skin" d="M98 16C112 16 116 30 114 44C112 56 110 62 110 70C114 100 108 130 104'
    " 160"
    "C100 180 100 200 100 240V265H52V240C50 210 40 190 34 160C30 130 24 100 24 84"
    "C24 78 20 72 22 66C24 58 30 58 32 62C32 56 36 50 42 52C44 44 50 40 54 44"
    'C56 34 64 32 68 38C70 24 78 16 82 22C84 16 90 16 98 16Z"/>'
    '<path class="bm-landmark" d="M94 72L86 150M76 64L80 150"/>'
)

_ANKLE = (
    '<path class="bm-skin" d="M130 0C132 40 130 80 126 120C110 132 60 148 30 160C16 164 14 178 24'
    " 182"
    "C60 186 120 186 160 186C180 186 194 180 194 164C194 150 186 140 182 128"
    'C178 100 176 50 178 0"/>'
    '<ellipse class="bm-line" cx="150" cy="124" rx="8" ry="10"/>'
    '<path class="bm-line" d="M172 40C172 80 174 110 180 140"/>'
)

VIEWS = {
    "back": View(
        "0 0 200 400",
        _l("Back of the body"),
        "body",
        _BACK,
        (_l("Left"), _l("Right")),
        _l("Seen from behind: your left is on the left."),
    ),
    "front": View(
        "0 0 200 400",
        _l("Front of the body"),
        "body",
        _FRONT,
        (_l("Right"), _l("Left")),
        _l("Seen from the front: your left is on the right."),
    ),
    "head": View(
        "0 0 200 220", _l("Head from the side"), "limb", _HEAD, seen=_l("Head, seen from the side.")
    ),
    "hand": View(
        "0 0 200 290", _l("Back of the hand"), "limb", _HAND, seen=_l("Back of the hand.")
    ),
    "forearm": View(
        "0 0 160 320",
        _l("Forearm, thumb side"),
        "limb",
        _FOREARM,
        seen=_l("Forearm, thumb side up."),
    ),
    "sole": View(
        "0 0 140 300", _l("Sole of the foot"), "limb", _SOLE, seen=_l("Sole of the foot.")
    ),
    "foot_top": View(
        "0 0 140 300",
        _l("Top of the foot"),
        "limb",
        _FOOT_TOP,
        seen=_l("Top of the foot, from above."),
    ),
    "ankle": View(
        "0 0 240 220", _l("Outside of the ankle"), "limb", _ANKLE, seen=_l("Outside of the ankle.")
    ),
}


def _marker(x: float, y: float, side: str, height: float) -> str:
    return (
        f'<circle class="bm-halo" cx="{_num(x)}" cy="{_num(y)}" r="{_num(height * 0.04)}"/>'
        f'<circle class="bm-point" data-side="{side}" cx="{_num(x)}" cy="{_num(y)}"'
        f' r="{_num(height * 0.015)}"/>'
    )


ZOOM_HEIGHT = 220
LABEL_MARGIN = 56.0


def _window(figure: View, y: float, zoom: bool) -> tuple[str, float]:
    """The view box to show, and its top: whole-body views zoom to the part around the point."""
    width, height = figure.size
    side = figure.margin
    if not zoom or figure.mirror != "body":
        if not side:
            return figure.view_box, 0.0
        return f"{_num(-side)} 0 {_num(width + 2 * side)} {_num(height)}", 0.0
    top = min(max(y - ZOOM_HEIGHT / 2, 0.0), height - ZOOM_HEIGHT)
    return f"{_num(-side)} {_num(top)} {_num(width + 2 * side)} {ZOOM_HEIGHT}", top


def _corner_labels(figure: View, top: float) -> str:
    width, _ = figure.size
    left, right = figure.corners
    if not left:
        return ""
    y = _num(top + 26)
    # In the margins beside the figure, from the outer edges inwards: even a browser's minimum
    # font size (which enlarges small SVG text) leaves them clear of the figure.
    edge = figure.margin - 2
    return (
        f'<text class="bm-caption" x="{_num(-edge)}" y="{y}" font-size="22">{left}</text>'
        f'<text class="bm-caption" x="{_num(width + edge)}" y="{y}" font-size="22"'
        f' text-anchor="end">{right}</text>'
    )


def render(
    view: str, x: float, y: float, side: str, label: str, uid: str = "", zoom: bool = False
) -> Markup:
    """The <svg> of a view with the point marked; (x, y) is on the person's left or the midline.

    `uid` keeps the title's id unique when one page draws the same point twice; `zoom` shows
    only the part of a whole-body view around the point, so it is big enough on a phone.
    """
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}, not {side!r}")
    figure = VIEWS[view]
    width, height = figure.size
    view_box, top = _window(figure, y, zoom)
    title_id = f"bm-{view}-{zlib.crc32(f'{view}:{x}:{y}:{side}:{uid}'.encode()):08x}"
    caption = ""
    if figure.mirror == "body":
        spots = {"left": [(x, "left")], "right": [(width - x, "right")]}
        spots["both"] = spots["left"] + spots["right"]
        spots["center"] = [(x, "center")]
        markers = "".join(_marker(cx, y, name, height) for cx, name in spots[side])
        body = figure.markup + markers + _corner_labels(figure, top)
    else:
        marker_side = "left" if side == "both" else side
        body = figure.markup + _marker(x, y, marker_side, height)
        if side == "right":
            body = f'<g transform="translate({_num(width)} 0) scale(-1 1)">{body}</g>'
        if side in SIDE_CAPTIONS:
            caption = (
                f'<text class="bm-caption" x="{_num(width / 2)}" y="{_num(height * 0.96)}"'
                f' font-size="{_num(height * 0.05)}" text-anchor="middle">'
                f"{SIDE_CAPTIONS[side]}</text>"
            )
    # The figure is our own markup and the label is escaped above.
    return Markup(  # noqa: S704
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bodymap" viewBox="{view_box}"'
        f' role="img" aria-labelledby="{title_id}" data-view="{view}" data-side="{side}">'
        f'<title id="{title_id}">{escape(label)}</title>{body}{caption}</svg>'
    )


@dataclass(frozen=True)
class Area:
    """Where on the body a group of points lies, and where to tap for it on the back figure."""

    key: str
    name: str
    regions: tuple[str, ...]
    """The points' `region` values (seed_data/points.toml) it holds."""
    x: float
    y: float


AREAS = (
    Area("head-and-neck", _l("Head and neck"), ("head", "neck"), 100, 38),
    Area("upper-back", _l("Upper back and shoulders"), ("upper back",), 74, 92),
    Area("lower-back", _l("Lower back and belly"), ("lower back", "belly"), 100, 168),
    Area("hips", _l("Buttocks and hips"), ("buttock",), 72, 214),
    Area("arms-and-hands", _l("Arms and hands"), ("forearm", "hand"), 40, 186),
    Area("legs", _l("Thighs and knees"), ("thigh", "knee"), 74, 286),
    Area("ankles-and-feet", _l("Ankles and feet"), ("ankle", "foot"), 86, 376),
)
"""Every point region is in exactly one area (tests/test_areas.py checks the seed)."""
AREA_TARGET_RADIUS = 17


def area_map(hrefs: dict[str, str]) -> Markup:
    """The back figure with one link per area: a tap (or Tab and Enter) opens that area."""
    figure = VIEWS["back"]
    links = "".join(
        f'<a href="{escape(hrefs[area.key])}" aria-label="{escape(area.name)}" class="bm-area">'
        f'<circle class="bm-area-target" cx="{_num(area.x)}" cy="{_num(area.y)}"'
        f' r="{AREA_TARGET_RADIUS}"/></a>'
        for area in AREAS
    )
    return Markup(  # noqa: S704 (our own markup; names and links escaped)
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bodymap area-map"'
        f' viewBox="{figure.view_box}" role="group"'
        ' aria-label="Body outline, seen from behind: choose an area">'
        f"{figure.markup}{links}</svg>"
    )
