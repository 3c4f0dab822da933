"""Map projection shared by the geometry build script and the site generator.

Pure Python, no dependency. Metropolitan France is drawn in Lambert-93 (EPSG:2154,
Lambert conformal conic on the GRS80 ellipsoid); each overseas département, and an
enlargement of Paris and its inner suburbs, is drawn in its own inset frame with a
local projection and scale. Every frame maps longitude/latitude (degrees, WGS84/RGF93)
to the same SVG user space, whose size is ``VIEWBOX``.

``tools/geometry/build_geometry.py`` uses these functions to write the projected
shapes of ``generator/geo/data/departements.json``; the site generator uses them to place
points, so that points and shapes line up. Changing a constant here means running the
build script again.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

# --- Lambert-93 (EPSG:2154) -----------------------------------------------------------

_A = 6378137.0  # GRS80 semi-major axis (m)
_F = 1 / 298.257222101  # GRS80 flattening
_E = math.sqrt(2 * _F - _F * _F)  # first eccentricity
_PHI1 = math.radians(44.0)  # first standard parallel
_PHI2 = math.radians(49.0)  # second standard parallel
_PHI0 = math.radians(46.5)  # latitude of origin
_LAMBDA0 = math.radians(3.0)  # central meridian
_X0 = 700_000.0  # false easting (m)
_Y0 = 6_600_000.0  # false northing (m)


def _m(phi: float) -> float:
    return math.cos(phi) / math.sqrt(1 - (_E * math.sin(phi)) ** 2)


def _t(phi: float) -> float:
    es = _E * math.sin(phi)
    return math.tan(math.pi / 4 - phi / 2) / ((1 - es) / (1 + es)) ** (_E / 2)


_N = (math.log(_m(_PHI1)) - math.log(_m(_PHI2))) / (math.log(_t(_PHI1)) - math.log(_t(_PHI2)))
_AF = _A * _m(_PHI1) / (_N * _t(_PHI1) ** _N)  # a * F
_RHO0 = _AF * _t(_PHI0) ** _N


def lambert93(lon: float, lat: float) -> tuple[float, float]:
    """Project longitude/latitude in degrees to Lambert-93 easting/northing in metres."""
    phi = math.radians(lat)
    rho = _AF * _t(phi) ** _N
    theta = _N * (math.radians(lon) - _LAMBDA0)
    return _X0 + rho * math.sin(theta), _Y0 + _RHO0 - rho * math.cos(theta)


def local_metres(lon: float, lat: float, lon0: float, lat0: float) -> tuple[float, float]:
    """Project to metres east/north of (lon0, lat0): equirectangular on the GRS80 ellipsoid.

    Accurate enough for the small overseas départements (the largest, Guyane, spans
    about 400 km); distances are true along the central meridian and parallel.
    """
    phi0 = math.radians(lat0)
    w = math.sqrt(1 - (_E * math.sin(phi0)) ** 2)
    prime_vertical = _A / w  # radius of curvature in the prime vertical
    meridional = _A * (1 - _E * _E) / w**3  # meridional radius of curvature
    x = math.radians(lon - lon0) * prime_vertical * math.cos(phi0)
    y = math.radians(lat - lat0) * meridional
    return x, y


# --- Frames --------------------------------------------------------------------------

VIEWBOX: tuple[int, int] = (1160, 1080)
"""Width and height of the SVG user space of every map."""


@dataclass(frozen=True)
class Frame:
    """One projected part of the map: metropolitan France or an inset.

    ``x0``/``y0`` are the projected metres (Lambert-93 for ``lambert93`` frames, local
    metres around ``lon0``/``lat0`` otherwise) drawn at SVG point ``ox``/``oy``;
    ``scale`` is SVG units per metre; ``box`` is the inset frame (x, y, width, height)
    in SVG units, ``None`` for metropolitan France; its French label (lines separated by
    a newline) is written in a band of ``label_height`` units at the bottom of the box.
    """

    key: str
    label: str
    departements: frozenset[str]
    kind: str  # "lambert93" or "local"
    scale: float
    x0: float
    y0: float
    ox: float
    oy: float
    box: tuple[int, int, int, int] | None = None
    lon0: float = 0.0
    lat0: float = 0.0
    label_height: int = 0  # height of the label band at the bottom of the box
    short_label: str = ""  # one-line label for small maps (defaults to ``label``)

    @property
    def label_lines(self) -> list[str]:
        """The label of the inset, one item per line."""
        return self.label.split("\n")

    @property
    def short(self) -> str:
        """The one-line label of the inset for small maps."""
        return self.short_label or self.label.replace("\n", " ")

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """Project longitude/latitude (degrees) to SVG coordinates in this frame."""
        if self.kind == "lambert93":
            x, y = lambert93(lon, lat)
        else:
            x, y = local_metres(lon, lat, self.lon0, self.lat0)
        return self.ox + (x - self.x0) * self.scale, self.oy - (y - self.y0) * self.scale


# Metropolitan France: 1 SVG unit = 1 km; Lambert-93 (99 000, 7 115 000) at the top left.
METRO = Frame(
    key="metro",
    label="France métropolitaine",
    departements=frozenset(),  # every département not listed in another primary frame
    kind="lambert93",
    scale=0.001,
    x0=99_000.0,
    y0=7_115_000.0,
    ox=4.0,
    oy=4.0,
)

# The insets, placed in the empty sea areas of the metropolitan frame. Scales and centres
# fit the shapes to the boxes (``tools/geometry/build_geometry.py --fit`` prints them);
# each shape is centred in its box, above the band of its label.
INSET_LABEL_HEIGHT = 36


def _inset(
    code: str,
    label: str,
    box: tuple[int, int, int, int],
    scale: float,
    centre: tuple[float, float],
    offset: tuple[float, float],
) -> Frame:
    """An inset frame: local metres around ``centre`` (lon, lat); ``offset`` (metres east,
    north of it) is drawn at the middle of the box, above the label band."""
    x, y, w, h = box
    return Frame(
        key=code,
        label=label,
        departements=frozenset({code}),
        kind="local",
        scale=scale,
        x0=offset[0],
        y0=offset[1],
        ox=x + w / 2,
        oy=y + (h - INSET_LABEL_HEIGHT) / 2,
        box=box,
        lon0=centre[0],
        lat0=centre[1],
        label_height=INSET_LABEL_HEIGHT,
    )


INSETS: tuple[Frame, ...] = (
    _inset("971", "Guadeloupe", (8, 490, 200, 190), 0.00173, (-61.540, 16.198), (14_340, -2_930)),
    _inset("972", "Martinique", (8, 690, 200, 190), 0.00243, (-61.020, 14.655), (20, -2_030)),
    _inset("973", "Guyane", (640, 896, 180, 180), 0.000298, (-53.240, 3.915), (14_360, 1_650)),
    _inset("974", "La Réunion", (8, 890, 200, 186), 0.00220, (55.533, -21.133), (-660, 290)),
    _inset("976", "Mayotte", (880, 910, 156, 166), 0.00264, (45.147, -12.821), (1_220, 290)),
)

# Enlargement of Paris and the inner suburbs, drawn in addition to the metropolitan shapes.
# Lambert-93 at a larger scale, centred on the four départements; two-line label.
_ZOOM_BOX = (8, 8, 232, 216)
_ZOOM_LABEL_HEIGHT = 60
ZOOM = Frame(
    key="zoom",
    label="Paris et\npetite couronne",
    departements=frozenset({"75", "92", "93", "94"}),
    kind="lambert93",
    scale=0.00366,
    x0=654_490.0,
    y0=6_861_240.0,
    ox=_ZOOM_BOX[0] + _ZOOM_BOX[2] / 2,
    oy=_ZOOM_BOX[1] + (_ZOOM_BOX[3] - _ZOOM_LABEL_HEIGHT) / 2,
    box=_ZOOM_BOX,
    label_height=_ZOOM_LABEL_HEIGHT,
    short_label="Paris",
)

_BY_DEPARTEMENT: dict[str, Frame] = {code: f for f in INSETS for code in f.departements}


def inset_frames() -> list[Frame]:
    """The framed insets: overseas départements, then the enlargement of Paris."""
    return [*INSETS, ZOOM]


def frame_for(departement: str) -> Frame:
    """Return the primary frame in which a département is drawn."""
    return _BY_DEPARTEMENT.get(departement, METRO)


def zoom_frame_for(departement: str) -> Frame | None:
    """Return the enlargement frame that also shows this département, if any."""
    return ZOOM if departement in ZOOM.departements else None


def project(lon: float, lat: float, departement: str) -> tuple[float, float]:
    """Project longitude/latitude to SVG coordinates in the frame of ``departement``."""
    return frame_for(departement).project(lon, lat)


def fingerprint() -> str:
    """Hash of the projection constants, stored in departements.json when it is built.

    If it differs from the stored one, the shapes no longer line up with the points:
    run ``tools/geometry/build_geometry.py`` again.
    """
    frames = [METRO, *inset_frames()]
    text = repr([(f.key, f.kind, f.scale, f.x0, f.y0, f.ox, f.oy, f.lon0, f.lat0) for f in frames])
    return hashlib.sha256((text + repr(VIEWBOX)).encode()).hexdigest()[:16]
