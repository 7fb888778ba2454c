/** reports/components/chartimage.js: the frame that puts title, legend, source and date around a chart's SVG. */
import { describe, it, expect } from 'vitest';
// @ts-expect-error plain JavaScript module of the dashboards, no types
import { frame, wrap, imageName, dateRu, SOURCE_LINE } from '../../reports/components/chartimage.js';

describe('chart image frame', () => {
  const inner = '<svg viewBox="0 0 400 200"><rect width="10" height="10"/></svg>';
  const svg = frame(inner, { title: 'Итоговый балл НОК по регионам, 2024', width: 800, height: 400, date: '05.12.2026', note: 'балл', keys: [{ color: '#123456', label: '60–70' }, { label: 'нет данных', missing: true }] });

  it('draws the title, the legend, the source and the date into the image', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('>Итоговый балл НОК по регионам, 2024</text>');
    expect(svg).toContain(`>${SOURCE_LINE}</text>`);
    expect(svg).toContain('>Дата: 05.12.2026</text>');
    expect(svg).toContain('fill="#123456"');
    expect(svg).toContain('>нет данных</text>');
    // the chart itself is placed under the title at the given size
    expect(svg).toMatch(/<svg x="16" y="\d+" width="800" height="400" viewBox="0 0 400 200">/);
    const [, w, h] = svg.match(/width="(\d+)" height="(\d+)"/)!.map(Number);
    expect(w).toBe(832);
    expect(h).toBeGreaterThan(400 + 3 * 16);
  });

  it('escapes text and wraps a long title', () => {
    expect(frame(inner, { title: 'A < B & «C»' })).toContain('A &lt; B &amp; «C»');
    expect(wrap('один два три четыре', 9)).toEqual(['один два', 'три', 'четыре']);
    expect(frame(inner, { title: 'слово '.repeat(40) }).match(/font-weight="700"/g)!.length).toBeGreaterThan(1);
  });

  it('names the file after the title and dates the Russian way', () => {
    expect(imageName('Итоговый балл: 2024 (все сферы)')).toBe('итоговый_балл_2024_все_сферы');
    expect(imageName(undefined)).toBe('диаграмма');
    expect(dateRu(new Date(Date.UTC(2026, 11, 5)))).toBe('05.12.2026');
  });
});
