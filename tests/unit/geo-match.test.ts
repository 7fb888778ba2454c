/**
 * The geographic map's data step (pipelines/site/geo.ts): reading and checking a GeoJSON,
 * matching its features to regions, simplifying, writing the map's files; the NOK_GEOJSON
 * setting. On a GeoJSON made from the tile grid (tests/fixtures/geo/tile-geojson.ts) and, when
 * present, on the Natural Earth file of shared/data/reference (never copied into the project).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { buildGeo, matchFeatures, readGeoJson, simplifyPolygons, writeGeo, GEO_FILES, describeReport, type GeoRegion } from '../../pipelines/site/geo.ts';
import { RegionIndex } from '../../pipelines/regions/normalize.ts';
import { UserError } from '../../pipelines/lib/errors.ts';
import { loadConfig } from '../../pipelines/lib/config.ts';
import { repoRoot } from '../../pipelines/lib/paths.ts';
import { tileGeoJson, SUBJECTS_2022 } from '../fixtures/geo/tile-geojson.ts';

const index = await RegionIndex.load();
/** The regions as marts.region has them (the warehouse's region table is built from the same file). */
const regions: GeoRegion[] = index.regions().map((r) => ({ region_code: r.region_code, region_name: r.short_name, iso_3166_2: r.iso_3166_2 }));
const nameOf = new Map(regions.map((r) => [r.region_code, r.region_name]));

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nok-geo-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
const write = (name: string, content: string | Buffer | object): string => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content));
  return f;
};
const userError = (fn: () => unknown): UserError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('ожидалась UserError');
};
const square = (lon: number, lat: number, d = 1): number[][] => [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]];
const feature = (properties: Record<string, unknown>, lon = 40, lat = 55) => ({ type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [square(lon, lat)] } });

