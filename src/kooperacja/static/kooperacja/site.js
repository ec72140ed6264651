// Small progressive enhancements; every page works without this file.
document.addEventListener("htmx:afterSwap", (event) => {
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
