import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/**
 * The technical environment summary as a PDF, laid out from its Markdown (headings, tables as lines,
 * bullets, paragraphs) with embedded Noto fonts, so customer names in any script a customer may use print as
 * written: Noto Sans for Latin (all accents), Greek and Cyrillic, Noto Sans SC for Chinese and Japanese kanji
 * and kana. Each run of text is set in the first font that has its characters (pdfkit does no fallback of
 * its own), and fonts are embedded as subsets, so the file stays small. Under the title the gauge chart (or,
 * without charts, a drawn score bar); under "API usage" the 30-day chart.
 */

const require = createRequire(import.meta.url);
const FONTS = {
  latin: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  latinBold: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
  cjk: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  cjkBold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};

/** Han, kana, CJK punctuation and full-width forms: set in the CJK font. */
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/u;

/** Splits text into runs that one font can set: `cjk` true for CJK characters. */
export function fontRuns(text: string): { text: string; cjk: boolean }[] {
  const runs: { text: string; cjk: boolean }[] = [];
  for (const ch of text) {
    const cjk = CJK.test(ch);
    const last = runs.at(-1);
    if (last && last.cjk === cjk) last.text += ch;
    else runs.push({ text: ch, cjk });
  }
  return runs;
}

/** Markdown escapes and emphasis removed: what a reader sees. */
const plain = (s: string) => s.replace(/\*\*(.+?)\*\*/g, '$1').replace(/\\([\\`*_[\]<>#|])/g, '$1');

export function environmentPdf(
  markdown: string,
  opts: { title: string; score: number | null; charts?: { gauge: Buffer; usage: Buffer | null } },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: opts.title, Author: 'TechHealth' } });
    doc.registerFont('latin', FONTS.latin);
    doc.registerFont('latin-bold', FONTS.latinBold);
    doc.registerFont('cjk', FONTS.cjk);
    doc.registerFont('cjk-bold', FONTS.cjkBold);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const write = (text: string, size: number, bold = false, indent = 0) => {
      const runs = fontRuns(plain(text));
      if (runs.length === 0) return void doc.moveDown(0.4);
      runs.forEach((r, i) => {
        const font = `${r.cjk ? 'cjk' : 'latin'}${bold ? '-bold' : ''}`;
        doc
          .font(font)
          .fontSize(size)
          .text(r.text, { continued: i < runs.length - 1, indent: i === 0 ? indent : 0 });
      });
    };
    let first = true;
    for (const line of markdown.split('\n')) {
      const heading = /^(#{1,3})\s+(.*)$/.exec(line);
      if (heading) {
        doc.moveDown(0.5);
        write(heading[2], [20, 15, 12][heading[1].length - 1], true);
        if (first) {
          if (opts.charts) chart(doc, opts.charts.gauge, 200);
          else gauge(doc, opts.score);
        }
        if (heading[2] === 'API usage' && opts.charts?.usage) chart(doc, opts.charts.usage, 460);
        first = false;
        doc.moveDown(0.3);
      } else if (/^\|(\s*-+\s*\|)+$/.test(line.trim())) {
        // A table's separator row.
      } else if (line.trim().startsWith('|')) {
        const cells = line
          .trim()
          .slice(1, -1)
          .split(/(?<!\\)\|/)
          .map((c) => c.trim());
        write(cells.join('  ·  '), 9.5);
      } else if (/^\s*-\s+/.test(line)) {
        write(`•  ${line.replace(/^\s*-\s+/, '')}`, 10, false, line.startsWith('  ') ? 30 : 15);
      } else if (line.trim() === '' || line.trim() === '---') {
        doc.moveDown(0.4);
      } else {
        write(line, 10);
      }
    }
    doc.end();
  });
}

/** A PNG chart `width` points wide at the cursor, on a new page when it does not fit. */
function chart(doc: PDFKit.PDFDocument, png: Buffer, width: number): void {
  // pdfkit's typings omit openImage: it reads the PNG's size so the page break can be decided first.
  const image = (doc as unknown as { openImage(b: Buffer): { width: number; height: number } }).openImage(png);
  const height = (image.height / image.width) * width;
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const x = doc.page.margins.left;
  const y = doc.y + 4;
  doc.image(image as unknown as Buffer, x, y, { width });
  doc.x = x;
  doc.y = y + height + 6;
}

/** A horizontal gauge of the technical health score (red < 60 ≤ amber < 80 ≤ green); a grey bar when unknown. */
function gauge(doc: PDFKit.PDFDocument, score: number | null): void {
  const x = doc.page.margins.left;
  const y = doc.y + 6;
  const width = 300;
  doc.save().roundedRect(x, y, width, 12, 6).fill('#e5e7eb');
  if (score !== null) {
    const color = score >= 80 ? '#16a34a' : score >= 60 ? '#d97706' : '#dc2626';
    doc.roundedRect(x, y, Math.max(12, (width * score) / 100), 12, 6).fill(color);
  }
  doc.restore();
  doc
    .font('latin-bold')
    .fontSize(10)
    .fillColor('black')
    .text(score === null ? 'not reported' : `${score}/100`, x + width + 10, y, { lineBreak: false });
  doc.x = x;
  doc.y = y + 20;
}
