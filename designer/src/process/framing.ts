// How a freshly opened diagram is framed: all of it in view, clear of the palette over the canvas's
// left edge (bpmn-js's own fit-viewport centres it on the whole canvas, so a wide diagram's start
// event sits partly under the palette).

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Space kept free around the diagram, in screen pixels. */
export const FRAME_MARGIN = 20;

/**
 * The viewbox that shows all of `inner` (the diagram, in its own coordinates) on a canvas of `outer`
 * pixels, right of the first `left` pixels (what the palette covers) and `margin` pixels from every
 * edge; centred in that space and, like fit-viewport, never enlarged beyond 1:1.
 */
export function framedViewbox(
  inner: Box,
  outer: { width: number; height: number },
  left: number,
  margin = FRAME_MARGIN,
): Box {
  const free = { width: Math.max(1, outer.width - left - 2 * margin), height: Math.max(1, outer.height - 2 * margin) };
  const scale =
    inner.width > 0 && inner.height > 0 ? Math.min(1, free.width / inner.width, free.height / inner.height) : 1;
  const screenX = left + margin + (free.width - inner.width * scale) / 2;
  const screenY = margin + (free.height - inner.height * scale) / 2;
  return {
    x: inner.x - screenX / scale,
    y: inner.y - screenY / scale,
    width: outer.width / scale,
    height: outer.height / scale,
  };
}
