"""Body map: small SVG figures showing where an acupoint is, for the hold timer and point pages."""

import zlib
from dataclasses import dataclass

from markupsafe import Markup, escape

SIDES = ("left", "right", "both", "center")
SIDE_CAPTIONS = {"left": "Left side", "right": "Right side", "both": "Both sides"}


@dataclass(frozen=True)
class View:
    """One drawing: its coordinate box, a title, how a right-side point is shown, and the figure."""

    view_box: str
    title: str
    mirror: str  # "body": mirror the marker across the midline; "limb": mirror the whole figure
    markup: str
    corners: tuple[str, str] = ("", "")  # labels for the viewer's left and right edges

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
    '<path class="bm-skin" d="M72 262C68 236 58 214 56 190C54 170 56 150 61.7 123.7L51.1 63.4'
    "A7 7 0 0 1 64.9 60.6L78.3 120.3C78.3 125.3 78 117.6 78 112.6L74.5 36.5A7.5 7.5 0 0 1 89.5 35.5"
    "L96 111.4C96 116.4 95.5 114.9 95.5 109.9L98.3 25.9A7.8 7.8 0 0 1 113.7 26.1L114.5 110.1"
    "C114.5 115.1 114.1 120 114.1 115L123.5 41.2A7.5 7.5 0 0 1 138.5 42.8L131.9 117"
    "C133.9 131 128.4 172.2 134.4 170.2L171.5 103.8A9.5 9.5 0 0 1 188.5 112.2L157.6 181.8"
    'C149.6 199.8 132 226 128 262"/>'
    '<rect class="bm-line" x="54.8" y="61" width="7.8" height="9.8" rx="3.1"'
    ' transform="rotate(-11.3 58.7 65.4)"/>'
    '<rect class="bm-line" x="78" y="34.9" width="8.4" height="10.5" rx="3.3"'
    ' transform="rotate(-3.8 82.2 39.7)"/>'
    '<rect class="bm-line" x="101.6" y="24.9" width="8.7" height="10.8" rx="3.4"/>'
    '<rect class="bm-line" x="126.4" y="40.9" width="8.4" height="10.5" rx="3.3"'
    ' transform="rotate(6.2 130.6 45.7)"/>'
    '<rect class="bm-line" x="172.6" y="106.2" width="10.6" height="13.3" rx="4.2"'
    ' transform="rotate(26.6 177.9 112.2)"/>'
    '<path class="bm-landmark" d="M122 122L120 196M154 156L130 204"/>'
)

_FOREARM = (
    '<path class="bm-skin" d="M102 0C103 20 106 40 108 54C110 62 106 70 102 78C98 110 94 160 90 198'
    "C92 214 96 236 94 256C93 272 88 284 80 286C72 288 66 280 64 270C62 258 62 250 62 244"
    "C56 248 48 256 44 254C38 252 38 244 42 238C48 228 54 214 56 204C50 170 40 110 40 84"
    'C40 70 42 60 44 52C45 36 46 18 46 0"/>'
    '<path class="bm-line" d="M44 52C52 55 60 56 68 55"/>'
    '<path class="bm-landmark" d="M68 55L74 202"/>'
)

_TOES = (
    '<ellipse class="bm-skin" cx="42" cy="38" rx="15" ry="20"/>'
    '<ellipse class="bm-skin" cx="68" cy="30" rx="9" ry="12.5"/>'
    '<ellipse class="bm-skin" cx="86" cy="35" rx="8.5" ry="11.5"/>'
    '<ellipse class="bm-skin" cx="102" cy="45" rx="8" ry="10.5"/>'
    '<ellipse class="bm-skin" cx="116" cy="60" rx="7" ry="9"/>'
)

_SOLE = (
    _TOES
    + '<path class="bm-skin" d="M30 64C48 56 64 52 76 54C92 56 108 62 122 74C128 84 124 110 118 140'
    "C112 170 108 200 106 226C104 250 90 264 72 264C54 264 44 250 44 232C44 204 40 176 36 150"
    'C32 124 24 96 24 80C24 72 26 66 30 64Z"/>'
    + '<path class="bm-line" d="M30 100C56 116 96 112 120 96M50 224C64 214 90 214 104 224"/>'
    + '<path class="bm-landmark" d="M77 52L73 262"/>'
)

