import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectEvents } from '../../src/events/collect.js';
import { chartHtml, chartSvg, xmlText } from '../../src/forensics/chart-svg.js';
import { activityReport } from '../../src/forensics/timeline.js';
import { replayEvents } from '../../src/replay/replay.js';
import { asInputs } from '../support/cloudtrail.js';
import { forensicTrail, EVIL_AGENT } from './trail.js';
import { checkXml } from './xml-check.js';

const replay = replayEvents(collectEvents(asInputs(forensicTrail())).events);
const report = activityReport([...replay.zones.values()], { span: {}, filesRead: 1, unreadable: [], duplicatesDropped: 0 });

describe('chartSvg', () => {
  const svg = chartSvg(report);

  it('is well-formed XML with an svg root, title, a panel per zone and a legend entry per actor', () => {
    const { root, texts } = checkXml(svg);
    expect(root).toBe('svg');
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<g class="zone"/g)).toHaveLength(3);
    for (const actor of report.actors) expect(texts).toContain(actor);
    expect(texts.some((t) => t.startsWith('example.com. Z1EXAMPLE'))).toBe(true);
    expect(texts).toContain('2024-03-01');
  });

  it('stacks one bar segment per actor and day, with the counts in its tooltip', () => {
    const tips = [...svg.matchAll(/<rect [^>]*fill="hsl[^>]*><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(tips).toContain('2024-03-01: alice: 2 batch(es)');
    expect(tips).toContain('2024-03-01: deploy/ci-run-42: 1 batch(es)');
    expect(tips).toContain('2024-03-04: alice: 2 batch(es)'); // temp zone: DELETE batch + DeleteHostedZone
    expect(svg).toContain('2024-03-02: 2 rejected or failed attempt(s)');
  });

  it('escapes a malicious user agent: no markup, no raw ESC', () => {
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('\u001b');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(svg).toContain('\\x1b[31mRED');
    const { texts } = checkXml(svg);
    expect(texts.some((t) => t.includes(EVIL_AGENT.replace(/\u001b/g, '\\x1b')))).toBe(true);
  });

  it('groups long spans into buckets so the chart stays small', () => {
    const long = { ...report, firstDay: '2014-01-01', lastDay: '2024-03-04' };
    const out = chartSvg(long, { maxColumns: 100 });
    checkXml(out);
    expect(out).toMatch(/\d+ days per bar/);
    expect(out.length).toBeLessThan(svg.length * 3);
  });

  it('embeds the same SVG in a well-formed HTML page', () => {
    const html = chartHtml(report, { title: 'zone <b>history</b>' });
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(checkXml(html, { html: true }).root).toBe('html');
    expect(html).toContain('<title>zone &lt;b&gt;history&lt;/b&gt;</title>');
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).not.toContain('<?xml');
  });

  it('draws an empty report', () => {
    expect(checkXml(chartSvg({ firstDay: null, lastDay: null, actors: [], zones: [] })).root).toBe('svg');
  });
});

/** Strings rich in what XML cannot carry: controls, lone surrogates, bidi overrides, markup. */
const nasty = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 0x2ff }), fc.constantFrom(0x1b, 0x3c, 0x26, 0x22, 0xd800, 0xdfff, 0x202e, 0x2028, 0xfffe, 0xffff)), { maxLength: 60 })
  .map((codes) => String.fromCharCode(...codes));

describe('xmlText', () => {
  it('property: any string becomes well-formed element text and attribute value', () => {
    fc.assert(
      fc.property(nasty, (s) => {
        const t = xmlText(s);
        checkXml(`<a b="${t}">${t}</a>`);
      }),
    );
  });

  it('property: text without control characters round-trips through an XML reader', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(s)), (s) => {
        const { texts } = checkXml(`<a b="${xmlText(s)}">x${xmlText(s)}</a>`);
        expect(texts).toEqual([s, 'x' + s]);
      }),
    );
  });
});