describe('matching features to regions (tile-grid GeoJSON)', () => {
  it('every feature of a region is matched to it, by ISO code, region code, KLADR code or Russian name', () => {
    const t = tileGeoJson();
    const { matches, report } = matchFeatures(t.geojson.features, regions, index, 'tiles.geojson');
    expect(matches).toHaveLength(t.truth.length);
    matches.forEach((m, i) => expect(m.region_code, `объект № ${i + 1} ${JSON.stringify(t.geojson.features[i]!.properties)}`).toBe(t.truth[i]));
    const by = new Set(matches.map((m) => m.by));
    expect([...by].sort()).toEqual(['code', 'iso', 'name', null].sort());
    // ISO codes come first; «RU-…» values are found whatever the property is called
    const iso = matches.find((m) => m.by === 'iso')!;
    expect(iso.value).toMatch(/^RU-/);
    expect(report.conflicts).toEqual([]);
  });

  it('an extra feature (Байконур) is reported without a region, with the reason', () => {
    const t = tileGeoJson();
    const { report } = matchFeatures(t.geojson.features, regions, index);
    expect(report.unmatched_features).toHaveLength(1);
    expect(report.unmatched_features[0]!.label).toBe('Байконур');
    expect(report.unmatched_features[0]!.feature).toBe(t.geojson.features.length);
    expect(report.unmatched_features[0]!.reason).toMatch(/не узнано/);
  });

  it('the regions without a feature are exactly the omitted ones, named', () => {
    const omit = ['77', ...SUBJECTS_2022];
    const t = tileGeoJson({ omit });
    const f = write('omit.geojson', t.geojson);
    const { report, geojson } = buildGeo(f, regions, index);
    expect(report.regions_without_feature.map((r) => r.region_code).sort()).toEqual([...omit].sort());
    expect(report.regions_without_feature.find((r) => r.region_code === '77')!.region_name).toBe(nameOf.get('77'));
    expect(geojson.features.map((x) => x.properties.region_code).sort()).toEqual(regions.map((r) => r.region_code).filter((c) => !omit.includes(c)).sort());
    expect(report.n_matched).toBe(regions.length - omit.length);
    expect(describeReport(report).join('\n')).toContain(`нет границ для ${omit.length} регионов`);
  });

  it('a region matched by several features is a duplicate; all of them are kept', () => {
    const t = tileGeoJson({ extras: false });
    const f = write('dup.geojson', { ...t.geojson, features: [...t.geojson.features, feature({ name_ru: 'Калининградская обл.' }, 20, 54.5)] });
    const { report, geojson } = buildGeo(f, regions, index);
    expect(report.duplicates).toHaveLength(1);
    expect(report.duplicates[0]!.region_code).toBe('39');
    expect(report.duplicates[0]!.features).toHaveLength(2);
    expect(geojson.features.filter((x) => x.properties.region_code === '39')).toHaveLength(2);
  });

  it('properties that name different regions: the ISO code wins, the conflict is reported', () => {
    // Natural Earth once swapped the ISO codes of Moscow and Moscow Oblast
    const { matches, report } = matchFeatures([feature({ iso_3166_2: 'RU-MOS', name_ru: 'Москва' })], regions, index);
    expect(matches[0]!.region_code).toBe('50');
    expect(report.conflicts).toEqual([expect.objectContaining({ region_code: '50', by: 'iso', other_region_code: '77', other_by: 'name', other_value: 'Москва' })]);
  });

  it('codes are normalised (7 → 07, KLADR → its first two digits); ambiguous or Latin names are not guessed', () => {
    const { matches, report } = matchFeatures(
      [
        feature({ region_code: 7 }),
        feature({ KOD: '7' }),
        feature({ kladr_id: '7700000000000' }),
        feature({ name: 'Алтай' }),
        feature({ name_en: 'Altai Krai' }),
        feature({ region_code: 99 }),
        feature({ iso_3166_2: 'RU-XXX' }),
        feature({ 'name:ru': 'Республика Саха /Якутия/' }),
        feature({ NAME_1: 'Ханты-Мансийский Автономный округ - Югра' }),
      ],
      regions,
      index,
    );
    expect(matches.map((m) => m.region_code)).toEqual(['07', '07', '77', null, null, null, null, '14', '86']);
    const reasons = report.unmatched_features.map((u) => u.reason);
    expect(reasons[0]).toMatch(/неоднозначно: 04, 22/);
    expect(reasons[1]).toMatch(/нет свойства/);
    expect(reasons[2]).toMatch(/«99».*не найден/);
    expect(reasons[3]).toMatch(/RU-XXX/);
  });
});