_FOOT_TOP = (
    f'<g transform="matrix(-1 0 0 1 140 0)">{_TOES}'
    + '<rect class="bm-line" x="34" y="22" width="16" height="14" rx="6"/>'
    '<rect class="bm-line" x="63" y="18" width="10" height="9" rx="4"/>'
    '<rect class="bm-line" x="81.5" y="24" width="9" height="8" rx="3.5"/>'
    '<rect class="bm-line" x="97.5" y="35.5" width="9" height="8" rx="3.5"/>'
    '<rect class="bm-line" x="112" y="52" width="8" height="7" rx="3"/></g>'
    + '<path class="bm-skin" d="M94 266C94 244 96 224 100 208C104 196 112 186 114 170'
    "C118 140 120 100 116 80C116 72 114 66 110 64C92 56 76 52 64 54C48 56 32 62 18 74"
    'C12 84 14 110 22 140C28 164 36 190 42 210C44 226 46 246 46 266"/>'
    + '<path class="bm-line" d="M44 206C62 198 84 198 100 204"/>'
    + '<path class="bm-landmark" d="M96 70L88 124M72 64L81 124"/>'
)

_ANKLE = (
    '<path class="bm-skin" d="M122 0C122 40 124 80 122 112C112 126 90 138 64 150C44 158 26 164 18 170'
    "C10 174 10 186 20 188C60 190 120 190 168 190C186 190 196 180 194 164C192 150 184 140 180 124"
    'C176 100 172 60 172 0"/>'
    '<ellipse class="bm-line" cx="146" cy="124" rx="9" ry="11"/>'
    '<path class="bm-line" d="M164 40C164 80 166 110 172 146"/>'
)

VIEWS = {
    "back": View("0 0 200 400", "Back of the body", "body", _BACK, ("Left", "Right")),
    "front": View("0 0 200 400", "Front of the body", "body", _FRONT, ("Right", "Left")),
    "head": View("0 0 200 220", "Head from the side", "limb", _HEAD),
    "hand": View("0 0 200 290", "Back of the hand", "limb", _HAND),
    "forearm": View("0 0 150 320", "Forearm, thumb side", "limb", _FOREARM),
    "sole": View("0 0 140 300", "Sole of the foot", "limb", _SOLE),
    "foot_top": View("0 0 140 300", "Top of the foot", "limb", _FOOT_TOP),
    "ankle": View("0 0 240 220", "Outside of the ankle", "limb", _ANKLE),
}


def _marker(x: float, y: float, side: str, height: float) -> str:
    return (
        f'<circle class="bm-halo" cx="{_num(x)}" cy="{_num(y)}" r="{_num(height * 0.04)}"/>'
        f'<circle class="bm-point" data-side="{side}" cx="{_num(x)}" cy="{_num(y)}"'
        f' r="{_num(height * 0.015)}"/>'
    )


ZOOM_HEIGHT = 220


def _window(figure: View, y: float, zoom: bool) -> tuple[str, float]:
    """The view box to show, and its top: whole-body views zoom to the part around the point."""
    width, height = figure.size
    if not zoom or figure.mirror != "body":
        return figure.view_box, 0.0
    top = min(max(y - ZOOM_HEIGHT / 2, 0.0), height - ZOOM_HEIGHT)
    return f"0 {_num(top)} {_num(width)} {ZOOM_HEIGHT}", top


def _corner_labels(figure: View, top: float) -> str:
    width, _ = figure.size
    left, right = figure.corners
    if not left:
        return ""
    y = _num(top + 22)
    return (
        f'<text class="bm-caption" x="6" y="{y}" font-size="16">{left}</text>'
        f'<text class="bm-caption" x="{_num(width - 6)}" y="{y}" font-size="16"'
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
