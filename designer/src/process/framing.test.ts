import { describe, expect, it } from 'vitest';
import { framedViewbox } from './framing.js';

/** Where a diagram point lands on the screen, under a viewbox on a canvas `outerWidth` pixels wide. */
const onScreen = (vb: { x: number; y: number; width: number }, outerWidth: number, x: number, y: number) => {
  const scale = outerWidth / vb.width;
  return { x: (x - vb.x) * scale, y: (y - vb.y) * scale, scale };
};

describe('framing a freshly opened diagram', () => {
  const outer = { width: 1000, height: 600 };
  const palette = 70; // its right edge, in pixels from the canvas's left

  it('shrinks a wide diagram into the space right of the palette, with a margin all round', () => {
    const inner = { x: 150, y: 80, width: 1800, height: 400 };
    const vb = framedViewbox(inner, outer, palette, 20);
    const first = onScreen(vb, outer.width, inner.x, inner.y);
    const last = onScreen(vb, outer.width, inner.x + inner.width, inner.y + inner.height);
    expect(first.x).toBeCloseTo(palette + 20);
    expect(last.x).toBeCloseTo(outer.width - 20);
    expect(first.scale).toBeCloseTo((1000 - 70 - 40) / 1800);
    expect(first.y).toBeGreaterThan(20);
    expect(last.y).toBeLessThan(outer.height - 20);
  });

  it('never enlarges a small diagram; centres it in the free space', () => {
    const inner = { x: 100, y: 100, width: 300, height: 100 };
    const vb = framedViewbox(inner, outer, palette, 20);
    const first = onScreen(vb, outer.width, inner.x, inner.y);
    expect(first.scale).toBe(1);
    expect(first.x).toBeCloseTo(90 + (890 - 300) / 2);
    expect(first.y).toBeCloseTo(20 + (560 - 100) / 2);
  });

  it('a tall diagram is limited by the height', () => {
    const vb = framedViewbox({ x: 0, y: 0, width: 200, height: 1120 }, outer, palette, 20);
    expect(onScreen(vb, outer.width, 0, 0).scale).toBeCloseTo(0.5);
  });
});
