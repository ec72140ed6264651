// Small progressive enhancements; every page works without this file.
document.addEventListener("htmx:afterSwap", (event) => {
  // Announce result counts of live searches to screen readers.
  const status = event.detail.target.querySelector("[data-live-status]");
  if (status) status.setAttribute("role", "status");
});
