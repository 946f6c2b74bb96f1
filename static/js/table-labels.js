// Labels each cell of the portal's tables with its column's header (data-label), for the
// narrow layout in which each row is a card (portal.scss): a cell the template labelled
// keeps its label. Because that layout shows the table as blocks, which some browsers no
// longer announce as a table, the table, its rows and cells are given their roles too.
const skip = ".app-pack-dataset, .app-pack-cards";

function headersOf(table) {
  const row = table.tHead ? table.tHead.rows[table.tHead.rows.length - 1] : null;
  const headers = [];
  if (!row) return headers;
  for (const cell of row.cells) {
    for (let span = 0; span < (cell.colSpan || 1); span += 1) {
      headers.push(span === 0 ? cell.textContent.replace(/\s*\(sort\)\s*$/, "").trim() : "");
    }
  }
  return headers;
}

function label(table) {
  const headers = headersOf(table);
  table.setAttribute("role", "table");
  for (const group of [table.tHead, ...table.tBodies, table.tFoot]) {
    if (!group) continue;
    group.setAttribute("role", "rowgroup");
    for (const row of group.rows) {
      row.setAttribute("role", "row");
      let column = 0;
      for (const cell of row.cells) {
        const header = cell.tagName === "TH";
        const scope = cell.getAttribute("scope");
        cell.setAttribute("role", header && scope !== "row" && group === table.tHead
          ? "columnheader" : header ? "rowheader" : "cell");
        if (group !== table.tHead && !cell.hasAttribute("data-label") && headers[column]
            && cell.colSpan < headers.length) {
          cell.setAttribute("data-label", headers[column]);
        }
        column += cell.colSpan || 1;
      }
    }
  }
}

for (const table of document.querySelectorAll("main table.govuk-table")) {
  if (!table.matches(skip)) label(table);
}
