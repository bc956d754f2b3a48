"""``Controls``: the explorer's dropdowns (image rows and columns, plot, component, plot x)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets
from ipywidgets.widgets.widget_description import DescriptionStyle


def short(text: str, limit: int = 40) -> str:
    """Display text of a name: long (or hostile) names are cut, never the data."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Controls(ipywidgets.HBox):
    """The dims on screen and the component, as dropdowns.

    :meth:`show` puts the explorer's state in them without reporting it back; a user's choice
    reaches the callbacks given to the constructor: ``on_image((rows, cols))``,
    ``on_plot(dim | None)``, ``on_component(name)``, ``on_x_mode(mode)``.
    """

    def __init__(
        self,
        on_image: Callable[[tuple[str, str]], None],
        on_plot: Callable[[str | None], None],
        on_component: Callable[[str], None],
        on_x_mode: Callable[[str], None],
    ):
        # One row of small dropdowns with short descriptions, each as wide as its options
        # (widgets.css: .usidw-controls), wrapping rather than overflowing when narrow.
        wide = DescriptionStyle(description_width="initial")
        # Every Layout is a model of its own (a comm and a message at the open): dropdowns
        # shown and hidden together share one (rows with columns, plot with plot x).
        image_layout = ipywidgets.Layout(width="auto")
        plot_layout = ipywidgets.Layout(width="auto")

        def dropdown(
            description: str, tooltip: str, layout: ipywidgets.Layout, **kwargs: Any
        ) -> ipywidgets.Dropdown:
            return ipywidgets.Dropdown(
                description=description, tooltip=tooltip, style=wide, layout=layout, **kwargs
            )

        self.row_dim = dropdown(
            "rows", "The dimension along the image's rows (its y axis)", image_layout
        )
        self.col_dim = dropdown(
            "columns", "The dimension along the image's columns (its x axis)", image_layout
        )
        self.plot_choice = dropdown("plot", "The dimension along the plot's x axis", plot_layout)
        self.component_choice = dropdown(
            "component", "The part of the values shown", ipywidgets.Layout(width="auto")
        )
        self.x_mode = dropdown(
            "plot x",
            "The plot's x axis: the dimension's values, or the step index",
            plot_layout,
            options=[("values", "values"), ("index", "index")],
            value="values",
        )
        super().__init__(
            [self.row_dim, self.col_dim, self.plot_choice, self.component_choice, self.x_mode],
            layout=ipywidgets.Layout(flex_flow="row wrap", grid_gap="4px 12px", max_width="100%"),
            _dom_classes=["usidw-controls"],  # in the first message, not an update after it
        )
        self._busy = False
        self._image: tuple[str, str] | None = None
        self._on_image, self._on_plot = on_image, on_plot
        self._on_component = on_component
        self.row_dim.observe(self._dim_choice, names="value")
        self.col_dim.observe(self._dim_choice, names="value")
        self.plot_choice.observe(self._plot_choice, names="value")
        self.component_choice.observe(self._component_choice, names="value")
        self.x_mode.observe(lambda c: on_x_mode(c["new"]), names="value")

    def show(
        self,
        names: list[str],
        image_dims: tuple[str, str] | None,
        plot_dim: str | None,
        components: list[str],
        component: str | None,
    ) -> None:
        """Show the state: ``names`` to choose from, the dims on screen, the component."""
        self._busy = True
        try:
            self._image = image_dims
            labelled = [(short(n), n) for n in names]
            grid = image_dims is not None
            for dd, value in (
                (self.row_dim, image_dims[0] if grid else None),
                (self.col_dim, image_dims[1] if grid else None),
            ):
                dd.options = labelled
                dd.value = value if value in names else None
            self.row_dim.layout.display = None if grid else "none"  # col_dim's layout too
            self.plot_choice.options = [("none", "")] + labelled
            self.plot_choice.value = plot_dim or ""
            self.plot_choice.layout.display = None  # x_mode's layout too
            self.component_choice.options = components
            self.component_choice.value = component if components else None
            self.component_choice.layout.display = None if components else "none"
        finally:
            self._busy = False

    def hide(self) -> None:
        """No dataset on screen: no empty dropdowns either."""
        for dd in (self.row_dim, self.plot_choice, self.component_choice):  # and their pairs
            dd.layout.display = "none"

    def _dim_choice(self, change: dict) -> None:
        if self._busy or self._image is None:
            return
        rows, cols = self.row_dim.value, self.col_dim.value
        if rows is None or cols is None:
            return
        if rows == cols:  # picking the other axis' dimension swaps the two
            if change["owner"] is self.row_dim:
                cols = change["old"] if change["old"] != rows else self._image[0]
            else:
                rows = change["old"] if change["old"] != cols else self._image[1]
        self._on_image((rows, cols))

    def _plot_choice(self, change: dict) -> None:
        if not self._busy:
            self._on_plot(change["new"] or None)

    def _component_choice(self, change: dict) -> None:
        if not self._busy and change["new"] is not None:
            self._on_component(change["new"])

    def widgets(self) -> list[Any]:
        return [self.row_dim, self.col_dim, self.plot_choice, self.component_choice, self.x_mode]
