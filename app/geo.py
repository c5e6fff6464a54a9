"""What every map of China in the app shares: its projection and the maritime boundary line
of the official map, drawn over the regions."""

from __future__ import annotations

import altair as alt

from nqpf import maps

#: an equal-area conic projection centred on China
PROJECTION: dict = {"type": "conicEqualArea", "rotate": [-105, 0], "center": [0, 36],
                    "parallels": [25, 47]}


def maritime_line() -> alt.Chart:
    """The maritime boundary line of the South China Sea, as the official map draws it."""
    return alt.Chart(alt.Data(values=[{"type": "Feature", "geometry": maps.maritime_line(),
                                       "properties": {}}])).mark_geoshape(
        filled=False, stroke="#555555", strokeWidth=1)


def china(*layers: alt.Chart, height: int) -> alt.LayerChart:
    """``layers`` over each other with the maritime line on top, projected."""
    return alt.layer(*layers, maritime_line()).project(**PROJECTION).properties(
        height=height, usermeta={"embedOptions": {"renderer": "svg"}})
