/*
 * feed.js: the live feed beside the map, an st.components.v2 module (dashboard/feed_view.py).
 *
 * data.cards: one card per event (dashboard/feed.py: page_data), newest first, each naming its
 * kind's pictogram by index in data.icons (SVG path data, drawn by us). Every text in a card
 * comes from articles and is set with textContent only, never as HTML; a source is a link
 * only when its URL is plain http(s) (checked on the server and again here). Picking a card
 * (click, Enter or Space) sends its key as the trigger value "picked".
 * Written for this project (MIT, like the project).
 */
const COLOUR = /^#[0-9a-f]{6}$/i;
const HTTP = /^https?:\/\//i;
const PATH_DATA = /^[MLHVCAZ0-9., -]+$/i; // a kind's pictogram: plain SVG path data only
const SVG_NS = "http://www.w3.org/2000/svg";

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null && text !== "") node.textContent = String(text);
  if (cls) node.className = cls;
  return node;
}

/* The kind's pictogram (an SVG path from the server), set as an attribute, never as markup. */
function pictogram(d) {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", d);
  path.setAttribute("fill-rule", "evenodd");
  svg.appendChild(path);
  return svg;
}

function cardNode(card, icons, pick) {
  const item = el("li", null, "card" + (card.fresh ? " fresh" : ""));
  item.tabIndex = 0;
  item.setAttribute("role", "button");
  item.dataset.key = String(card.key);
  item.title = "Show on the map: " + card.place;
  const meta = el("div", null, "meta");
  const dot = el("span", null, "dot");
  if (COLOUR.test(card.colour)) dot.style.background = card.colour;
  const icon = icons[card.icon];
  if (typeof icon === "string" && PATH_DATA.test(icon)) dot.appendChild(pictogram(icon));
  meta.appendChild(dot);
  meta.appendChild(el("span", card.kind, "kind"));
  meta.appendChild(el("span", card.when, "when"));
  if (card.fresh) meta.appendChild(el("span", "new", "badge"));
  item.appendChild(meta);
  const place = el("div", card.place, "place");
  if (card.country) place.appendChild(el("span", " (" + card.country + ")", "country"));
  item.appendChild(place);
  const text = el("div", card.text, "text");
  text.title = card.text;
  item.appendChild(text);
  const foot = el("div", null, "foot");
  if (card.casualties) foot.appendChild(el("span", card.casualties, "casualties"));
  if (card.url && HTTP.test(card.url)) {
    const link = el("a", card.source, "source");
    link.href = card.url;
    link.target = "_blank";
    link.rel = "noopener noreferrer nofollow";
    link.addEventListener("click", (e) => e.stopPropagation()); // opens the article only
    foot.appendChild(link);
  } else {
    foot.appendChild(el("span", card.source, "source"));
  }
  if (card.reports > 1) foot.appendChild(el("span", card.reports + " articles", "reports"));
  item.appendChild(foot);
  item.addEventListener("click", () => pick(card.key));
  item.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      pick(card.key);
    }
  });
  return item;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let list = parentElement.querySelector("ol.newsmap-feed");
  if (!list) {
    list = el("ol", null, "newsmap-feed");
    parentElement.appendChild(list);
  }
  const cards = (data && Array.isArray(data.cards)) ? data.cards : [];
  const icons = (data && Array.isArray(data.icons)) ? data.icons : [];
  const pick = (key) => setTriggerValue("picked", String(key));
  list.replaceChildren(...cards.map((card) => cardNode(card, icons, pick)));
  list.setAttribute("aria-label", "Latest events");
}
