/**
 * The geographic map's projection and path building (reports/components/geo.js): Albers
 * equal-area conic for Russia, the antimeridian rule for Chukotka, SVG layout.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { albers, unwrapLon, layout, polygonsOf, ringArea, RUSSIA_CONIC } from '@nok-atlas/common/geo.js';

const RAD = Math.PI / 180;
const project = albers();

/** Area on the projection of a lon/lat cell, by the shoelace formula on a finely divided outline. */
function projectedCellArea(lon: number, lat: number, dLon: number, dLat: number): number {
  const ring: number[][] = [];
  const k = 20;
  for (let i = 0; i <= k; i++) ring.push([lon + (dLon * i) / k, lat]);
  for (let i = 0; i <= k; i++) ring.push([lon + dLon, lat + (dLat * i) / k]);
  for (let i = 0; i <= k; i++) ring.push([lon + dLon - (dLon * i) / k, lat + dLat]);
  for (let i = 0; i <= k; i++) ring.push([lon, lat + dLat - (dLat * i) / k]);
  return Math.abs(ringArea(ring.map(project)));
}

describe('unwrapLon: Chukotka east of 180°', () => {
  it('takes longitudes below −160° as east of 180° and leaves the rest', () => {
    expect(unwrapLon(-170)).toBe(190);
    expect(unwrapLon(-179.99)).toBeCloseTo(180.01, 10);
    expect(unwrapLon(-180)).toBe(180);
    expect(unwrapLon(-160)).toBe(-160);
    expect(unwrapLon(179.5)).toBe(179.5);
    expect(unwrapLon(190)).toBe(190);
    expect(unwrapLon(19.6)).toBe(19.6); // Kaliningrad, the west end
  });

  it('a point written as −175° and as 185° projects to the same place, east of Kamchatka', () => {
    const a = project([-175, 66]);
    const b = project([185, 66]);
    expect(a[0]).toBeCloseTo(b[0], 12);
    expect(a[1]).toBeCloseTo(b[1], 12);
    // east of a point at 160° E on the same parallel (meridians converge: compare at one latitude)
    expect(a[0]).toBeGreaterThan(project([160, 66])[0]);
    // and on the east side of the map, not beside Kaliningrad (where −175° taken literally would put it)
    expect(a[0]).toBeGreaterThan(0);
    expect(project([20.5, 54.7])[0]).toBeLessThan(0);
  });

  it('a ring across the antimeridian stays narrow (no band across the whole map)', () => {
    const ring = [[178, 65], [-178, 65], [-178, 67], [178, 67], [178, 65]].map(project);
    const xs = ring.map((p) => p[0]);
    const width = Math.max(...xs) - Math.min(...xs);
    const shifted = [[178, 65], [182, 65], [182, 67], [178, 67], [178, 65]].map(project).map((p) => p[0]);
    expect(width).toBeCloseTo(Math.max(...shifted) - Math.min(...shifted), 10);
    // 4° of longitude at 65–67° N is far less than a tenth of the country's width
    const country = project([190, 66])[0] - project([20, 55])[0];
    expect(width).toBeLessThan(country / 20);
  });
});

