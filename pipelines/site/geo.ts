/**
 * The geographic map's data, made at site-build time from the user's GeoJSON (NOK_GEOJSON):
 *
 *   read the file (UTF-8, or Windows-1251 when it is not UTF-8) → check it is a FeatureCollection
 *   of polygons in degrees → find each feature's region → simplify and round the outlines →
 *   write the map's GeoJSON (features keyed by region_code, a STRING) and a report of what matched.
 *
 * A feature's region is found from its properties, in this order (the first that gives a region
 * wins; a later one that names another region is reported as a conflict):
 *   1. an ISO 3166-2 code («RU-MOW») in any property, against marts.region.iso_3166_2;
 *   2. a region code property (region_code, kod, kladr_id …: two digits, or a KLADR code whose
 *      first two digits are the region) against marts.region.region_code;
 *   3. a name property (name_ru, name:ru, name, NAME_1, region, название …) through the
 *      project's normalizer (pipelines/regions/normalize.ts), which knows official names,
 *      short names, aliases and Russian case forms, and never guesses an ambiguous one.
 * The report lists the features without a region, the regions without a feature (e.g. the four
 * subjects of 2022 are absent from files based on Natural Earth: the page says so) and the
 * regions that several features matched (all of them are drawn).
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../lib/errors.ts';
import { displayPath } from '../lib/paths.ts';
import { RegionIndex } from '../regions/normalize.ts';
import { polygonsOf, unwrapLon, type Polygon, type Ring } from '@nok-atlas/common/geo.js';

/** A region as the warehouse knows it (marts.region). */
export type GeoRegion = {
  region_code: string;
  region_name: string;
  iso_3166_2: string | null;
};

export interface GeoFeatureIn {
  type?: unknown;
  id?: unknown;
  properties?: Record<string, unknown> | null;
  geometry?: { type: string; coordinates?: unknown; geometries?: unknown[] } | null;
}

export type MatchedBy = 'iso' | 'code' | 'name';

export interface FeatureMatch {
  /** Position of the feature in the file, from 1 (as a person counts). */
  feature: number;
  /** What the feature calls itself (a name or a code from its properties). */
  label: string;
  region_code: string | null;
  region_name: string | null;
  by: MatchedBy | null;
  /** The property and value the region was found from. */
  property: string | null;
  value: string | null;
}

export interface GeoReport {
  /** The file name (not its full path: the report is published with the site). */
  source: string;
  n_features: number;
  n_matched: number;
  n_regions: number;
  matched: FeatureMatch[];
  /** Features whose region was not found, with why. */
  unmatched_features: Array<{ feature: number; label: string; reason: string }>;
  /** Features with no polygon (a point, a line, an empty geometry): not drawn. */
  skipped_features: Array<{ feature: number; label: string; reason: string }>;
  /** Regions no feature matched: the map has no outline for them. */
  regions_without_feature: Array<{ region_code: string; region_name: string }>;
  /** Regions several features matched (all of them are drawn in the region's colour). */
  duplicates: Array<{ region_code: string; region_name: string; features: number[]; labels: string[] }>;
  /** Features whose properties name different regions (the first by the order above is taken). */
  conflicts: Array<{ feature: number; label: string; region_code: string; by: MatchedBy; other_region_code: string; other_by: MatchedBy; other_value: string }>;
}

const ISO_RE = /^RU-[A-Z]{2,3}$/i;
/** Property names (lower case, letters and digits only) that hold a two-digit region code or a KLADR code. */
const CODE_KEYS = new Set([
  'regioncode', 'regcode', 'coderegion', 'coderegione', 'kod', 'kodregiona', 'kodregion', 'regionkod',
  'kodsubekta', 'subjectcode', 'subjcode', 'kladr', 'kladrid', 'kladrcode', 'кодрегиона', 'код', 'кодсубъекта',
]);

const normKey = (k: string): string => k.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const isCyrillic = (s: string): boolean => /[а-яё]/i.test(s);

/**
 * Name-like properties of a feature, best first: Russian names (name_ru, name:ru, nl_name…
 * with Cyrillic text), then other names, then «region»/«subject» fields.
 */
function nameCandidates(props: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[number, string, string]> = [];
  for (const [k, v] of Object.entries(props)) {
    if (typeof v !== 'string' || !v.trim()) continue;
    const nk = normKey(k);
    let rank: number;
    if (/name|назв|наимен|имя/.test(nk)) rank = /ru|рус/.test(nk) ? 0 : 1;
    else if (/region|subject|subekt|регион|субъект/.test(nk) && !/code|kod|код|id$|iso|okato|oktmo/.test(nk)) rank = 2;
    else continue;
    if (isCyrillic(v)) rank -= 0.5; // a Russian spelling before a Latin one at the same rank
    out.push([rank, k, v.trim()]);
  }
  return out.sort((a, b) => a[0] - b[0]).map(([, k, v]) => [k, v]);
}

