// Frontdesk console: small progressive enhancements. Everything works without them.
(() => {
  const root = document.documentElement;
  const prefersDark = () => window.matchMedia("(prefers-color-scheme: dark)").matches;
  const currentTheme = () => root.dataset.theme || (prefersDark() ? "dark" : "light");

  function syncThemeButtons() {
    for (const b of document.querySelectorAll("[data-theme-toggle]")) {
      b.setAttribute("aria-pressed", String(currentTheme() === "dark"));
    }
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const toggle = target?.closest("[data-theme-toggle]");
    if (toggle) {
      const next = currentTheme() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      // biome-ignore lint/suspicious/noDocumentCookie: the server reads the theme from it, so pages render without a flash
      document.cookie = `fd_theme=${next}; path=/; max-age=31536000; samesite=lax`;
      syncThemeButtons();
      return;
    }
    const copy = target?.closest("[data-copy]");
    if (copy) {
      const source = document.getElementById(copy.getAttribute("data-copy"));
      if (!source) return;
      navigator.clipboard?.writeText(source.textContent.trim()).then(() => {
        const label = copy.textContent;
        copy.textContent = copy.getAttribute("data-copied") || label;
        setTimeout(() => {
          copy.textContent = label;
        }, 1500);
      });
    }
  });

  document.addEventListener("change", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLElement)) return;
    if (target.matches("select[data-autosubmit]")) target.form?.requestSubmit();
    // "Select all" ticks every row's checkbox of that name.
    const group = target.getAttribute("data-select-all");
    if (group && target instanceof HTMLInputElement) {
      for (const box of document.querySelectorAll(`input[type=checkbox][name="${group}"]`)) {
        box.checked = target.checked;
      }
    }
    // Choosing a staff member for a row selects that row for "Map selected hosts".
    const row = target.closest("tr");
    if (target instanceof HTMLSelectElement && target.name.startsWith("staff-") && row) {
      const box = row.querySelector("input[type=checkbox][name=host]");
      if (box) box.checked = target.value !== "";
    }
  });

  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", syncThemeButtons);
  document.addEventListener("DOMContentLoaded", () => {
    root.classList.add("js");
    syncThemeButtons();
  });
})();