describe('reading a GeoJSON: a file that cannot be used is a clear UserError naming it', () => {
  it('missing file, not JSON, not a FeatureCollection, no features', () => {
    for (const [name, content, re] of [
      ['absent.geojson', null, /не найден/],
      ['bad.geojson', '{"type": "FeatureCollection", "features": [', /не читается как JSON/],
      ['feature.geojson', feature({ name_ru: 'Москва' }), /не набор объектов.*"Feature"/],
      ['array.geojson', '[1, 2]', /не набор объектов/],
      ['empty.geojson', { type: 'FeatureCollection', features: [] }, /нет ни одного объекта/],
    ] as const) {
      const f = content === null ? path.join(dir, name) : write(name, content as string | object);
      const e = userError(() => readGeoJson(f));
      expect(e.message).toMatch(re);
      expect(e.describe()).toContain(name);
    }
  });

  it('coordinates in metres (a projected CRS) or a declared non-WGS 84 CRS', () => {
    const metres = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name_ru: 'Москва' }, geometry: { type: 'Polygon', coordinates: [[[4187000, 7508000], [4190000, 7508000], [4190000, 7510000], [4187000, 7508000]]] } }] };
    const e1 = userError(() => readGeoJson(write('metres.geojson', metres)));
    expect(e1.message).toMatch(/Объект № 1 \(Москва\).*4187000/);
    expect(e1.describe()).toMatch(/EPSG:4326/);
    const crs = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } }, features: [feature({ name_ru: 'Москва' })] };
    expect(userError(() => readGeoJson(write('crs.geojson', crs))).message).toMatch(/EPSG::3857/);
    const ok = { ...crs, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } };
    expect(readGeoJson(write('crs84.geojson', ok))).toHaveLength(1);
  });

  it('a broken geometry and a file where no feature is a region', () => {
    const broken = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [5] } }] };
    expect(userError(() => readGeoJson(write('broken.geojson', broken))).message).toMatch(/геометрия повреждена/);
    const latin = { type: 'FeatureCollection', features: [feature({ name: 'Moscow' }), feature({ name: 'Tver' })] };
    const e = userError(() => buildGeo(write('latin.geojson', latin), regions, index));
    expect(e.message).toMatch(/Ни один объект.*объектов: 2/);
    expect(e.describe()).toContain('latin.geojson');
    expect(e.describe()).toMatch(/iso_3166_2/);
  });

  it('reads UTF-8 with a BOM and a Russian file saved in Windows-1251', () => {
    const doc = JSON.stringify({ type: 'FeatureCollection', features: [feature({ name_ru: 'Чувашская Республика — Чувашия' }), feature({ NAME_1: 'Ненецкий автономный округ' }, 50, 67)] });
    const cp = write('cp1251.geojson', iconv.encode(doc, 'win1251'));
    const bom = write('bom.geojson', '\uFEFF' + doc);
    for (const f of [cp, bom]) {
      const { report } = buildGeo(f, regions, index);
      expect(report.matched.map((m) => m.region_code)).toEqual(['21', '83']);
    }
  });

  it('a feature without polygons is skipped and reported; its region counts as without geometry', () => {
    const doc = { type: 'FeatureCollection', features: [feature({ name_ru: 'Тверская область' }), { type: 'Feature', properties: { name_ru: 'Москва' }, geometry: { type: 'Point', coordinates: [37.6, 55.7] } }] };
    const { report, geojson } = buildGeo(write('point.geojson', doc), regions, index);
    expect(geojson.features.map((x) => x.properties.region_code)).toEqual(['69']);
    expect(report.skipped_features).toEqual([expect.objectContaining({ feature: 2, label: 'Москва' })]);
    expect(report.regions_without_feature.map((r) => r.region_code)).toContain('77');
  });
});

describe('the map files: simplified, rounded, keyed by region_code as a string', () => {
  it('writes the GeoJSON, the report and the component data; the east is unwrapped past 180°', () => {
    const t = tileGeoJson();
    const src = write('tiles.geojson', t.geojson);
    const geo = buildGeo(src, regions, index);
    const work = path.join(dir, 'work');
    writeGeo(work, geo);
    const out = JSON.parse(fs.readFileSync(path.join(work, GEO_FILES.geojson), 'utf8'));
    const report = JSON.parse(fs.readFileSync(path.join(work, GEO_FILES.report), 'utf8'));
    const component = JSON.parse(fs.readFileSync(path.join(work, GEO_FILES.component), 'utf8'));
    const { matched, ...summary } = report;
    expect(matched).toHaveLength(out.features.length);
    expect(component).toEqual({ geojson: out, report: summary });
    expect(report.source).toBe('tiles.geojson');
    expect(out.features).toHaveLength(t.truth.filter(Boolean).length);
    for (const f of out.features) {
      expect(typeof f.properties.region_code).toBe('string');
      expect(f.properties.region_code).toMatch(/^\d{2}$/);
      for (const poly of f.geometry.coordinates) for (const ring of poly) for (const [lon, lat] of ring) {
        expect(Math.abs(lon * 1000 - Math.round(lon * 1000))).toBeLessThan(1e-6);
        expect(Math.abs(lat * 1000 - Math.round(lat * 1000))).toBeLessThan(1e-6);
        expect(lon).toBeGreaterThan(-160);
      }
    }
    // Chukotka (87) was written across the antimeridian: unwrapped, it is one narrow rectangle
    const chukotka = out.features.find((f: { properties: { region_code: string } }) => f.properties.region_code === '87');
    const lons = chukotka.geometry.coordinates[0][0].map((p: number[]) => p[0]);
    expect(Math.max(...lons) - Math.min(...lons)).toBeLessThan(10);
    expect(Math.max(...lons)).toBeGreaterThan(180);
    // the tile edges had 9 points each: the straight ones are simplified away
    expect(chukotka.geometry.coordinates[0][0].length).toBeLessThan(tileGeoJson().geojson.features[0]!.geometry.coordinates[0]!.length);
  });

  it('simplifyPolygons keeps the shape within tolerance and always keeps a feature\'s largest polygon', () => {
    const wiggly: number[][] = [];
    for (let i = 0; i <= 200; i++) wiggly.push([40 + i * 0.05, 55 + (i % 2) * 0.001]);
    wiggly.push([50, 60], [40, 60], [40, 55]);
    const [poly] = simplifyPolygons([[wiggly]], 0.01);
    expect(poly![0]!.length).toBeLessThan(10);
    for (const [, lat] of poly![0]!) expect([55, 55.001, 60]).toContain(lat);
    const tiny = simplifyPolygons([[square(40, 55, 0.0001)]], 0.5);
    expect(tiny).toHaveLength(1);
    const islands = simplifyPolygons([[square(40, 55, 5)], [square(60, 55, 0.0001)]], 0.5);
    expect(islands).toHaveLength(1);
  });
});

