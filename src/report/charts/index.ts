/**
 * Charts as SVG (and PNG), drawn by Vega from a Vega-Lite spec built for each chart of the model.
 *
 * `chartSvg` is synchronous, so every renderer (HTML, DOCX) can call it inline. Vega's own
 * `view.toSVG()` is async only because it awaits data loading and images; a chart here has
 * inline data and no images, so the dataflow evaluates completely inside `view.run()` and we
 * serialise the scenegraph with Vega's headless SVG renderer, as `toSVG()` does. A test checks
 * that the result is byte-identical to `toSVG()` (`chartSvgAsync`) for every chart kind, so a
 * Vega upgrade that breaks this shows up at once. Text is measured with fixed Arial metrics, so
 * the same model gives the same SVG on every machine.
 *
 * Accessibility: the root `<svg>` is `role="img"` with the chart's Swedish description as its
 * name; every role/aria attribute Vega writes on inner elements (English "mark container" …) is
 * removed, so nothing English reaches a screen reader or the tagged PDF.
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import { formatDecimal } from '../../core/format/index.ts';
import { PrognosError } from '../../core/errors/index.ts';
import type { Chart } from '../model.ts';
import { textWidth } from './metrics.ts';

/** d3-format locale of the house style: `-12 417`, `-9,3` (hyphen-minus, no-break space, decimal comma). */
export const SWEDISH_NUMBER_LOCALE: { decimal: string; thousands: string; grouping: number[]; currency: [string, string]; minus: string } = {
  decimal: ',',
  thousands: '\u00a0',
  grouping: [3],
  currency: ['', '\u00a0kr'],
  minus: '-',
};

const FONT = 'Arial, Liberation Sans, DejaVu Sans, sans-serif';
const FONT_SIZE = 11;
const TEXT = '#1a1a1a';
const MUTED = '#595959';
const GRID = '#d9d9d9';
/** Series colours: dark enough for 3:1 against white (WCAG 1.4.11), distinct in grey scale order. */
export const SERIES_COLOURS = ['#1f4e79', '#c55a11', '#2e7d32', '#6a1b9a', '#5d6d7e', '#00838f'] as const;
const POSITIVE = '#1f4e79';
const NEGATIVE = '#b02a30';
const TARGET = '#333333';

/** Width of the plot area in px; axes and labels add to it. */
const PLOT_WIDTH = 560;
const PLOT_WIDTH_DEFAULT = PLOT_WIDTH;
const PLOT_HEIGHT = 220;
/** Horizontal bars leave room on the left for the category labels. */
const HORIZONTAL_PLOT_WIDTH = 420;
const HORIZONTAL_PLOT_WIDTH_DEFAULT = HORIZONTAL_PLOT_WIDTH;
/** Above this many bars the values are not printed on the bars. */
const MAX_VALUE_LABELS = 24;

interface Datum {
  /** category */
  c: string;
  /** series name */
  s: string;
  v: number | null;
  /** the value as printed (house style) */
  t: string;
}

const decimalsOf = (values: Array<number | null>): number => {
  let d = 0;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    const frac = String(v).split('.')[1];
    if (frac) d = Math.max(d, Math.min(2, frac.length));
  }
  return d;
};

/** A value with the chart's unit, as printed: `93%`, `1 200 tkr`. */
export function formatWithUnit(v: number, unit: string, decimals: number): string {
  const n = formatDecimal(v, decimals);
  if (!unit) return n;
  return unit === '%' ? `${n}%` : `${n}\u00a0${unit}`;
}

/** Series names made unique (a repeated name would merge two series into one colour). */
function seriesNames(chart: Chart): string[] {
  const seen = new Map<string, number>();
  return chart.series.map((s) => {
    const n = (seen.get(s.name) ?? 0) + 1;
    seen.set(s.name, n);
    return n === 1 ? s.name : `${s.name} (${n})`;
  });
}

function rows(chart: Chart, names: string[], decimals: number): Datum[] {
  const out: Datum[] = [];
  chart.series.forEach((s, si) => {
    chart.categories.forEach((c, ci) => {
      const raw = s.values[ci];
      const v = raw === undefined || raw === null || !Number.isFinite(raw) ? null : raw;
      out.push({ c, s: names[si]!, v, t: v === null ? '' : formatDecimal(v, decimals) });
    });
  });
  return out;
}