function codeOf(v: unknown): string | null {
  const s = typeof v === 'number' && Number.isInteger(v) ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (/^\d{1,2}$/.test(s)) return s.padStart(2, '0');
  if (/^\d{11,17}$/.test(s)) return s.slice(0, 2); // KLADR / FIAS-style code: region in the first two digits
  return null;
}

function labelOf(f: GeoFeatureIn, i: number): string {
  const props = f.properties ?? {};
  const names = nameCandidates(props);
  if (names.length) return names[0]![1];
  for (const v of Object.values(props)) if (typeof v === 'string' && ISO_RE.test(v.trim())) return v.trim();
  if (typeof f.id === 'string' || typeof f.id === 'number') return `id ${f.id}`;
  return `объект № ${i + 1}`;
}

interface Candidate {
  code: string;
  by: MatchedBy;
  property: string;
  value: string;
}

/** Every region a feature's properties point to, in the order of trust (ISO, code, names). */
function candidatesOf(props: Record<string, unknown>, regions: Map<string, GeoRegion>, byIso: Map<string, string>, index: RegionIndex, notes: string[]): Candidate[] {
  const out: Candidate[] = [];
  for (const [k, v] of Object.entries(props)) {
    if (typeof v !== 'string' || !ISO_RE.test(v.trim())) continue;
    const code = byIso.get(v.trim().toUpperCase());
    if (code) out.push({ code, by: 'iso', property: k, value: v.trim() });
    else notes.push(`код ISO ${v.trim()} (${k}) не найден в справочнике регионов`);
  }
  for (const [k, v] of Object.entries(props)) {
    if (!CODE_KEYS.has(normKey(k))) continue;
    const code = codeOf(v);
    if (code && regions.has(code)) out.push({ code, by: 'code', property: k, value: String(v) });
    else if (v !== null && v !== undefined && String(v).trim()) notes.push(`код региона «${String(v)}» (${k}) не найден`);
  }
  for (const [k, v] of nameCandidates(props)) {
    const m = index.match(v);
    if (m.ok && regions.has(m.code)) out.push({ code: m.code, by: 'name', property: k, value: v });
    else if (!m.ok && m.reason === 'ambiguous') notes.push(`название «${v}» (${k}) неоднозначно: ${m.candidates.join(', ')}`);
    else if (isCyrillic(v)) notes.push(`название «${v}» (${k}) не узнано`);
  }
  return out;
}

/** Find each feature's region; the report says what matched and what did not. */
export function matchFeatures(
  features: GeoFeatureIn[],
  regionRows: GeoRegion[],
  index: RegionIndex,
  source = 'GeoJSON',
): { matches: FeatureMatch[]; report: GeoReport } {
  const regions = new Map(regionRows.map((r) => [r.region_code, r]));
  const byIso = new Map(regionRows.filter((r) => r.iso_3166_2).map((r) => [r.iso_3166_2!.toUpperCase(), r.region_code]));
  const report: GeoReport = {
    source,
    n_features: features.length,
    n_matched: 0,
    n_regions: regionRows.length,
    matched: [],
    unmatched_features: [],
    skipped_features: [],
    regions_without_feature: [],
    duplicates: [],
    conflicts: [],
  };
  const matches: FeatureMatch[] = [];
  features.forEach((f, i) => {
    const label = labelOf(f, i);
    const notes: string[] = [];
    const cands = candidatesOf(f.properties ?? {}, regions, byIso, index, notes);
    const best = cands[0];
    const m: FeatureMatch = best
      ? { feature: i + 1, label, region_code: best.code, region_name: regions.get(best.code)!.region_name, by: best.by, property: best.property, value: best.value }
      : { feature: i + 1, label, region_code: null, region_name: null, by: null, property: null, value: null };
    matches.push(m);
    if (!best) {
      const reason = notes.length
        ? notes.join('; ')
        : 'нет свойства с кодом ISO 3166-2 (RU-…), кодом региона или русским названием субъекта';
      report.unmatched_features.push({ feature: i + 1, label, reason });
      return;
    }
    const other = cands.find((c) => c.code !== best.code);
    if (other) {
      report.conflicts.push({ feature: i + 1, label, region_code: best.code, by: best.by, other_region_code: other.code, other_by: other.by, other_value: other.value });
    }
  });
  return { matches, report };
}

