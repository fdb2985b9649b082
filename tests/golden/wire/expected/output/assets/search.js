// The search page: Pagefind's index (pagefind/ beside the site) queried from a plain form.
// Words come from ?q= (so the search box in every page's header works without this script);
// filters (section, tag kinds, authors) are select boxes made from the index's own filters.
const form = document.querySelector(".search-form");
const input = document.getElementById("search-query");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const filterBox = document.getElementById("search-filters");
const params = new URLSearchParams(location.search);
let pagefind = null;
let searchId = 0;

function say(text) { status.textContent = text; }

async function load() {
  const base = new URL(form.dataset.index, location.href).href;
  try {
    pagefind = await import(base + "pagefind.js");
  } catch (error) {
    say("Search is not available on this copy of the site.");
    return;
  }
  await pagefind.options({ excerptLength: 24 });
  const own = document.documentElement.lang.split("-")[0].toLowerCase();
  for (const language of form.dataset.languages.split(" ").filter(Boolean)) {
    if (language !== own) await pagefind.mergeIndex(base, { language });  // one search over every language
  }
  await showFilters(await pagefind.filters());
  if (!input.value) input.value = params.get("q") || "";  // not over words typed while the index loaded
  if (input.value || Object.keys(chosenFilters()).length) await run();
}

async function showFilters(filters) {
  for (const name of Object.keys(filters).sort()) {
    const id = "filter-" + name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    const field = document.createElement("div");
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = name;
    const select = document.createElement("select");
    select.id = id;
    select.name = name;
    select.append(new Option("Any", ""));
    for (const value of Object.keys(filters[name]).sort((a, b) => a.localeCompare(b))) {
      select.append(new Option(`${value} (${filters[name][value]})`, value));
    }
    select.value = params.get(name) || "";
    select.addEventListener("change", run);
    field.append(label, select);
    filterBox.append(field);
  }
}

function chosenFilters() {
  const chosen = {};
  for (const select of filterBox.querySelectorAll("select")) {
    if (select.value) chosen[select.name] = select.value;
  }
  return chosen;
}

async function run(event) {
  if (event && event.type === "submit") event.preventDefault();
  if (!pagefind) return;
  const id = ++searchId;
  const query = input.value.trim();
  const filters = chosenFilters();
  const url = new URL(location.href);
  url.search = new URLSearchParams({ ...(query ? { q: query } : {}), ...filters }).toString();
  history.replaceState(null, "", url);
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    say("");
    return;
  }
  say("Searching…");
  const found = await pagefind.search(query || null, { filters, sort: query ? undefined : { date: "desc" } });
  const results = await Promise.all(shown(found.results, query).map((r) => r.data()));
  if (!query) {  // the newest 30 of all languages, newest first
    results.sort((a, b) => (Date.parse(b.meta.datetime) || 0) - (Date.parse(a.meta.datetime) || 0));
    results.splice(30);
  }
  if (id !== searchId) return;  // a newer search has started
  list.replaceChildren(...results.map(item));
  const count = found.results.length;
  say(count === 0 ? "No articles found." : `${count} article${count === 1 ? "" : "s"} found` +
      (count > results.length ? `, showing the first ${results.length}.` : "."));
}

// The results whose pages are fetched: the 30 best for words. Browsing (no words), Pagefind sorts each
// language's index by date and lists one language after the other, so the newest 30 of each language
// (a result's id starts with its language: "en_3fa2c1d") are fetched, to be merged by date.
function shown(results, query) {
  if (query) return results.slice(0, 30);
  const byLanguage = new Map();
  for (const result of results) {
    const language = String(result.id).split("_")[0];
    if (!byLanguage.has(language)) byLanguage.set(language, []);
    if (byLanguage.get(language).length < 30) byLanguage.get(language).push(result);
  }
  return [...byLanguage.values()].flat();
}

function item(data) {
  const li = document.createElement("li");
  const article = document.createElement("article");
  article.className = "teaser";
  const heading = document.createElement("h2");
  heading.className = "teaser-title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  link.dir = "auto";
  heading.append(link);
  const byline = document.createElement("p");
  byline.className = "byline";
  if (data.meta.datetime) {
    const time = document.createElement("time");
    time.dateTime = data.meta.datetime;
    time.textContent = data.meta.date;
    byline.append(time);
  }
  for (const part of [data.meta.section, data.meta.place].filter(Boolean)) {
    const span = document.createElement("span");
    span.dir = "auto";
    span.textContent = part;
    byline.append(" · ", span);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "summary";
  excerpt.dir = "auto";
  excerpt.innerHTML = data.excerpt;  // Pagefind's excerpt: the article's text, escaped, with <mark> around matches
  article.append(heading, byline, excerpt);
  li.append(article);
  return li;
}

form.addEventListener("submit", run);
input.addEventListener("input", () => { clearTimeout(input.timer); input.timer = setTimeout(run, 250); });
load();
