/**
 * Reads the named destinations of a PDF written by Chromium (Skia): the page each link target
 * (an element id the contents link to) stands on. Skia writes plain, uncompressed objects (no
 * object streams), a `/Dests` dictionary in the catalog and a page tree of `/Kids`, so a small
 * reader over the file's bytes is enough; it is checked against poppler's `pdfinfo -dests`.
 */

/** The text of object `n 0 obj … endobj`, or '' when the file has none. */
function object(pdf: string, n: number): string {
  const re = new RegExp(`(?:^|[\\r\\n])${n} 0 obj\\b([\\s\\S]*?)endobj`);
  return re.exec(pdf)?.[1] ?? '';
}

/**
 * A destination name as the element id it targets: PDF `#xx` escapes are bytes, and Chromium
 * writes the id URL-encoded (`enheter-%C3%B6kl` for `enheter-ökl`).
 */
function decodeName(raw: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '#' && /^[0-9A-Fa-f]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(raw.charCodeAt(i) & 0xff);
  }
  const name = Buffer.from(bytes).toString('utf8');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Page object numbers in page order, walking the page tree from its root. */
function pageObjects(pdf: string, root: number, depth = 0): number[] {
  const node = object(pdf, root);
  if (depth > 32) return [];
  if (/\/Type\s*\/Page\b(?!s)/.test(node)) return [root];
  const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node)?.[1] ?? '';
  return [...kids.matchAll(/(\d+)\s+0\s+R/g)].flatMap((m) => pageObjects(pdf, Number(m[1]), depth + 1));
}

/** Page (1-based) of every named destination of the PDF. */
export function destinationPages(file: Buffer): Map<string, number> {
  const pdf = file.toString('latin1');
  const catalog = /\/Type\s*\/Catalog\b[\s\S]*?>>\s*endobj/.exec(pdf)?.[0] ?? '';
  const pagesRoot = /\/Pages\s+(\d+)\s+0\s+R/.exec(catalog)?.[1];
  const destsRef = /\/Dests\s+(\d+)\s+0\s+R/.exec(catalog)?.[1];
  const result = new Map<string, number>();
  if (!pagesRoot || !destsRef) return result;
  const pages = pageObjects(pdf, Number(pagesRoot));
  const index = new Map(pages.map((obj, i) => [obj, i + 1]));
  const dests = object(pdf, Number(destsRef));
  for (const m of dests.matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+)\s+0\s+R/g)) {
    const page = index.get(Number(m[2]));
    if (page !== undefined) result.set(decodeName(m[1]!), page);
  }
  return result;
}
