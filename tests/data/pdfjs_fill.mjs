// Fill a PDF as Firefox does, then save it: node pdfjs_fill.mjs SRC DST VALUES.json PATH/TO/pdfjs-dist
// VALUES.json maps a text field to its text, a radio group to the export value of the option to select.
import fs from "fs";
import path from "path";
import { pathToFileURL } from "url";

const [src, dst, spec, dist] = process.argv.slice(2);
const pdfjs = await import(pathToFileURL(path.join(dist, "legacy/build/pdf.mjs")).href);
const values = JSON.parse(fs.readFileSync(spec, "utf-8"));
const data = new Uint8Array(fs.readFileSync(src));
const doc = await pdfjs.getDocument({
  data, verbosity: 0, standardFontDataUrl: path.join(dist, "standard_fonts") + path.sep,
}).promise;
const seen = new Set();
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  for (const a of await page.getAnnotations()) {
    if (a.subtype !== "Widget" || !(a.fieldName in values)) continue;
    const value = values[a.fieldName];
    if (a.radioButton) {
      if (a.buttonValue === value) { doc.annotationStorage.setValue(a.id, { value: true }); seen.add(a.fieldName); }
    } else {
      doc.annotationStorage.setValue(a.id, { value }); seen.add(a.fieldName);
    }
  }
}
const missing = Object.keys(values).filter((k) => !seen.has(k));
if (missing.length) { console.error(`pdf.js found no widget for ${missing.join(", ")}`); process.exit(3); }
fs.writeFileSync(dst, await doc.saveDocument());