describe('NOK_GEOJSON', () => {
  it('unset means no geographic map; a file is resolved; a missing file or a folder stops at start-up', () => {
    expect(loadConfig({}).geojson).toBeUndefined();
    expect(loadConfig({ NOK_GEOJSON: '' }).geojson).toBeUndefined();
    const f = write('cfg.geojson', '{}');
    expect(loadConfig({ NOK_GEOJSON: path.relative(process.cwd(), f) }).geojson).toBe(f);
    const missing = path.join(dir, 'нет.geojson');
    const e = userError(() => loadConfig({ NOK_GEOJSON: missing }));
    expect(e.message).toContain('NOK_GEOJSON');
    expect(e.message).toContain(missing);
    expect(userError(() => loadConfig({ NOK_GEOJSON: dir })).message).toMatch(/NOK_GEOJSON: .*папка/);
  });
});

// ---------------------------------------------------------------------------
// Natural Earth 1:50m regions of Russia (shared/data/reference; for checking only)
// ---------------------------------------------------------------------------

const referenceDir = process.env['NOK_REFERENCE_DIR'] ?? path.resolve(repoRoot, '..', 'shared', 'data', 'reference');
const neFile = path.join(referenceDir, 'ne_50m_admin1_russia_slim.geojson');
const neExists = fs.existsSync(neFile);

describe.runIf(neExists)(
  neExists
    ? `сверка с границами Natural Earth (${neFile})`
    : `сверка с границами Natural Earth (${process.env['NOK_REFERENCE_DIR'] ? referenceDir : '../shared/data/reference'}/ne_50m_admin1_russia_slim.geojson отсутствует — пропущено)`,
  () => {
    it('all 85 features match a region, one each; exactly the four subjects of 2022 are without geometry', () => {
      const { report, geojson } = buildGeo(neFile, regions, index);
      expect(report.n_features).toBe(85);
      expect(report.n_matched).toBe(85);
      expect(report.unmatched_features).toEqual([]);
      expect(report.skipped_features).toEqual([]);
      expect(report.duplicates).toEqual([]);
      expect(report.conflicts).toEqual([]);
      expect(report.regions_without_feature.map((r) => r.region_code).sort()).toEqual([...SUBJECTS_2022].sort());
      expect(new Set(geojson.features.map((f) => f.properties.region_code)).size).toBe(85);
      // the file's own ISO codes agree with ours wherever it has a Russian one
      const ne = JSON.parse(fs.readFileSync(neFile, 'utf8')) as { features: Array<{ properties: { iso_3166_2: string } }> };
      const isoOf = new Map(regions.map((r) => [r.region_code, r.iso_3166_2]));
      report.matched.forEach((m) => {
        const iso = ne.features[m.feature - 1]!.properties.iso_3166_2;
        if (iso.startsWith('RU-')) expect(isoOf.get(m.region_code!), iso).toBe(iso);
        else expect(['91', '92'], `${m.label} (${iso})`).toContain(m.region_code);
      });
    });
  },
);
