/**
 * Text widths for chart layout without a canvas. Vega measures text with node-canvas when it is
 * installed and otherwise estimates 0.8 em per character, which truncates axis labels far too
 * early. We measure with the advance widths of Arial (= Liberation Sans = Helvetica metrics, in
 * 1/1000 em), widened by 10 % so the layout also holds when the viewer falls back to DejaVu Sans.
 * The same numbers on every machine: the layout, and so the SVG, is deterministic.
 */

const ASCII_WIDTHS: readonly number[] = [
  // 32–47:  space ! " # $ % & ' ( ) * + , - . /
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
  // 48–63:  0–9 : ; < = > ?
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  // 64–79:  @ A–O
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  // 80–95:  P–Z [ \ ] ^ _
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  // 96–111: ` a–o
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
  // 112–126: p–z { | } ~
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/** Latin letters with diacritics measure as their base letter (å → a, Ö → O). */
function baseLetter(ch: string): string {
  return ch.normalize('NFD').charAt(0);
}

const SPECIAL_WIDTHS: Record<string, number> = {
  '\u00a0': 278, // no-break space (thousands separator)
  '\u202f': 278,
  '\u2013': 556, // en dash
  '\u2014': 1000,
  '\u2026': 1000, // ellipsis
  '\u2212': 584, // minus sign
  '\u00e6': 889, // æ
  '\u00c6': 1000, // Æ
  '\u00f8': 611, // ø
  '\u00d8': 778, // Ø
};

const FALLBACK_SAFETY = 1.1;

export function charWidth(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code >= 32 && code <= 126) return ASCII_WIDTHS[code - 32]!;
  const special = SPECIAL_WIDTHS[ch];
  if (special !== undefined) return special;
  const base = baseLetter(ch);
  if (base !== ch && base.charCodeAt(0) >= 32 && base.charCodeAt(0) <= 126) return ASCII_WIDTHS[base.charCodeAt(0) - 32]!;
  return 556;
}

/** Width in pixels of `text` set at `fontSize` px (bold text is about 8 % wider). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let units = 0;
  for (const ch of text) units += charWidth(ch);
  return (units / 1000) * fontSize * FALLBACK_SAFETY * (bold ? 1.08 : 1);
}
