"""Server-rendered bar charts: geometry computed here, drawn as inline SVG by
``staffing/includes/bar_chart.html`` next to a data table with the same numbers. Labels are drawn at the body
text size (16 px: the SVG is shown at its own width, never scaled down on a desktop), and a value with a list
behind it links to that list, filtered."""

from collections.abc import Sequence
from dataclasses import dataclass

# Colour is never the only carrier of meaning: each bar is labelled with its series and value.
SERIES_FILLS = ("#1f5f8b", "#b35c00", "#2e7d32", "#6a1b9a")
WIDTH = 720
LABEL_WIDTH = 170
BAR_AREA = 460
BAR_HEIGHT = 18
ROW_HEIGHT = 26
GROUP_TITLE_HEIGHT = 30
FONT_SIZE = 16


@dataclass(frozen=True)
class ChartRow:
    kind: str  # "group" or "bar"
    y: int
    text: str
    label: str = ""
    value: int = 0
    width: int = 0
    fill: str = ""
    url: str = ""

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 3

    @property
    def bar_height(self) -> int:
        return BAR_HEIGHT

    @property
    def bar_x(self) -> int:
        return LABEL_WIDTH

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    rows: tuple[ChartRow, ...]
    font_size: int = FONT_SIZE


def bar_chart(
    *,
    title: str,
    series: Sequence[str],
    groups: Sequence[tuple[str, Sequence[int]]],
    links: Sequence[Sequence[str | None]] | None = None,
) -> Chart:
    """A grouped horizontal bar chart: one group per label, one bar per series value; ``links`` (one row per
    group, one URL or None per series) makes a value a link to the list it counts."""
    largest = max((value for _label, values in groups for value in values), default=0) or 1
    rows: list[ChartRow] = []
    y = 4
    for group_index, (group_label, values) in enumerate(groups):
        urls = links[group_index] if links else [None] * len(series)
        rows.append(ChartRow(kind="group", y=y + 18, text=str(group_label)))
        y += GROUP_TITLE_HEIGHT
        for index, (series_label, value) in enumerate(zip(series, values, strict=True)):
            rows.append(
                ChartRow(
                    kind="bar",
                    y=y,
                    text=f"{group_label} — {series_label}: {value}",
                    label=str(series_label),
                    value=int(value),
                    width=round(BAR_AREA * int(value) / largest),
                    fill=SERIES_FILLS[index % len(SERIES_FILLS)],
                    url=urls[index] or "",
                )
            )
            y += ROW_HEIGHT
        y += 6
    return Chart(title=str(title), width=WIDTH, height=y + 4, rows=tuple(rows))
