// Types of geo.js (plain JavaScript, so that the dashboard page can import it) for the TypeScript
// that shares it: the site build (pipelines/site/geo.ts) and the tests.

export type Position = number[];
export type Ring = Position[];
export type Polygon = Ring[];
export interface Geometry {
  type: string;
  coordinates?: unknown;
  geometries?: Geometry[];
}
export interface FeatureLike {
  type?: string;
  properties?: Record<string, unknown> | null;
  geometry?: Geometry | null;
}

export function unwrapLon(lon: number): number;
export const RUSSIA_CONIC: Readonly<{ parallels: [number, number]; center: number; origin: number }>;
export function albers(opts?: { parallels?: [number, number] | number[]; center?: number; origin?: number }): (p: Position) => [number, number];
export function polygonsOf(geometry: Geometry | null | undefined): Polygon[];
export function ringArea(ring: Ring): number;
export interface Shape<F> {
  feature: F;
  d: string;
  cx: number | null;
  cy: number | null;
}
export function layout<F extends FeatureLike>(
  features: F[],
  opts?: { width?: number; padding?: number; project?: (p: Position) => [number, number] },
): { width: number; height: number; viewBox: string; shapes: Shape<F>[] };
