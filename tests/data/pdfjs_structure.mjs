// What pdf.js (Firefox's engine) sees of a tagged form, page by page:
//   node pdfjs_structure.mjs FILE.pdf PATH/TO/pdfjs-dist
// For each page: its widgets (annotation id, field name) and, in structure order, the widgets
// pdf.js links to a Form element (an OBJR directly under it), and the structure roles seen.
import fs from "fs";
import path from "path";
import { pathToFileURL } from "url";

const pdfjs = await import(pathToFileURL(path.join(process.argv[3], "legacy/build/pdf.mjs")).href);
const data = new Uint8Array(fs.readFileSync(process.argv[2]));
const doc = await pdfjs.getDocument({ data, verbosity: 0 }).promise;
const pages = [];
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  const widgets = (await page.getAnnotations()).filter((a) => a.subtype === "Widget").map((a) => [a.id, a.fieldName]);
  const underForm = [];
  const roles = {};
  const walk = (node) => {
    if (node.role) roles[node.role] = (roles[node.role] || 0) + 1;
    for (const kid of node.children || []) {
      if ((kid.type === "annotation" || kid.type === "object") && node.role === "Form") {
        underForm.push(kid.id.replace("pdfjs_internal_id_", ""));
      }
      if (kid.children) walk(kid);
    }
  };
  const tree = await page.getStructTree();
  if (tree) walk(tree);
  pages.push({ widgets, underForm, roles });
}
console.log(JSON.stringify(pages));
