"""Maps sent ahead to the browser, on its request: the kernel's side of ``js/src/frames.js``.

The explorer offers them with ``DimensionSliders.frames``: a token naming everything the map
depends on besides the index of the dims a slider steps (dataset, dims, component, interval,
window on show, ...), those dims, the browser's byte budget. The browser asks for batches of
frames near the index (the rule of which ones, and how many the link sustains, is
``frames.js``'s alone) and the kernel answers each request with the frames asked for, never
one unasked. A step onto a frame the browser holds is drawn there (``js/src/link.js``); the
kernel then records that frame and the map (``w.image``) without sending it.

What the browser holds, the kernel knows exactly: a frame from when it is sent until a request
names it as dropped (the browser lets it go only when the answer to that request arrives).
The kernel keeps the maps of those frames to set ``w.image`` and answer a zoom; the browser's
budget bounds them, read as float32, so the kernel keeps at most the same number of frames.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..model.intent import frozen
from ..model.slicing import mask_key

if TYPE_CHECKING:
    from ..model.resolve import ViewState
    from .display import Display

#: The browser's budget for frames ahead when the explorer is given none (``frame_cache_mb``).
DEFAULT_FRAME_CACHE_MB = 64.0


class FramesAhead:
    """The frames of the map the browser holds beside the one on show, and their maps."""

    def __init__(self, display: Display, budget_mb: float = DEFAULT_FRAME_CACHE_MB):
        if not (budget_mb >= 0):
            raise ValueError(f"frame_cache_mb must be a number >= 0 (0: none), got {budget_mb!r}")
        self.d = display
        self.budget = int(budget_mb * 2**20)
        self.token = 0
        self.context: tuple | None = None  # what the frames depend on besides the index
        self.dims: tuple[str, ...] = ()
        self.held: dict[tuple[int, ...], tuple[np.ndarray, dict]] = {}
        self.kernel_frame = True  # the frame on record was sent by the kernel

    def context_of(self, state: ViewState) -> tuple | None:
        """What a frame of the map depends on besides the index of ``self.dims``, or None when
        the map is no grid the browser can be sent ahead."""
        x = self.d.x
        view = state.image
        if x.md is None or x.points or view.message is not None or len(view.dims) != 2:
            return None
        hm = x.heatmap
        return (
            x.dataset,
            tuple(view.dims),
            x.component,
            frozen(x.interval),
            mask_key(x.mask("interval_mask")),
            view.x.ticks,
            view.y.ticks,
            view.title,
            tuple(hm.zoom),
            hm.max_side,
            hm.binning,  # of the frame on show: it follows the device pixels of the image box
        )

    def key(self, index: dict[str, int]) -> tuple[int, ...]:
        return tuple(int(index[d]) for d in self.dims)

    def offer(self, state: ViewState | None, image: np.ndarray | None = None) -> None:
        """Bring the offer (``sliders.frames``) in line with the map on show (``image``, read
        for ``state``): a new token whenever anything but the index changes, and the
        browser's frames forgotten. Sent at once: called before the new map's frame goes, so
        the browser never draws a frame of the old token over it."""
        x = self.d.x
        context = None
        if state is not None and image is not None and self.budget > 0:
            context = self.context_of(state)
        if context is not None:
            dims = tuple(
                d.name
                for d in x.md.dims
                if d.name not in context[1] and d.size > 1 and d.name not in state.inactive
            )
            context = (*context, dims) if dims else None
        if context == self.context:
            return
        self.context, self.held = context, {}
        self.token += 1
        if context is None:
            self.dims, offer = (), {}
        else:
            self.dims = context[-1]
            shape = x.heatmap.window_frame(image, 0)["data"]["shape"]
            offer = {
                "token": self.token,
                "dims": list(self.dims),
                "sizes": {d: int(x.md.dim(d).size) for d in self.dims},
                "bytes": self.budget,
                "frame_bytes": int(np.prod(shape)) * 4,
            }
        sliders = x.sliders
        if sliders.frames != offer:
            sliders.frames = offer
            sliders.send_state("frames")

    def side_changed(self, _change: dict) -> None:
        """The heatmap's ``display_side`` changed (it may have sent the map again at another
        binning, ``Heatmap._on_display_side``): a new offer if the window changed."""
        if self.d.state is not None and self.d.x.image is not None:
            self.offer(self.d.state, self.d.x.image)

    def take(self, state: ViewState, index: dict[str, int]) -> tuple[np.ndarray, dict] | None:
        """The map and frame at ``index`` if the browser holds them (it drew the frame on the
        step that set this index), else None."""
        now = self.context_of(state)
        if self.context is None or now is None or (*now, self.dims) != self.context:
            return None
        return self.held.get(self.key(index))

    def drawn(self, sent: bool) -> None:
        """A frame is on show: sent by the kernel (``sent``), or held by the browser, which
        drew it on the step. A held frame right after a sent one: the sent one may reach the
        browser after the held one was drawn (a step made there while the kernel read), so the
        browser is told to draw the held frame of its index again (a message without data)."""
        if not sent and self.kernel_frame:
            self.d.x.sliders.send({"type": "draw_held"})
        self.kernel_frame = sent

    def on_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """The browser's request (a message on the sliders' comm): answered at once."""
        if not isinstance(content, dict) or content.get("type") != "frames":
            return
        frames, buffers = self.answer(content)
        self.d.x.sliders.send(
            {"type": "frames", "token": content.get("token"), "frames": frames}, buffers
        )

    def answer(self, content: dict) -> tuple[list[dict], list[Any]]:
        """The frames a request asks for (none for another token), after letting go of the
        ones it drops; the kernel keeps at most as many maps as the budget holds frames."""
        x = self.d.x
        state = self.d.state
        if content.get("token") != self.token or self.context is None or state is None:
            return [], []
        for sub in content.get("drop") or []:
            self.held.pop(self.sub_key(sub), None)
        hm, slicer = x.heatmap, x.slicer
        frames: list[dict] = []
        buffers: list[Any] = []
        dims = state.image.dims
        imask = x.mask("interval_mask")
        for wanted in content.get("want") or []:
            key = self.sub_key(wanted)
            if key is None or key in self.held:
                continue
            index = {**x.index, **dict(zip(self.dims, key, strict=True))}
            image = slicer.image(index, dims, x.component, interval=x.interval, interval_mask=imask)
            frame = hm.window_frame(image, hm.reserve_ids(1))
            nbytes = frame["data"]["buffer"].nbytes
            if (len(self.held) + 1) * nbytes > self.budget:
                break
            self.held[key] = (image, frame)
            data = dict(frame["data"])
            buffers.append(data.pop("buffer"))
            sub = dict(zip(self.dims, key, strict=True))
            frames.append({"sub": sub, "frame": {**frame, "data": data}})
        return frames, buffers

    def sub_key(self, sub: Any) -> tuple[int, ...] | None:
        """The key of a sub-index from the browser, or None when it is not one of this offer."""
        if not isinstance(sub, dict) or set(sub) != set(self.dims):
            return None
        md = self.d.x.md
        try:
            key = tuple(int(sub[d]) for d in self.dims)
        except (TypeError, ValueError):
            return None
        if any(not 0 <= k < md.dim(d).size for d, k in zip(self.dims, key, strict=True)):
            return None
        return key