/** Finish the report once the geometries are known: skipped features, regions without one, duplicates. */
function completeReport(report: GeoReport, matches: FeatureMatch[], drawable: boolean[], regionRows: GeoRegion[]): void {
  const byRegion = new Map<string, FeatureMatch[]>();
  matches.forEach((m, i) => {
    if (!m.region_code) return;
    if (!drawable[i]) {
      report.skipped_features.push({ feature: m.feature, label: m.label, reason: `нет многоугольников (регион ${m.region_name} не нарисован этим объектом)` });
      return;
    }
    report.matched.push(m);
    byRegion.set(m.region_code, [...(byRegion.get(m.region_code) ?? []), m]);
  });
  report.n_matched = report.matched.length;
  report.regions_without_feature = regionRows
    .filter((r) => !byRegion.has(r.region_code))
    .map((r) => ({ region_code: r.region_code, region_name: r.region_name }));
  for (const [code, ms] of byRegion) {
    if (ms.length > 1) {
      report.duplicates.push({ region_code: code, region_name: ms[0]!.region_name!, features: ms.map((m) => m.feature), labels: ms.map((m) => m.label) });
    }
  }
}

// ---------------------------------------------------------------------------
// Reading and checking the file
// ---------------------------------------------------------------------------

const EXPECTED = 'GeoJSON (RFC 7946): FeatureCollection с многоугольниками субъектов РФ, координаты в градусах WGS 84';

/** Read and check a GeoJSON file; a file that cannot be used is a UserError naming it. */
export function readGeoJson(file: string): GeoFeatureIn[] {
  const shown = displayPath(file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `Файл GeoJSON не найден: ${shown}` : `Файл GeoJSON не читается (${code ?? (e as Error).message}): ${shown}`, {
      file: shown,
      hint: 'Проверьте путь в настройке NOK_GEOJSON',
    });
  }
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.includes('\uFFFD')) text = new TextDecoder('windows-1251').decode(bytes); // a Russian file saved as ANSI
  text = text.replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UserError(`Файл GeoJSON не читается как JSON: ${(e as Error).message}`, { file: shown, expected: EXPECTED });
  }
  const d = doc as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  if (!d || typeof d !== 'object' || d.type !== 'FeatureCollection' || !Array.isArray(d.features)) {
    const got = d && typeof d === 'object' && 'type' in d ? `«type»: ${JSON.stringify(d.type)}` : 'не объект GeoJSON';
    throw new UserError(`Файл GeoJSON — не набор объектов (FeatureCollection): ${got}`, { file: shown, expected: EXPECTED });
  }
  const crs = d.crs?.properties?.name;
  if (typeof crs === 'string' && !/4326|CRS84/i.test(crs)) {
    throw new UserError(`Файл GeoJSON в системе координат ${crs}; нужны градусы WGS 84 (EPSG:4326)`, {
      file: shown,
      expected: EXPECTED,
      hint: 'Пересохраните файл в EPSG:4326 (например, в QGIS: «Экспорт → Сохранить объекты как…», СК EPSG:4326)',
    });
  }
  const features = d.features as GeoFeatureIn[];
  if (!features.length) throw new UserError('В файле GeoJSON нет ни одного объекта', { file: shown, expected: EXPECTED });
  features.forEach((f, i) => {
    if (!f || typeof f !== 'object' || f.type !== 'Feature') {
      throw new UserError(`Объект № ${i + 1} файла GeoJSON — не Feature`, { file: shown, expected: EXPECTED });
    }
    const broken = (): UserError =>
      new UserError(`Объект № ${i + 1} (${labelOf(f, i)}) файла GeoJSON: геометрия повреждена (многоугольник — не список колец из точек)`, { file: shown, expected: EXPECTED });
    for (const poly of polygonsOf(f.geometry as never)) {
      if (!Array.isArray(poly)) throw broken();
      for (const ring of poly) {
        if (!Array.isArray(ring)) throw broken();
        for (const p of ring) {
          const [lon, lat] = Array.isArray(p) ? p : [];
          const bad = typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat);
          if (bad || lat < -90 || lat > 90 || lon < -180 || lon > 360) {
            throw new UserError(
              `Объект № ${i + 1} (${labelOf(f, i)}) файла GeoJSON: координата ${JSON.stringify(p)} — не долгота и широта в градусах`,
              { file: shown, expected: EXPECTED, hint: 'Файл, видимо, в другой системе координат (например, EPSG:3857 в метрах): пересохраните его в EPSG:4326' },
            );
          }
        }
      }
    }
  });
  return features;
}

