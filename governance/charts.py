"""Charts as SVG, drawn with matplotlib's object API (a Figure of its own per chart, never
pyplot's shared state, so two requests drawing at once cannot draw on each other's chart).

Labels stay text (`svg.fonttype = "none"`), so the PDF and a screen reader can read them; the
table beside each chart carries the same figures for anyone who cannot see it.
"""

import base64
import io
import logging

from governance.tables import Chart

BAR_COLOUR = "#1d70b8"  # GOV.UK blue
TEXT_COLOUR = "#0b0c0c"
FONT = ["Arial", "Liberation Sans", "Helvetica", "sans-serif"]
# The SVG names Arial first for browsers; matplotlib measures text with whichever of these is
# installed and would otherwise log each one it lacks, on every chart.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)


def render_svg(chart: Chart) -> bytes:
    # Imported on first use: most requests never draw a chart.
    import matplotlib

    matplotlib.use("Agg")
    # Set once, the same value every time: the text stays text in the SVG.
    matplotlib.rcParams["svg.fonttype"] = "none"
    matplotlib.rcParams["svg.hashsalt"] = "safecontact"
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    height = max(3.0, 0.32 * len(chart.labels) + 1.2) if chart.horizontal else 3.4
    figure = Figure(figsize=(7.0, height), dpi=100)
    axes = figure.add_subplot()
    positions = list(range(len(chart.labels)))
    if chart.horizontal:
        axes.barh(positions, chart.values, color=BAR_COLOUR)
        axes.set_yticks(positions, chart.labels, fontsize=8, fontfamily=FONT)
        axes.invert_yaxis()
    else:
        axes.bar(positions, chart.values, color=BAR_COLOUR)
        rotate = 45 if len(chart.labels) > 6 else 0
        axes.set_xticks(
            positions,
            chart.labels,
            fontsize=8,
            fontfamily=FONT,
            rotation=rotate,
            ha="right" if rotate else "center",
        )
    axes.set_title(chart.title, fontsize=11, fontfamily=FONT, color=TEXT_COLOUR)
    axes.set_xlabel(chart.x_label, fontsize=9, fontfamily=FONT, color=TEXT_COLOUR)
    axes.set_ylabel(chart.y_label, fontsize=9, fontfamily=FONT, color=TEXT_COLOUR)
    axes.spines[["top", "right"]].set_visible(False)
    # Counts are whole numbers: no "0.5 incidents" on the scale.
    (axes.xaxis if chart.horizontal else axes.yaxis).set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(labelsize=8, labelfontfamily=FONT)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def data_uri(svg: bytes) -> str:
    """The SVG as an image address: the PDF embeds it without fetching anything."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
