import { describe, expect, it } from 'vitest';
import { attr, html, raw } from './html.ts';
import { actualToDateLabel, formatDateTime, formatPercent, formatTkr, oreToTkr, parseTkr, sentence } from './format.ts';
import { previewHtml } from './markdown.ts';

describe('html templates', () => {
  it('escape every interpolated value and let only Html through', () => {
    const user = `<img src=x onerror="alert('x')">&`;
    expect(html`<p title="${user}">${user}</p>`.value).toBe('<p title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;">&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;</p>');
    expect(html`<ul>${['a<', html`<li>b</li>`, null, undefined, false, 3]}</ul>`.value).toBe('<ul>a&lt;<li>b</li>3</ul>');
    expect(html`${raw('<svg></svg>')}`.value).toBe('<svg></svg>');
    expect(html`<input${attr('value', '"x"')}${attr('required', true)}${attr('hidden', false)}>`.value).toBe('<input value="&quot;x&quot;" required>');
  });
});

describe('amounts as typed and shown', () => {
  it('reads tkr as people type them, exactly, into öre', () => {
    expect(parseTkr('-12 500')).toEqual({ ok: true, ore: -1_250_000_000n });
    expect(parseTkr('\u221212\u00a0500')).toEqual({ ok: true, ore: -1_250_000_000n });
    expect(parseTkr(' 350,5 ')).toEqual({ ok: true, ore: 35_050_000n });
    expect(parseTkr('+0.001')).toEqual({ ok: true, ore: 100n });
    expect(parseTkr('')).toEqual({ ok: true, ore: null });
    for (const bad of ['12,5000', '12.500', '1e5', '12 5 0 -', 'tolv', '--5', '1 234 567 890 123 456']) expect(parseTkr(bad).ok, bad).toBe(false);
  });

  it('prints tkr in the house style, rounding öre half away from zero as the reports do', () => {
    expect(formatTkr(-12417)).toBe('-12\u00a0417');
    expect(formatTkr(null)).toBe('');
    expect(oreToTkr(-50_000n)).toBe(-1);
    expect(oreToTkr(49_999n)).toBe(0);
    expect(formatPercent(3.8)).toBe('3,8\u00a0%');
    expect(formatPercent(76)).toBe('76\u00a0%');
  });

  it('writes dates in Swedish time and labels the months to date', () => {
    expect(formatDateTime('2024-04-12T12:05:00Z')).toBe('2024-04-12 14:05');
    expect(formatDateTime('2024-01-12T12:05:00Z')).toBe('2024-01-12 13:05');
    expect(actualToDateLabel(3)).toBe('Utfall jan–mar');
    expect(actualToDateLabel(1)).toBe('Utfall jan');
    expect(sentence('fel användarnamn eller lösenord')).toBe('Fel användarnamn eller lösenord.');
  });
});

describe('the narrative preview', () => {
  it('shows paragraphs, lists, bold and italic as the report does, and everything else as text', () => {
    expect(previewHtml('Prognosen är **osäker** och *preliminär*.\n\n- personal\n- lokaler <b>\n\n<script>alert(1)</script>')).toBe(
      '<p>Prognosen är <strong>osäker</strong> och <em>preliminär</em>.</p>\n<ul><li>personal</li><li>lokaler &lt;b&gt;</li></ul>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
    expect(previewHtml('**<img src=x onerror=alert(1)>**')).toBe('<p><strong>&lt;img src=x onerror=alert(1)&gt;</strong></p>');
    expect(previewHtml('  \n\n ')).toBe('');
  });
});