// ---------------------------------------------------------------------------
// Simplification
// ---------------------------------------------------------------------------

/** Douglas–Peucker on a closed ring (x scaled by `kx` so that tolerance is about equal in both directions). */
function simplifyRing(ring: Ring, tol: number, kx: number): Ring {
  const n = ring.length;
  if (n <= 4) return ring;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  // split a closed ring at its farthest point from the start, so that both halves are open lines
  let far = 0;
  let farD = -1;
  for (let i = 1; i < n - 1; i++) {
    const d = Math.hypot((ring[i]![0]! - ring[0]![0]!) * kx, ring[i]![1]! - ring[0]![1]!);
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  keep[far] = 1;
  const stack: Array<[number, number]> = [[0, far], [far, n - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    const ax = ring[a]![0]! * kx;
    const ay = ring[a]![1]!;
    const dx = ring[b]![0]! * kx - ax;
    const dy = ring[b]![1]! - ay;
    const len = Math.hypot(dx, dy);
    let idx = -1;
    let max = tol;
    for (let i = a + 1; i < b; i++) {
      const px = ring[i]![0]! * kx - ax;
      const py = ring[i]![1]! - ay;
      const d = len === 0 ? Math.hypot(px, py) : Math.abs(px * dy - py * dx) / len;
      if (d > max) {
        max = d;
        idx = i;
      }
    }
    if (idx >= 0) {
      keep[idx] = 1;
      stack.push([a, idx], [idx, b]);
    }
  }
  return ring.filter((_, i) => keep[i]);
}

const round = (v: number, decimals: number): number => {
  const k = 10 ** decimals;
  return Math.round(v * k) / k;
};

/**
 * Simplify a feature's polygons: longitudes unwrapped (Chukotka east of 180°), rings simplified
 * with tolerance `tol` degrees and rounded to `decimals`; rings that shrink to nothing are
 * dropped, except the largest polygon, which every feature keeps.
 */
export function simplifyPolygons(polys: Polygon[], tol: number, decimals = 3): Polygon[] {
  const out: Polygon[] = [];
  let largest: { area: number; poly: Polygon } | null = null;
  for (const poly of polys) {
    const rings: Ring[] = [];
    for (const [ri, ringIn] of poly.entries()) {
      const ring = ringIn.map((p) => [round(unwrapLon(p[0]!), decimals), round(p[1]!, decimals)]);
      const midLat = ring.reduce((s, p) => s + p[1]!, 0) / Math.max(1, ring.length);
      const kx = Math.max(0.1, Math.cos((midLat * Math.PI) / 180));
      const simple = simplifyRing(ring, tol, kx).filter((p, i, a) => i === 0 || p[0] !== a[i - 1]![0] || p[1] !== a[i - 1]![1]);
      if (simple.length >= 4) rings.push(simple);
      else if (ri === 0) {
        // the outer ring vanished: remember the polygon in case it is the feature's largest
        const area = Math.abs(ringAreaDeg(ring));
        if (!largest || area > largest.area) largest = { area, poly: [ring] };
        break;
      }
    }
    if (rings.length) out.push(rings);
  }
  if (!out.length && largest) out.push(largest.poly);
  return out;
}

function ringAreaDeg(ring: Ring): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j]![0]! + ring[i]![0]!) * (ring[j]![1]! - ring[i]![1]!);
  return a / 2;
}

// ---------------------------------------------------------------------------
// The site-build step
// ---------------------------------------------------------------------------

export interface GeoOutput {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; properties: { region_code: string; region_name: string; feature: number }; geometry: { type: 'MultiPolygon'; coordinates: Polygon[] } }>;
}