const AXIS_FORMAT = ',~f';

/**
 * The value domain of a bar chart with printed values: zero and the data, widened on each side
 * that has a value printed beyond its bar, so the text fits inside the plot (the scale is made
 * nice afterwards).
 */
function labelledDomain(data: Datum[], horizontal: boolean): [number, number] {
  const values = data.map((d) => d.v).filter((v): v is number => v !== null);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi - lo || 1;
  const plot = horizontal ? HORIZONTAL_PLOT_WIDTH : PLOT_HEIGHT;
  const room = (side: (v: number) => boolean): number => {
    const texts = data.filter((d) => d.v !== null && side(d.v));
    if (!texts.length) return 0;
    const px = horizontal ? Math.max(...texts.map((d) => textWidth(d.t, FONT_SIZE))) + 8 : FONT_SIZE + 6;
    return (span * px) / Math.max(1, plot - 2 * px);
  };
  return [lo - room((v) => v < 0), hi + room((v) => v >= 0)];
}

/** The Vega-Lite spec of a chart: exported for tests and for anyone who wants to restyle it. */
/** `layout.plotWidth`: a narrower plot (a phone's), laid out anew rather than scaled, so its text stays 11 px. */
export interface ChartLayout {
  plotWidth?: number;
  labelLimit?: number;
}

