// List the form widgets pdf.js (Firefox's engine) sees: node pdfjs_fields.mjs FILE.pdf PATH/TO/pdfjs-dist
import fs from "fs";
import path from "path";
import { pathToFileURL } from "url";

const pdfjs = await import(pathToFileURL(path.join(process.argv[3], "legacy/build/pdf.mjs")).href);
const data = new Uint8Array(fs.readFileSync(process.argv[2]));
const doc = await pdfjs.getDocument({ data, verbosity: 0 }).promise;
const out = {};
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  for (const a of await page.getAnnotations()) {
    if (a.subtype !== "Widget") continue;
    (out[a.fieldName] ||= []).push({ type: a.fieldType, radio: !!a.radioButton, tip: a.alternativeText ?? "",
      value: a.fieldValue ?? null, export: a.buttonValue ?? null, hasAppearance: !!a.hasAppearance });
  }
}
console.log(JSON.stringify(out));