describe('albers(): conic equal-area, parallels 52° and 64°, central meridian 100° E', () => {
  it('the central meridian is the vertical axis and the map is symmetric about it', () => {
    expect(RUSSIA_CONIC.center).toBe(100);
    expect(project([100, 40])[0]).toBeCloseTo(0, 12);
    expect(project([100, 75])[0]).toBeCloseTo(0, 12);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 80, noNaN: true }), fc.double({ min: 40, max: 82, noNaN: true }), (d, lat) => {
        const [xe, ye] = project([100 + d, lat]);
        const [xw, yw] = project([100 - d, lat]);
        return Math.abs(xe + xw) < 1e-9 && Math.abs(ye - yw) < 1e-9;
      }),
    );
  });

  it('north is up and east is right: y grows with latitude, x with longitude', () => {
    fc.assert(
      fc.property(fc.double({ min: 20, max: 190, noNaN: true }), fc.double({ min: 41, max: 80, noNaN: true }), (lon, lat) => {
        const [x0, y0] = project([lon, lat]);
        const [, yN] = project([lon, lat + 1]);
        const [xE] = project([lon + 1, lat]);
        return yN > y0 && xE > x0;
      }),
    );
  });

  it('keeps areas: a 1°×1° cell has its area on the unit sphere, Δλ·(sin φ2 − sin φ1), at any latitude', () => {
    for (const [lon, lat] of [[40, 43], [60, 55], [100, 52], [130, 64], [170, 70], [-175, 66]] as const) {
      const sphere = RAD * (Math.sin((lat + 1) * RAD) - Math.sin(lat * RAD));
      expect(projectedCellArea(lon, lat, 1, 1) / sphere).toBeCloseTo(1, 3);
    }
    // a conformal or cylindrical projection would inflate the north: here a cell at 75° N and one at
    // 45° N keep the ratio of their true areas (about 0.37)
    const north = projectedCellArea(100, 75, 1, 1);
    const south = projectedCellArea(100, 45, 1, 1);
    const trueRatio = (Math.sin(76 * RAD) - Math.sin(75 * RAD)) / (Math.sin(46 * RAD) - Math.sin(45 * RAD));
    expect(north / south).toBeCloseTo(trueRatio, 3);
  });

  it('is true to scale along the standard parallels 52° and 64° and not between them', () => {
    const parallelScale = (lat: number): number => {
      const a = project([99.5, lat]);
      const b = project([100.5, lat]);
      return Math.hypot(b[0] - a[0], b[1] - a[1]) / (RAD * Math.cos(lat * RAD));
    };
    expect(parallelScale(52)).toBeCloseTo(1, 4);
    expect(parallelScale(64)).toBeCloseTo(1, 4);
    expect(parallelScale(58)).toBeLessThan(0.995);
    expect(parallelScale(45)).toBeGreaterThan(1.005);
  });
});

describe('layout(): GeoJSON → SVG paths', () => {
  const square = (lon: number, lat: number, d = 2): number[][] => [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]];
  const feature = (code: string, coordinates: unknown, type = 'Polygon') => ({ type: 'Feature', properties: { region_code: code }, geometry: { type, coordinates } });

  it('fits every shape into the width, north up, one path per feature with a sub-path per ring', () => {
    const feats = [
      feature('south', [square(40, 44)]),
      feature('north', [square(40, 70)]),
      feature('holed', [square(90, 55, 6), square(92, 57, 2)]),
      feature('multi', [[square(130, 50)], [square(135, 52)]], 'MultiPolygon'),
      feature('east', [[[178, 64], [-176, 64], [-176, 67], [178, 67], [178, 64]]]),
    ];
    const l = layout(feats, { width: 800, padding: 5 });
    expect(l.viewBox).toBe(`0 0 800 ${l.height}`);
    expect(l.height).toBeGreaterThan(100);
    expect(l.shapes).toHaveLength(5);
    const coords = (d: string): number[][] => [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    for (const s of l.shapes) {
      for (const [x, y] of coords(s.d)) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(800);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y).toBeLessThanOrEqual(l.height);
      }
    }
    const by = new Map(l.shapes.map((s) => [s.feature.properties.region_code, s]));
    expect(by.get('north')!.cy!).toBeLessThan(by.get('south')!.cy!);
    expect((by.get('holed')!.d.match(/M/g) ?? []).length).toBe(2);
    expect((by.get('multi')!.d.match(/M/g) ?? []).length).toBe(2);
    expect(by.get('east')!.cx!).toBeGreaterThan(by.get('multi')!.cx!);
    // the extreme shapes touch the padding: the map is fitted, not just placed
    const xs = l.shapes.flatMap((s) => coords(s.d).map((p) => p[0]!));
    expect(Math.min(...xs)).toBeCloseTo(5, 0);
    expect(Math.max(...xs)).toBeCloseTo(795, 0);
  });

  it('a feature without polygons gets an empty path; no polygons at all gives an empty map', () => {
    const l = layout([feature('a', [square(40, 50)]), { type: 'Feature', properties: { region_code: 'p' }, geometry: { type: 'Point', coordinates: [1, 2] } }]);
    expect(l.shapes[1]!.d).toBe('');
    expect(l.shapes[1]!.cx).toBeNull();
    expect(layout([]).shapes).toEqual([]);
    expect(polygonsOf(null)).toEqual([]);
    expect(polygonsOf({ type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: [square(1, 1)] }] })).toHaveLength(1);
  });
});
