// Small progressive enhancements; every page works without this file.

// Wide tables on a phone: each cell gets the label of its column, and the table turns into one card per row
// below 576 px (see .table-stack in site.css). Tables with grouped headers are left as they are.
function labelTableCells(root) {
  root.querySelectorAll("table.table:not([data-no-stack])").forEach((table) => {
    const headRows = table.tHead ? table.tHead.rows : [];
    if (headRows.length !== 1) return;
    const labels = [];
    for (const cell of headRows[0].cells) {
      for (let i = 0; i < cell.colSpan; i += 1) labels.push(cell.colSpan === 1 ? cell.textContent.trim() : "");
    }
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          const label = cell.colSpan === 1 ? labels[column] : "";
          if (label) cell.setAttribute("data-label", label);
          column += cell.colSpan;
        }
      }
    }
    table.classList.add("table-stack");
  });
}

document.addEventListener("DOMContentLoaded", () => labelTableCells(document));

document.addEventListener("htmx:afterSwap", (event) => {
  labelTableCells(document);
  // Announce result counts of live searches to screen readers.
  const status = event.detail.target.querySelector("[data-live-status]");
  if (status) status.setAttribute("role", "status");
});

// A table wider than the screen scrolls inside its wrapper. The wrapper then takes keyboard focus, so that the
// table can be scrolled without a mouse (WCAG 2.1.1), and is named after the table's caption; when the table fits
// again, it is no longer a stop for the Tab key.
function markScrollRegions(root) {
  root.querySelectorAll(".table-responsive").forEach((region) => {
    const scrolls = region.scrollWidth > region.clientWidth + 1;
    if (scrolls && !region.hasAttribute("tabindex")) {
      region.setAttribute("tabindex", "0");
      region.dataset.scrollRegion = "on";
      const caption = region.querySelector("caption");
      if (caption && !region.hasAttribute("aria-label")) {
        region.setAttribute("role", "region");
        region.setAttribute("aria-label", caption.textContent.trim());
        region.dataset.scrollRegion = "named";
      }
    } else if (!scrolls && region.dataset.scrollRegion) {
      region.removeAttribute("tabindex");
      if (region.dataset.scrollRegion === "named") {
        region.removeAttribute("role");
        region.removeAttribute("aria-label");
      }
      delete region.dataset.scrollRegion;
    }
  });
}
markScrollRegions(document);
window.addEventListener("resize", () => markScrollRegions(document));
document.addEventListener("htmx:afterSwap", (event) => markScrollRegions(event.detail.target));