/** The map's GeoJSON and the report from a file and the warehouse's regions. */
export function buildGeo(file: string, regionRows: GeoRegion[], index: RegionIndex): { geojson: GeoOutput; report: GeoReport } {
  const features = readGeoJson(file);
  const { matches, report } = matchFeatures(features, regionRows, index, path.basename(file));
  // tolerance from the extent of what is drawn: about 1/2500 of the map's width
  let lon0 = Infinity;
  let lon1 = -Infinity;
  let lat0 = Infinity;
  let lat1 = -Infinity;
  for (const f of features)
    for (const poly of polygonsOf(f.geometry as never))
      for (const ring of poly)
        for (const p of ring) {
          const lon = unwrapLon(p[0]!);
          lon0 = Math.min(lon0, lon);
          lon1 = Math.max(lon1, lon);
          lat0 = Math.min(lat0, p[1]!);
          lat1 = Math.max(lat1, p[1]!);
        }
  const span = Math.max((lon1 - lon0) * Math.cos((((lat0 + lat1) / 2) * Math.PI) / 180), lat1 - lat0);
  const tol = Number.isFinite(span) && span > 0 ? span / 2500 : 0.01;
  const out: GeoOutput = { type: 'FeatureCollection', features: [] };
  const drawable: boolean[] = [];
  features.forEach((f, i) => {
    const m = matches[i]!;
    const polys = polygonsOf(f.geometry as never);
    drawable.push(polys.some((p) => (p[0]?.length ?? 0) >= 4));
    if (!m.region_code || !drawable[i]) {
      if (!drawable[i] && !m.region_code) report.skipped_features.push({ feature: i + 1, label: m.label, reason: 'нет многоугольников' });
      return;
    }
    out.features.push({
      type: 'Feature',
      properties: { region_code: m.region_code, region_name: m.region_name!, feature: i + 1 },
      geometry: { type: 'MultiPolygon', coordinates: simplifyPolygons(polys, tol) },
    });
  });
  completeReport(report, matches, drawable, regionRows);
  if (!report.n_matched) {
    const sample = report.unmatched_features.slice(0, 3).map((u) => `«${u.label}»: ${u.reason}`).join('; ');
    throw new UserError(`Ни один объект файла GeoJSON не сопоставлен с регионом (объектов: ${features.length}). ${sample}`, {
      file: displayPath(file),
      expected: 'у объектов свойство с кодом ISO 3166-2 (iso_3166_2: «RU-MOW»), кодом региона (region_code: «77») или русским названием (name_ru: «Москва»)',
    });
  }
  return { geojson: out, report };
}

/** Where the map's files go in the Evidence project copy. */
export const GEO_FILES = {
  /** Published with the site: the map's GeoJSON and the match report. */
  geojson: path.join('static', 'geo', 'regions.geojson'),
  report: path.join('static', 'geo', 'report.json'),
  /** Imported by GeoMap.svelte at build time (so the map is drawn into the prerendered HTML). */
  component: path.join('components', 'geo-data.json'),
} as const;

/** The site-build step: writes the map's files into the Evidence project copy `work`. */
export function writeGeo(work: string, geo: { geojson: GeoOutput; report: GeoReport }): void {
  for (const rel of Object.values(GEO_FILES)) fs.mkdirSync(path.dirname(path.join(work, rel)), { recursive: true });
  fs.writeFileSync(path.join(work, GEO_FILES.geojson), JSON.stringify(geo.geojson));
  fs.writeFileSync(path.join(work, GEO_FILES.report), JSON.stringify(geo.report, null, 1));
  // the page needs no per-feature list of matches (it is in the published report)
  const { matched: _matched, ...summary } = geo.report;
  fs.writeFileSync(path.join(work, GEO_FILES.component), JSON.stringify({ geojson: geo.geojson, report: summary }));
}

/** One line per kind of problem, for the build log. */
export function describeReport(r: GeoReport): string[] {
  const lines = [`Географическая карта: объектов файла ${r.source} — ${r.n_features}, сопоставлено с регионами — ${r.n_matched}`];
  const names = (xs: Array<{ region_name: string }>): string => xs.map((x) => x.region_name).join(', ');
  if (r.regions_without_feature.length) lines.push(`нет границ для ${r.regions_without_feature.length} регионов: ${names(r.regions_without_feature)}`);
  if (r.unmatched_features.length) lines.push(`не сопоставлены объекты: ${r.unmatched_features.map((u) => `№ ${u.feature} «${u.label}» (${u.reason})`).join('; ')}`);
  if (r.skipped_features.length) lines.push(`без многоугольников: ${r.skipped_features.map((u) => `№ ${u.feature} «${u.label}»`).join('; ')}`);
  if (r.duplicates.length) lines.push(`несколько объектов у региона: ${r.duplicates.map((d) => `${d.region_name} (№ ${d.features.join(', ')})`).join('; ')}`);
  if (r.conflicts.length) lines.push(`свойства объекта называют разные регионы: ${r.conflicts.map((c) => `№ ${c.feature} «${c.label}»: ${c.region_code} (${c.by}) и ${c.other_region_code} (${c.other_by} «${c.other_value}»)`).join('; ')}`);
  return lines;
}
