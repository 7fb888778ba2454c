// Types of scale.js (plain JavaScript, so that the dashboard components can import it) for the tests.

export function niceStep(span: number, count: number): number;
export function niceTicks(min: number, max: number, count?: number): number[];
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number;
export function extent(values: Iterable<number | null | undefined>, includeZero?: boolean): [number, number];
export const SERIES_COLORS: string[];
export const MISSING_COLOR: string;
export function palette(n: number, kind?: 'sequential' | 'diverging'): string[];
export function textColorOn(hex: string): string;
export interface Bins {
  /** b0 … bn: bin i holds [b_i, b_{i+1}); the last one is closed on the right */
  bounds: number[];
  /** one colour per bin */
  colors: string[];
  /** integer data only: the inclusive range of integers of each bin ([lo, hi]) */
  ranges?: [number, number][];
}
export function bins(values: (number | null | undefined)[], count?: number, kind?: 'sequential' | 'diverging'): Bins;
/** The legend's label of each bin: «2», «3–4», «5–9» for integer data, «0 – 5 000 ₽» otherwise. */
export function binLabels(scale: Bins, fmt?: string): string[];
export function binIndex(v: number | null | undefined, bounds: number[]): number;
/** The colour bins, legend labels, fill, value text and screen-reader sentence of a region map (TileMap, GeoMap). */
export function regionColouring<T extends { v: number | null }>(
  items: T[],
  opts: { name: (item: T) => string; bins?: number; colorScale?: string; fmt?: string; missingLabel?: string; title?: string },
): { scale: Bins; labels: string[]; hasMissing: boolean; ariaLabel: string; fill: (v: number | null) => string; valueText: (v: number | null) => string };
