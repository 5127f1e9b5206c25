// Gương sáng search page: Pagefind loaded on demand, only the index fragments a query needs.
// Queries are NFC-normalised; "đ" matching "d" is handled at indexing time (see search.py).
const root = document.querySelector("[data-gs-search]");
if (root) {
  const base = new URL(root.dataset.base || "./", location.href);
  const form = root.querySelector("form");
  const input = root.querySelector("input[name=q]");
  const selects = [...root.querySelectorAll("select")];
  const status = root.querySelector(".gs-search__status");
  const list = root.querySelector(".gs-search__results");
  const more = root.querySelector(".gs-search__more");
  const PAGE = 10;
  // Filters are words in the index (see search.py): field=agriculture → "gsfagriculture".
  const LETTER = { field: "f", campaign: "c", locality: "l", year: "y", kind: "k" };
  const token = (name, value) => `gs${LETTER[name]}${value.toLowerCase().replace(/[^a-z0-9]/g, "")}`;
  let pagefind = null;
  let results = [];
  let shown = 0;
  let seq = 0;

  const load = async () => {
    if (!pagefind && window.gsPagefind) {
      // Started by the page's <head> when the address had a query (see search.py).
      pagefind = await window.gsPagefind;
    } else if (!pagefind) {
      pagefind = await import(new URL("pagefind/pagefind.js", base).href);
      // No web worker: one small query is quicker on the main thread than a worker's own
      // 40 KB script and start-up, on a cheap phone as on a laptop.
      await pagefind.options({ baseUrl: base.pathname, noWorker: true });
    }
    return pagefind;
  };

  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  };

  const link = (url) => new URL(url.replace(/^\/+/, "").replace(base.pathname.slice(1), ""), base).href;

  const render = async () => {
    const mine = seq;
    const batch = await Promise.all(results.slice(shown, shown + PAGE).map((r) => r.data()));
    if (mine !== seq) return;
    for (const d of batch) {
      const m = d.meta || {};
      const li = el("li", "gs-result");
      if (m.image) {
        const img = el("img", "gs-result__img");
        img.src = new URL(m.image, base).href;
        img.alt = m.image_alt || "";
        img.loading = "lazy";
        img.width = 96;
        img.height = 64;
        li.append(img);
      } else {
        li.append(el("span", "gs-result__img gs-result__img--none"));
      }
      const body = el("div", "gs-result__body");
      const h = el("h2", "gs-result__title");
      // The page's address is its `url` metadata (Pagefind's documented override): the
      // indexer reads one flat file per record, named after it.
      const url = m.url || d.url;
      const a = el("a", null, m.title || url);
      a.href = link(url);
      h.append(a);
      body.append(h);
      const facts = [m.kind, m.field, m.locality, m.year].filter(Boolean).join(" · ");
      if (facts) body.append(el("p", "gs-result__meta", facts));
      if (m.summary) body.append(el("p", "gs-result__summary", m.summary));
      li.append(body);
      list.append(li);
    }
    shown += batch.length;
    more.hidden = shown >= results.length;
  };

  const run = async () => {
    const q = input.value.normalize("NFC").trim();
    const filters = {};
    for (const s of selects) if (s.value) filters[s.name] = s.value;
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    for (const [k, v] of Object.entries(filters)) params.set(k, v);
    history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
    const mine = ++seq;
    root.dataset.state = "busy";
    list.replaceChildren();
    more.hidden = true;
    shown = 0;
    if (!q && !Object.keys(filters).length) {
      results = [];
      status.textContent = "";
      root.dataset.state = "done";
      return;
    }
    status.textContent = "Đang tìm…";
    const pf = await load();
    const words = Object.entries(filters).map(([k, v]) => token(k, v));
    const search = await pf.search([q, ...words].filter(Boolean).join(" "));
    if (mine !== seq) return;
    results = search.results;
    status.textContent = results.length
      ? `${results.length} kết quả${q ? ` cho “${q}”` : ""}`
      : `Không tìm thấy kết quả${q ? ` cho “${q}”` : ""}. Thử gõ ít từ hơn hoặc bỏ bớt bộ lọc.`;
    await render();
    if (mine === seq) root.dataset.state = "done";
  };

  let timer;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 250); });
  for (const s of selects) s.addEventListener("change", run);
  form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); run(); });
  more.addEventListener("click", render);

  // Warm up (WebAssembly, index entry) while the reader is still typing.
  input.addEventListener("focus", () => load().then((pf) => pf.init()), { once: true });

  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const s of selects) s.value = params.get(s.name) || "";
  if (selects.some((s) => s.value)) root.querySelector("details").open = true;
  if (input.value || selects.some((s) => s.value)) run();
}