export function chartSpec(chart: Chart, layout: ChartLayout = {}): vl.TopLevelSpec {
  const PLOT_WIDTH = layout.plotWidth ?? PLOT_WIDTH_DEFAULT;
  const HORIZONTAL_PLOT_WIDTH = layout.plotWidth ?? HORIZONTAL_PLOT_WIDTH_DEFAULT;
  const names = seriesNames(chart);
  const all = chart.series.flatMap((s) => s.values);
  const decimals = decimalsOf(chart.target == null ? all : [...all, chart.target]);
  const data = rows(chart, names, decimals);
  const multi = chart.series.length > 1;
  const colour: Record<string, unknown> = multi
    ? { field: 's', type: 'nominal', sort: names, scale: { domain: names, range: [...SERIES_COLOURS] }, legend: { title: null, orient: 'top', direction: 'horizontal', symbolType: chart.kind === 'bar' ? 'square' : 'stroke' } }
    : {};
  const config = {
    font: FONT,
    background: '#ffffff',
    view: { stroke: null },
    locale: { number: SWEDISH_NUMBER_LOCALE },
    aria: false,
    axis: {
      labelFont: FONT, labelFontSize: FONT_SIZE, labelColor: TEXT, titleFont: FONT, titleFontSize: FONT_SIZE, titleFontWeight: 'normal', titleColor: TEXT,
      domainColor: MUTED, tickColor: MUTED, gridColor: GRID, labelLimit: layout.labelLimit ?? 220,
    },
    legend: { labelFont: FONT, labelFontSize: FONT_SIZE, labelColor: TEXT, labelLimit: layout.labelLimit ?? 260, columnPadding: 16, symbolStrokeWidth: 3 },
    text: { font: FONT, fontSize: FONT_SIZE, fill: TEXT },
  };
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config, padding: 6, data: { values: data } };

  if (chart.kind === 'bar') {
    const longLabels = chart.categories.some((c) => c.length > 8);
    const horizontal = longLabels || chart.categories.length > 12;
    const bars = chart.categories.length * Math.max(1, chart.series.length);
    const labels = bars <= MAX_VALUE_LABELS;
    const valueScale = { zero: true, nice: true, ...(labels ? { domain: labelledDomain(data, horizontal) } : {}) };
    const catAxis = { title: null, labelAngle: 0, ticks: false, labelPadding: 6, domain: false };
    const valAxis = { title: chart.unit || null, format: AXIS_FORMAT, grid: true, tickCount: 6, domain: false, ticks: false, labelFlush: false };
    const cat = { field: 'c', type: 'nominal', sort: chart.categories, axis: catAxis, scale: { paddingInner: multi ? 0.25 : 0.3, paddingOuter: 0.15 } };
    const val = { field: 'v', type: 'quantitative', axis: valAxis, scale: valueScale };
    const fill = multi ? colour : { condition: { test: 'datum.v < 0', value: NEGATIVE }, value: POSITIVE };
    const offset = multi ? { field: 's', type: 'nominal', sort: names, scale: { paddingInner: 0.05 } } : undefined;
    // Bar thickness: smaller steps for long lists so a units table of 40 rows still fits a page.
    const band = multi ? 12 : chart.categories.length > 15 ? 12 : 18;
    const enc = horizontal
      ? { y: cat, x: val, ...(offset ? { yOffset: offset } : {}) }
      : { x: cat, y: val, ...(offset ? { xOffset: offset } : {}) };
    const size = horizontal
      ? { width: HORIZONTAL_PLOT_WIDTH, height: { step: band * Math.max(1, chart.series.length) + 10 } }
      : { width: PLOT_WIDTH, height: PLOT_HEIGHT };
    const label = {
      mark: horizontal
        ? { type: 'text', align: { expr: "datum.v < 0 ? 'right' : 'left'" }, dx: { expr: 'datum.v < 0 ? -4 : 4' }, baseline: 'middle' }
        : { type: 'text', align: 'center', baseline: { expr: "datum.v < 0 ? 'top' : 'bottom'" }, dy: { expr: 'datum.v < 0 ? 3 : -3' } },
      encoding: { ...enc, text: { field: 't' }, color: { value: TEXT } },
    };
    const zero = { data: { values: [{}] }, mark: { type: 'rule', color: MUTED, strokeWidth: 1 }, encoding: horizontal ? { x: { datum: 0 } } : { y: { datum: 0 } } };
    return {
      ...base,
      ...size,
      layer: [
        { mark: { type: 'bar', invalid: 'filter' }, encoding: { ...enc, color: fill } },
        ...(labels ? [label] : []),
        zero,
      ],
    } as vl.TopLevelSpec;
  }

  // line
  const x = { field: 'c', type: 'ordinal', sort: chart.categories, axis: { title: null, labelAngle: 0, domainColor: MUTED }, scale: { paddingInner: 1, paddingOuter: 0.3 } };
  const y = { field: 'v', type: 'quantitative', axis: { title: chart.unit || null, format: AXIS_FORMAT, grid: true, tickCount: 6, domain: false, ticks: false, labelFlush: false }, scale: { zero: false, nice: true } };
  const line = {
    mark: { type: 'line', strokeWidth: 2.5, point: { filled: true, size: 40 }, ...(multi ? {} : { color: POSITIVE }) },
    encoding: { x, y, ...(multi ? { color: colour } : {}) },
  };
  const layers: unknown[] = [line];
  if (chart.target != null && Number.isFinite(chart.target)) {
    const target = chart.target;
    layers.push({ data: { values: [{}] }, mark: { type: 'rule', color: TARGET, strokeWidth: 1.5, strokeDash: [6, 4] }, encoding: { y: { datum: target, type: 'quantitative' } } });
    layers.push({
      data: { values: [{}] },
      mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, x: PLOT_WIDTH, fontWeight: 'normal', fill: TARGET },
      encoding: { y: { datum: target, type: 'quantitative' }, text: { value: `Mål ${formatWithUnit(target, chart.unit, decimalsOf([target]))}` } },
    });
  }
  return { ...base, width: PLOT_WIDTH, height: PLOT_HEIGHT, layer: layers } as vl.TopLevelSpec;
}

/** Vega internals this module relies on (covered by the sync = async test). */
interface HeadlessView {
  _viewWidth: number;
  _viewHeight: number;
}
interface SvgStringRenderer {
  initialize(el: null, width: number, height: number, origin: [number, number], scaleFactor: number): SvgStringRenderer;
  background(colour: unknown): SvgStringRenderer;
  render(scene: unknown): SvgStringRenderer;
  svg(): string;
}
interface VegaExtras {
  textMetrics: { width: (item: { fontSize?: number; fontWeight?: string | number }, text: string) => number };
  SVGStringRenderer: new (loader: unknown) => SvgStringRenderer;
}
const extras = vega as unknown as VegaExtras;

