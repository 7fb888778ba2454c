// Geography for the geographic map (GeoMap.svelte) and for the site build (pipelines/site/geo.ts):
// a conic equal-area projection suited to Russia, the antimeridian rule for Chukotka, and SVG
// path building from GeoJSON polygons. Plain JavaScript (no d3), so that the page and the
// TypeScript of the pipeline share it; types in geo.d.ts.

const RAD = Math.PI / 180;

/**
 * Russia crosses the 180th meridian (the east of Chukotka): a longitude below −160° is taken as
 * lying east of 180° (lon + 360), so that Chukotka stays one piece beside the rest of the country
 * instead of jumping to the far west. Nothing of Russia lies west of −160°, so the rule is safe
 * for any file of its regions, whichever way the file writes Chukotka (−170 or 190).
 */
export function unwrapLon(lon) {
	return lon < -160 ? lon + 360 : lon;
}

/** Projection defaults for a map of Russia: standard parallels 52° and 64°, central meridian 100° E. */
export const RUSSIA_CONIC = Object.freeze({ parallels: [52, 64], center: 100, origin: 60 });

/**
 * Albers conic equal-area projection on the unit sphere (areas are kept, so a large region is not
 * made to look more important than its area; Snyder, «Map Projections — A Working Manual», §14).
 * Returns ([lon, lat]) → [x, y], x to the east and y to the NORTH (flip y for SVG), in units of
 * the earth's radius. Longitudes pass through unwrapLon first.
 */
export function albers({ parallels = RUSSIA_CONIC.parallels, center = RUSSIA_CONIC.center, origin = RUSSIA_CONIC.origin } = {}) {
	const [p1, p2] = parallels.map((d) => d * RAD);
	const n = (Math.sin(p1) + Math.sin(p2)) / 2;
	const C = Math.cos(p1) ** 2 + 2 * n * Math.sin(p1);
	const rho = (lat) => Math.sqrt(Math.max(0, C - 2 * n * Math.sin(lat * RAD))) / n;
	const rho0 = rho(origin);
	return ([lon, lat]) => {
		const theta = n * (unwrapLon(lon) - center) * RAD;
		const r = rho(lat);
		return [r * Math.sin(theta), rho0 - r * Math.cos(theta)];
	};
}

/** The polygons of a GeoJSON geometry as a list of polygons (each a list of rings); others → []. */
export function polygonsOf(geometry) {
	if (!geometry || typeof geometry !== 'object') return [];
	if (geometry.type === 'Polygon') return [geometry.coordinates ?? []];
	if (geometry.type === 'MultiPolygon') return geometry.coordinates ?? [];
	if (geometry.type === 'GeometryCollection') return (geometry.geometries ?? []).flatMap(polygonsOf);
	return [];
}

/** Signed area of a ring in its own units (shoelace). */
export function ringArea(ring) {
	let a = 0;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
	return a / 2;
}

/**
 * Fit GeoJSON features into an SVG box of `width` units wide: projects every ring, then scales and
 * flips so that north is up. Returns
 *   { width, height, viewBox, shapes: [{ feature, d, cx, cy }] }
 * where `d` is the SVG path of all the feature's polygons (fill-rule evenodd keeps holes) and
 * (cx, cy) the centre of its largest polygon's box, in the same units (for a hover box).
 */
export function layout(features, { width = 1000, padding = 4, project = albers() } = {}) {
	const projected = features.map((f) => polygonsOf(f?.geometry).map((poly) => poly.map((ring) => ring.map(project))));
	let x0 = Infinity;
	let y0 = Infinity;
	let x1 = -Infinity;
	let y1 = -Infinity;
	for (const polys of projected)
		for (const poly of polys)
			for (const ring of poly)
				for (const [x, y] of ring) {
					if (x < x0) x0 = x;
					if (x > x1) x1 = x;
					if (y < y0) y0 = y;
					if (y > y1) y1 = y;
				}
	if (!(x1 > x0) || !(y1 >= y0)) return { width, height: 0, viewBox: `0 0 ${width} 0`, shapes: [] };
	const k = (width - 2 * padding) / (x1 - x0);
	const height = Math.ceil((y1 - y0) * k + 2 * padding);
	const sx = (x) => Math.round(((x - x0) * k + padding) * 10) / 10;
	const sy = (y) => Math.round(((y1 - y) * k + padding) * 10) / 10;
	const shapes = features.map((feature, i) => {
		let d = '';
		let best = null;
		let bestArea = -1;
		for (const poly of projected[i]) {
			for (const ring of poly) {
				let prev = '';
				let n = 0;
				for (const [x, y] of ring) {
					const pt = `${sx(x)},${sy(y)}`;
					if (pt === prev) continue;
					d += (n === 0 ? 'M' : 'L') + pt;
					prev = pt;
					n++;
				}
				if (n) d += 'Z';
			}
			const outer = poly[0];
			if (outer?.length) {
				const a = Math.abs(ringArea(outer));
				if (a > bestArea) {
					bestArea = a;
					best = outer;
				}
			}
		}
		let cx = null;
		let cy = null;
		if (best) {
			const xs = best.map((p) => p[0]);
			const ys = best.map((p) => p[1]);
			cx = sx((Math.min(...xs) + Math.max(...xs)) / 2);
			cy = sy((Math.min(...ys) + Math.max(...ys)) / 2);
		}
		return { feature, d, cx, cy };
	});
	return { width, height, viewBox: `0 0 ${width} ${height}`, shapes };
}
