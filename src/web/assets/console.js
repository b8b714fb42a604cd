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

  // A scrolling bar (the tabs on a phone) says on which side more is hidden: data-more="start end".
  function markOverflow(bar) {
    const start = bar.scrollLeft > 1;
    const end = bar.scrollLeft + bar.clientWidth < bar.scrollWidth - 1;
    bar.dataset.more = [start && "start", end && "end"].filter(Boolean).join(" ");
  }
  const markAll = () => {
    for (const bar of document.querySelectorAll("[data-scroll-hint]")) markOverflow(bar);
  };
  document.addEventListener(
    "scroll",
    (event) => {
      if (event.target instanceof HTMLElement && event.target.matches("[data-scroll-hint]"))
        markOverflow(event.target);
    },
    true,
  );
  window.addEventListener("resize", markAll);

  // Mapping board: a host card dropped on a free staff member chooses that staff member in the
  // card's own form and submits it, so dragging posts exactly what the keyboard path posts.
  const dropZone = (event) =>
    event.target instanceof Element ? event.target.closest("[data-drop-staff]") : null;
  document.addEventListener("dragstart", (event) => {
    const card = event.target instanceof Element ? event.target.closest("[data-drag-host]") : null;
    if (!card || !event.dataTransfer) return;
    event.dataTransfer.setData("text/plain", card.id);
    event.dataTransfer.effectAllowed = "move";
    card.classList.add("dragging");
  });
  document.addEventListener("dragend", () => {
    for (const el of document.querySelectorAll(".dragging, .drop-over")) {
      el.classList.remove("dragging", "drop-over");
    }
  });
  document.addEventListener("dragover", (event) => {
    const zone = dropZone(event);
    if (!zone) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = "move";
    zone.classList.add("drop-over");
  });
  document.addEventListener("dragleave", (event) => {
    const zone = dropZone(event);
    if (zone && !zone.contains(event.relatedTarget)) zone.classList.remove("drop-over");
  });
  document.addEventListener("drop", (event) => {
    const zone = dropZone(event);
    if (!zone || !event.dataTransfer) return;
    event.preventDefault();
    zone.classList.remove("drop-over");
    const card = document.getElementById(event.dataTransfer.getData("text/plain"));
    const form = card?.querySelector("form[data-board-map]");
    const select = form?.querySelector("select[name=staffId]");
    if (!form || !select) return;
    select.value = zone.getAttribute("data-drop-staff");
    form.requestSubmit();
  });

  // A live refresh (the server said the data changed) keeps what the user was choosing there,
  // and the very elements whose data-live-key did not change.
  let kept = null;
  document.addEventListener("htmx:beforeSwap", (event) => {
    const elt = event.detail.elt;
    if (!(elt instanceof Element) || !elt.getAttribute("hx-trigger")?.startsWith("sse:")) return;
    kept = {
      keyed: new Map([...elt.querySelectorAll("[id][data-live-key]")].map((el) => [el.id, el])),
      checked: [...elt.querySelectorAll("input[type=checkbox]:checked")].map((b) => [
        b.name,
        b.value,
      ]),
      chosen: [...elt.querySelectorAll("select[id]")]
        .filter((s) => s.value)
        .map((s) => [s.id, s.value]),
    };
  });
  document.addEventListener("htmx:afterSwap", () => {
    for (const el of kept ? document.querySelectorAll("[id][data-live-key]") : []) {
      const old = kept.keyed.get(el.id);
      if (old && old.dataset.liveKey === el.dataset.liveKey) {
        el.replaceWith(old);
        // htmx let go of it when it left the page: its forms work again once processed.
        htmx.process(old);
      }
    }
  });
  document.addEventListener("htmx:afterSettle", () => {
    if (!kept) return;
    for (const [id, value] of kept.chosen) {
      const select = document.getElementById(id);
      if (select && [...select.options].some((o) => o.value === value)) select.value = value;
    }
    for (const [name, value] of kept.checked) {
      for (const box of document.querySelectorAll("input[type=checkbox]")) {
        if (box.name === name && box.value === value) box.checked = true;
      }
    }
    kept = null;
  });

  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", syncThemeButtons);
  document.addEventListener("DOMContentLoaded", () => {
    root.classList.add("js");
    syncThemeButtons();
    markAll();
  });
})();