function measure(item: { fontSize?: number; fontWeight?: string | number }, text: string): number {
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
  return textWidth(String(text ?? ''), size, bold);
}

/** Runs `fn` with our text metrics installed in Vega (restored afterwards; `fn` must be synchronous). */
function withMetrics<T>(fn: () => T): T {
  const previous = extras.textMetrics.width;
  extras.textMetrics.width = measure;
  try {
    return fn();
  } finally {
    extras.textMetrics.width = previous;
  }
}

interface Problems {
  errors: string[];
}

function compileChart(chart: Chart, problems: Problems, layout: ChartLayout = {}): vega.Spec {
  const logger = {
    level: () => logger,
    error: (...a: unknown[]) => (problems.errors.push(a.map(String).join(' ')), logger),
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
  };
  return vl.compile(chartSpec(chart, layout), { logger: logger as never }).spec;
}

function newView(spec: vega.Spec, problems: Problems): vega.View {
  const logger = {
    level: () => logger,
    error: (...a: unknown[]) => (problems.errors.push(a.map(String).join(' ')), logger),
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
  };
  return new vega.View(vega.parse(spec), { renderer: 'none', logger: logger as never, logLevel: vega.Error });
}

const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));

/**
 * Vega's SVG made ours: inner role/aria attributes removed, the root named by the Swedish
 * description, a `<title>` with the same text for viewers of the bare SVG file.
 */
function finish(svg: string, chart: Chart): string {
  const label = escapeXml(chart.description || chart.title);
  const body = svg.replace(/\s(?:role|aria-[a-z]+)="[^"]*"/g, '');
  return body.replace(/^<svg([^>]*)>/, (_m, attrs: string) => `<svg${attrs} role="img" aria-label="${label}"><title>${label}</title>`);
}

function fail(chart: Chart, problems: Problems): never {
  throw new PrognosError('INTERNAL', `diagrammet ${chart.id} kunde inte ritas: ${problems.errors.join('; ')}`);
}

/** The chart as a standalone SVG document fragment (synchronous; see the module comment). */
export function chartSvg(chart: Chart, layout: ChartLayout = {}): string {
  const problems: Problems = { errors: [] };
  const svg = withMetrics(() => {
    const view = newView(compileChart(chart, problems, layout), problems);
    view.run();
    const internals = view as unknown as HeadlessView;
    const pad = view.padding() as { left: number; right: number; top: number; bottom: number };
    const origin = view.origin();
    const width = Math.max(0, internals._viewWidth + pad.left + pad.right);
    const height = Math.max(0, internals._viewHeight + pad.top + pad.bottom);
    const renderer = new extras.SVGStringRenderer(view.loader());
    const text = renderer
      .initialize(null, width, height, [pad.left + origin[0], pad.top + origin[1]], 1)
      .background(view.background())
      .render((view.scenegraph() as unknown as { root: unknown }).root)
      .svg();
    view.finalize();
    return text;
  });
  if (problems.errors.length || !svg) fail(chart, problems);
  return finish(svg, chart);
}

/** The same SVG through Vega's public async `toSVG()`: the reference `chartSvg` is tested against. */
export async function chartSvgAsync(chart: Chart): Promise<string> {
  const problems: Problems = { errors: [] };
  const previous = extras.textMetrics.width;
  extras.textMetrics.width = measure;
  let svg: string;
  try {
    const view = newView(compileChart(chart, problems), problems);
    svg = await view.toSVG();
    view.finalize();
  } finally {
    extras.textMetrics.width = previous;
  }
  if (problems.errors.length || !svg) fail(chart, problems);
  return finish(svg, chart);
}

/** The chart as a PNG `widthPx` wide (white background), for formats that need a raster image. */
export function chartPng(chart: Chart, widthPx: number): Buffer {
  if (!Number.isInteger(widthPx) || widthPx < 16 || widthPx > 8000) throw new PrognosError('BAD_INPUT', `ogiltig bildbredd ${widthPx}`, { field: 'width' });
  const resvg = new Resvg(chartSvg(chart), {
    fitTo: { mode: 'width', value: widthPx },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
