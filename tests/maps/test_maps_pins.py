"""Pins of the maps: spaced for a phone, grouped when too close, named and listed."""

from __future__ import annotations

import math
import random
import re

from generator.site.maps.pins import Place, group, list_html, min_distance, pins_html


def place(name: str, x: float, y: float, **kw) -> Place:
    return Place(name=name, url=f"/t/{name}/", role="essaimage", x=x, y=y, **kw)


def test_no_two_pins_are_closer_than_the_least_distance() -> None:
    rng = random.Random(4)
    places = [place(f"p{n}", rng.uniform(0, 1160), rng.uniform(0, 1080)) for n in range(400)]
    d = min_distance(1160)
    pins = group(places, d)
    assert sorted(p.name for pin in pins for p in pin.places) == sorted(p.name for p in places)
    for n, a in enumerate(pins):
        for b in pins[n + 1 :]:
            assert math.dist((a.x, a.y), (b.x, b.y)) >= d
    # the map's area bounds the number of pins, whatever the number of places
    assert len(pins) < (1160 / d + 1) * (1080 / d + 1)
    assert [pin.number for pin in pins] == list(range(1, len(pins) + 1))


def test_far_places_keep_their_own_pin_and_insets_never_share_one() -> None:
    d = min_distance(1160)
    pins = group([place("a", 100, 100), place("b", 100 + 2 * d, 100)], d)
    assert [len(p.places) for p in pins] == [1, 1]
    pins = group([place("a", 100, 100, frame="974"), place("b", 101, 100)], d)
    assert len(pins) == 2


def test_the_most_important_role_comes_first_and_styles_a_shared_pin() -> None:
    home = Place(name="Zèbre", url="/z/", role="origine", x=10, y=10, rank=1)
    site = Place(name="Abeille", url="/a/", role="essaimage", x=12, y=10, rank=3)
    (pin,) = group([site, home], 50)
    assert pin.role == "origine" and [p.name for p in pin.places] == ["Zèbre", "Abeille"]
    html = pins_html([pin], 100, 100, "l")
    assert 'class="repere r-origine" href="#l-1"' in html
    listing = list_html([pin], "l", "Repères")
    assert listing.index("Zèbre") < listing.index("Abeille") and 'id="l-1"' in listing


def test_a_pin_sits_where_its_places_are_in_percent_of_the_frame() -> None:
    (pin,) = group([place("a", 90, 30)], 10)
    html = pins_html([pin], 360, 300, "l")
    assert re.search(r'style="--x:25%;--y:10%"', html)
