// 256-entry RGB lookup tables, one hex string (6 hex digits per entry) per colormap, from
// colormaps.json: the one copy of the data, shared with Python (the build copies it into
// usid_widgets/static for usid_widgets.widgets.snapshot).
// Values exported from matplotlib 3.11.2 (public data of the colormaps:
// viridis, magma, inferno, plasma by van der Walt & Smith (CC0), cividis by Nuñez et al.,
// coolwarm by K. Moreland, gray linear) with cmap(np.arange(256)) rounded to 8 bits.
import data from "./colormaps.json" with { type: "json" };

/** @type {Record<string, string>} */
export const COLORMAP_HEX = data;
