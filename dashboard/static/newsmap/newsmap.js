/*
 * newsmap.js: the dashboard's own small Leaflet layers and controls (needs only Leaflet 1.9).
 *
 * Places and bubbles (server-side clusters), a canvas heat map, a country choropleth, a
 * day-by-day animation, a legend, place names on the offline base, fit-to-events and
 * fullscreen buttons and a mini-map. Text from articles or
 * outlines is only ever set with textContent, never as HTML.
 * Written for this project (MIT, like the project); no code copied from other plugins.
 */
(function (L) {
  "use strict";
  var NM = (L.Newsmap = L.Newsmap || {});

  /* Marks that a data layer has been drawn (tests and the benchmark wait for it). */
  NM.rendered = function (token) {
    window.__newsmap_rendered = token;
    window.__newsmap_renders = (window.__newsmap_renders || 0) + 1;
  };

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  /*
   * A kind's pictogram: an SVG of one path in a 16 px box (the server's, from the kind
   * table's pictograms: events/classify/kind_icons.py), ``size`` px wide. The path is set as an
   * attribute, never parsed as markup, and only when it is plain path data.
   */
  var SVG_NS = "http://www.w3.org/2000/svg";
  var PATH_DATA = /^[MLHVCAZ0-9., -]+$/i;
  NM.pictogram = function (d, size) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", String(size));
    svg.setAttribute("height", String(size));
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", "newsmap-pictogram-svg");
    if (typeof d === "string" && PATH_DATA.test(d)) {
      var path = document.createElementNS(SVG_NS, "path");
      path.setAttribute("d", d);
      path.setAttribute("fill-rule", "evenodd");
      svg.appendChild(path);
    }
    return svg;
  };

  function pane(map, name, zIndex) {
    if (!map.getPane(name)) {
      map.createPane(name).style.zIndex = zIndex;
    }
    return map.getPane(name);
  }

  function count(n) {
    if (n >= 1e6) return (n / 1e6).toFixed(1) + "M";
    if (n >= 1e4) return Math.round(n / 1e3) + "k";
    if (n >= 1e3) return (n / 1e3).toFixed(1) + "k";
    return String(n);
  }

  /* Country outlines: fetched once per page, shared by every layer that draws them. */
  var outlinePromises = {};
  NM.outlines = function (url) {
    if (!outlinePromises[url]) {
      outlinePromises[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      });
    }
    return outlinePromises[url];
  };

  /* A page that carries the outlines inline (the standalone export) preloads them. */
  NM.preload = function (url, data) {
    outlinePromises[url] = Promise.resolve(data);
  };

  /* The outline base layer (filled land) or borders over tiles, below every data layer. */
  NM.outlineLayer = function (url, style, attribution) {
    var layer = L.geoJSON(null, {
      interactive: false,
      pane: "newsmapBase",
      attribution: attribution,
      style: function () {
        return style;
      },
    });
    layer.beforeAdd = function (map) {
      pane(map, "newsmapBase", 250);
    };
    NM.outlines(url)
      .then(function (data) {
        layer.addData(data);
      })
      .catch(function (e) {
        console.warn("country outlines unavailable:", e);
      });
    return layer;
  };

  /* A conic gradient of [colour index, count] parts (colours are the server's, not text). */
  function conic(parts, colours) {
    var total = 0, at = 0, stops = [];
    parts.forEach(function (p) {
      total += p[1];
    });
    if (!total) return "#9ca3af";
    parts.forEach(function (p) {
      var from = (at / total) * 360;
      at += p[1];
      var colour = colours[p[0]] || "#9ca3af";
      stops.push(colour + " " + from.toFixed(1) + "deg " + ((at / total) * 360).toFixed(1) + "deg");
    });
    return "conic-gradient(" + stops.join(", ") + ")";
  }

  /*
   * Names on the offline base map: data.countries and data.capitals rows [name, lat, lon,
   * min zoom], each shown from its zoom on (fetched once, like the outlines). In a pane above
   * the outlines and the choropleth, below every marker; never takes a click.
   */
  NM.labelLayer = function (url) {
    var layer = L.layerGroup();
    var labels = [];
    function place(map) {
      var zoom = map.getZoom();
      labels.forEach(function (item) {
        var show = zoom >= item.zoom;
        if (show && !layer.hasLayer(item.marker)) layer.addLayer(item.marker);
        if (!show && layer.hasLayer(item.marker)) layer.removeLayer(item.marker);
      });
    }
    function add(rows, cls) {
      (rows || []).forEach(function (r) {
        var text = el("span", r[0]);
        var marker = L.marker([r[1], r[2]], {
          icon: L.divIcon({ html: text, className: cls, iconSize: null }),
          interactive: false,
          keyboard: false,
          pane: "newsmapLabels",
        });
        labels.push({ marker: marker, zoom: r[3] });
      });
    }
    layer.beforeAdd = function (map) {
      pane(map, "newsmapLabels", 380).style.pointerEvents = "none";
    };
    layer.on("add", function () {
      var map = layer._map;
      NM.outlines(url)
        .then(function (data) {
          if (!labels.length) {
            add(data.countries, "newsmap-label newsmap-country-label");
            add(data.capitals, "newsmap-label newsmap-capital-label");
          }
          if (layer._map) place(layer._map);
        })
        .catch(function (e) {
          console.warn("place names unavailable:", e);
        });
      map.on("zoomend", function () {
        if (layer._map) place(layer._map);
      });
    });
    return layer;
  };

  /*
   * Places and bubbles. data.places rows: [lat, lon, name, total, events, casualties, colour
   * index, radius, kind label, pictogram index (-1: none)]; data.bubbles rows: [lat, lon, total, places, south, west,
   * north, east, events, ring: [[colour index, count], ...]]. A bubble click zooms to its
   * places; a place click reaches the app.
   */
  NM.places = function (data) {
    var group = L.featureGroup();
    var colours = data.colours, icons = data.icons || [];
    data.places.forEach(function (p) {
      var marker = L.circleMarker([p[0], p[1]], {
        radius: p[7],
        color: "#1f2937",
        weight: 1,
        fillColor: colours[p[6]] || "#9ca3af",
        fillOpacity: 0.85,
        className: "newsmap-place",
      });
      var tip = el("div", null, "newsmap-tip");
      tip.appendChild(el("b", p[2]));
      var facts = p[4] + " event" + (p[4] === 1 ? "" : "s");
      if (p[3] > p[4]) facts += ", " + (p[3] - p[4]) + " mention" + (p[3] - p[4] === 1 ? "" : "s");
      if (p[5] > 0) facts += ", " + p[5] + " casualties";
      tip.appendChild(el("div", facts));
      if (p[8]) tip.appendChild(el("div", p[8], "newsmap-kind"));
      marker.bindTooltip(tip, { direction: "top", offset: [0, -4] });
      group.addLayer(marker);
      // The kind's pictogram over the disc, so kinds differ by shape too: a marker that
      // takes no pointer events, so a click or a hover reaches the disc under it.
      if (p[9] >= 0 && icons[p[9]]) {
        var side = Math.max(11, Math.round(p[7] * 1.35));
        var picture = L.divIcon({
          html: NM.pictogram(icons[p[9]], side),
          className: "newsmap-pictogram",
          iconSize: L.point(side, side),
        });
        group.addLayer(L.marker([p[0], p[1]], { icon: picture, interactive: false, keyboard: false }));
      }
    });
    data.bubbles.forEach(function (b) {
      var size = 30 + Math.min(24, Math.round(Math.log(b[2] + 1) * 3));
      var events = b[8], mentions = b[2] - b[8];
      // The ring: a share per kind of the bubble's events (colours from the kind table),
      // mentions in grey; the number counts events (mentions only when there is none).
      var ring = el("div", null, "newsmap-ring");
      ring.style.background = conic(b[9], colours);
      var inner = el("div", null, events ? "" : "newsmap-mentions-only");
      inner.appendChild(el("span", count(events || mentions)));
      ring.appendChild(inner);
      var icon = L.divIcon({
        html: ring,
        className: "newsmap-bubble",
        iconSize: L.point(size, size),
      });
      var marker = L.marker([b[0], b[1]], { icon: icon, keyboard: false });
      var said = events + " event" + (events === 1 ? "" : "s");
      if (mentions) said += ", " + mentions + " mention" + (mentions === 1 ? "" : "s");
      marker.bindTooltip(el("div", said + " at " + b[3] + " places: click to zoom in"));
      var zoomIn = function () {
        var map = marker._map;
        if (!map) return;
        var bounds = L.latLngBounds([b[4], b[5]], [b[6], b[7]]);
        map.fitBounds(bounds.pad(0.2), { maxZoom: Math.max(map.getZoom() + 2, 6) });
      };
      marker.on("click", zoomIn);
      group.addLayer(marker);
      // A bubble click only zooms: it is no place, so it must not reach the app (which
      // listens to clicks on every layer and on their parents).
      marker.removeEventParent(group);
      var on = marker.on;
      marker.on = function (types, fn) {
        if (types === "click" && fn !== zoomIn) return this;
        return on.apply(this, arguments);
      };
    });
    if (data.selected) {
      group.addLayer(
        L.circleMarker(data.selected, {
          radius: 15,
          color: "#2563eb",
          weight: 3,
          fill: false,
          interactive: false,
          className: "newsmap-selected",
        })
      );
    }
    if (data.attribution) {
      group.getAttribution = function () {
        return data.attribution; // escaped on the server
      };
    }
    group.on("add", function () {
      NM.rendered(data.token);
    });
    return group;
  };

  /* A heat map drawn on one canvas: a blurred brush per point, then coloured by intensity. */
  NM.Heat = L.Layer.extend({
    options: { radius: 18, blur: 14, minOpacity: 0.15, token: "", stops: null },
    initialize: function (points, options) {
      this._points = points;
      L.setOptions(this, options);
    },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "leaflet-zoom-hide newsmap-heat");
      this._canvas.style.pointerEvents = "none";
      map.getPanes().overlayPane.appendChild(this._canvas);
      map.on("moveend", this._draw, this);
      this._draw();
      NM.rendered(this.options.token);
    },
    onRemove: function (map) {
      map.off("moveend", this._draw, this);
      L.DomUtil.remove(this._canvas);
    },
    _brush: function () {
      var r = this.options.radius, blur = this.options.blur, full = r + blur;
      var c = document.createElement("canvas");
      c.width = c.height = full * 2;
      var ctx = c.getContext("2d");
      ctx.shadowOffsetX = ctx.shadowOffsetY = full * 2;
      ctx.shadowBlur = blur;
      ctx.shadowColor = "black";
      ctx.beginPath();
      ctx.arc(-full, -full, r, 0, Math.PI * 2, true);
      ctx.closePath();
      ctx.fill();
      return c;
    },
    _palette: function () {
      var c = document.createElement("canvas");
      c.width = 1;
      c.height = 256;
      var ctx = c.getContext("2d");
      var g = ctx.createLinearGradient(0, 0, 0, 256);
      // [share, colour] pairs from the server (layers.HEAT_STOPS), as the legend shows them
      (this.options.stops || [[0.3, "#2563eb"], [1, "#dc2626"]]).forEach(function (stop) {
        g.addColorStop(stop[0], stop[1]);
      });
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, 1, 256);
      return ctx.getImageData(0, 0, 1, 256).data;
    },
    _draw: function () {
      var map = this._map, canvas = this._canvas;
      if (!map) return;
      var size = map.getSize();
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      canvas.width = size.x;
      canvas.height = size.y;
      var ctx = canvas.getContext("2d");
      var brush = (this._brushCanvas = this._brushCanvas || this._brush());
      var full = brush.width / 2, max = 1, i;
      for (i = 0; i < this._points.length; i++) max = Math.max(max, this._points[i][2]);
      var scale = Math.log(max + 1), min = this.options.minOpacity;
      for (i = 0; i < this._points.length; i++) {
        var p = this._points[i];
        var pt = map.latLngToContainerPoint([p[0], p[1]]);
        if (pt.x < -full || pt.y < -full || pt.x > size.x + full || pt.y > size.y + full) continue;
        ctx.globalAlpha = Math.min(1, min + (1 - min) * (Math.log(p[2] + 1) / scale));
        ctx.drawImage(brush, pt.x - full, pt.y - full);
      }
      if (!size.x || !size.y) return;
      var image = ctx.getImageData(0, 0, size.x, size.y), px = image.data;
      var palette = (this._paletteData = this._paletteData || this._palette());
      for (i = 0; i < px.length; i += 4) {
        var a = px[i + 3];
        if (a) {
          var j = a * 4;
          px[i] = palette[j];
          px[i + 1] = palette[j + 1];
          px[i + 2] = palette[j + 2];
          px[i + 3] = Math.min(230, a * 1.4);
        }
      }
      ctx.putImageData(image, 0, 0);
    },
  });
  NM.heat = function (points, options) {
    return new NM.Heat(points, options);
  };

  /* Countries coloured by their number of events (classes from the server). */
  NM.choropleth = function (url, data) {
    function colour(n) {
      for (var i = data.breaks.length - 1; i >= 0; i--) {
        if (n >= data.breaks[i]) return data.colours[i];
      }
      return null;
    }
    var layer = L.geoJSON(null, {
      pane: "newsmapChoropleth",
      style: function (f) {
        var n = data.counts[f.properties.iso_a2] || 0, fill = colour(n);
        return { color: "#374151", weight: 0.7, fillColor: fill || "#000", fillOpacity: fill ? 0.7 : 0 };
      },
      onEachFeature: function (f, l) {
        var n = data.counts[f.properties.iso_a2] || 0;
        l.bindTooltip(el("div", f.properties.name + ": " + n + " " + data.unit), { sticky: true });
      },
    });
    layer.beforeAdd = function (map) {
      pane(map, "newsmapChoropleth", 350);
    };
    layer.on("add", function () {
      NM.outlines(url)
        .then(function (outlines) {
          if (!layer._loaded) {
            layer._loaded = true;
            layer.addData(outlines);
          }
          NM.rendered(data.token);
        })
        .catch(function (e) {
          console.warn("country outlines unavailable:", e);
        });
    });
    return layer;
  };

  /* Events appearing day by day: a player (play/pause, slider, date) and canvas circles. */
  NM.Animation = L.Layer.extend({
    options: { interval: 120, token: "", colour: "#dc2626" },
    initialize: function (days, rows, options) {
      this._days = days;
      this._byDay = days.map(function () {
        return [];
      });
      var byDay = this._byDay;
      rows.forEach(function (r) {
        if (byDay[r[2]]) byDay[r[2]].push(r);
      });
      L.setOptions(this, options);
    },
    onAdd: function (map) {
      this._renderer = L.canvas({ padding: 0.3 });
      this._group = L.layerGroup().addTo(map);
      this._control = L.control({ position: "bottomleft" });
      var self = this;
      this._control.onAdd = function () {
        var box = el("div", null, "newsmap-player leaflet-bar");
        self._button = el("button", "Play", "newsmap-play");
        self._button.type = "button";
        self._slider = el("input");
        self._slider.type = "range";
        self._slider.min = 0;
        self._slider.max = Math.max(0, self._days.length - 1);
        self._slider.value = self._slider.max;
        self._label = el("span", "", "newsmap-day");
        box.appendChild(self._button);
        box.appendChild(self._slider);
        box.appendChild(self._label);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.on(self._button, "click", self._toggle, self);
        L.DomEvent.on(self._slider, "input", function () {
          self._stop();
          self._show(+self._slider.value);
        });
        return box;
      };
      this._control.addTo(map);
      this._show(this._days.length - 1);
      NM.rendered(this.options.token);
    },
    onRemove: function (map) {
      this._stop();
      map.removeControl(this._control);
      map.removeLayer(this._group);
    },
    _toggle: function () {
      if (this._timer) return this._stop();
      var self = this, day = +this._slider.value;
      if (day >= this._days.length - 1) day = -1;
      this._group.clearLayers();
      this._shown = -1;
      if (day >= 0) this._show(day);
      this._button.textContent = "Pause";
      this._timer = setInterval(function () {
        var next = (self._shown === undefined ? -1 : self._shown) + 1;
        if (next >= self._days.length) return self._stop();
        self._show(next);
      }, this.options.interval);
    },
    _stop: function () {
      if (this._timer) clearInterval(this._timer);
      this._timer = null;
      if (this._button) this._button.textContent = "Play";
    },
    _circle: function (r, today) {
      return L.circleMarker([r[0], r[1]], {
        renderer: this._renderer,
        radius: Math.min(18, 3 + Math.sqrt(r[3]) * 2),
        stroke: today,
        color: "#7f1d1d",
        weight: 1,
        fillColor: today ? this.options.colour : "#6b7280",
        fillOpacity: today ? 0.9 : 0.35,
        interactive: false,
      });
    },
    _show: function (day) {
      var i;
      if (this._shown === undefined || day < this._shown || day - this._shown > 1) {
        this._group.clearLayers();
        this._today = [];
        for (i = 0; i < day; i++) this._add(i, false);
      } else if (this._today) {
        for (i = 0; i < this._today.length; i++) {
          this._today[i].setStyle({ stroke: false, fillColor: "#6b7280", fillOpacity: 0.35 });
        }
      }
      this._today = day >= 0 ? this._add(day, true) : [];
      this._shown = day;
      this._slider.value = Math.max(day, 0);
      this._label.textContent = day >= 0 ? this._days[day] : "";
    },
    _add: function (day, today) {
      var made = [], rows = this._byDay[day] || [];
      for (var i = 0; i < rows.length; i++) {
        var c = this._circle(rows[i], today);
        this._group.addLayer(c);
        made.push(c);
      }
      return made;
    },
  });
  NM.animation = function (days, rows, options) {
    return new NM.Animation(days, rows, options);
  };

  /*
   * The filtered events' extent (data.bounds), for the "fit to events" button; a new
   * data.token fits the map to it once. Applied tokens are remembered in sessionStorage (per
   * tab, kept when st_folium remounts the map for a new base style), so only a fit the app
   * asked for anew moves the map; each app session's tokens are its own.
   */
  var FIT_KEY = "newsmap-fits";
  function fitApplied(token) {
    var seen;
    try {
      seen = JSON.parse(window.sessionStorage.getItem(FIT_KEY) || "[]");
    } catch (e) {
      seen = NM._fits || [];
    }
    if (seen.indexOf(token) >= 0) return true;
    seen = seen.concat([token]).slice(-50);
    NM._fits = seen;
    try {
      window.sessionStorage.setItem(FIT_KEY, JSON.stringify(seen));
    } catch (e) {
      /* storage refused (private mode): this frame's memory will do */
    }
    return false;
  }

  /* Padding that keeps fitted events clear of the controls: each control in a corner is
   * avoided along the side where that costs the least share of the map. */
  function controlPadding(map) {
    var box = map.getContainer().getBoundingClientRect(), size = map.getSize();
    var pad = { left: 12, top: 12, right: 12, bottom: 12 };
    map.getContainer().querySelectorAll(".leaflet-control").forEach(function (c) {
      var r = c.getBoundingClientRect();
      if (!r.width || !r.height) return;
      var corner = c.parentElement.className;
      var side = /leaflet-left/.test(corner) ? "left" : "right";
      var edge = /leaflet-top/.test(corner) ? "top" : "bottom";
      var across = side === "left" ? r.right - box.left : box.right - r.left;
      var down = edge === "top" ? r.bottom - box.top : box.bottom - r.top;
      if (across / size.x <= down / size.y) pad[side] = Math.max(pad[side], across + 8);
      else pad[edge] = Math.max(pad[edge], down + 8);
    });
    return {
      paddingTopLeft: [Math.min(pad.left, size.x * 0.3), Math.min(pad.top, size.y * 0.3)],
      paddingBottomRight: [Math.min(pad.right, size.x * 0.3), Math.min(pad.bottom, size.y * 0.3)],
    };
  }

  NM.fitToEvents = function (map) {
    var view = NM._view;
    if (!map || !view) return false;
    var options = controlPadding(map);
    options.maxZoom = view.maxZoom;
    map.fitBounds(L.latLngBounds(view.bounds), options);
    return true;
  };

  NM.view = function (data) {
    var layer = L.layerGroup();
    layer.on("add", function () {
      NM._view = data;
      if (NM._fitButton) NM._fitButton.classList.remove("leaflet-disabled");
      if (data.token && !fitApplied(data.token)) NM.fitToEvents(layer._map);
    });
    layer.on("remove", function () {
      if (NM._view === data) NM._view = null;
      if (NM._fitButton && !NM._view) NM._fitButton.classList.add("leaflet-disabled");
    });
    return layer;
  };

  /*
   * A place the reader picked outside the map (the feed beside it): a new data.token flies
   * the map there once, at data.zoom, or closer when the place is in view already and the
   * map is closer (a reader looking at a city is not thrown back out of it). The tokens are
   * remembered with the fits' (sessionStorage), so a rerun or a remount does not fly again.
   */
  NM.focus = function (data) {
    var layer = L.layerGroup();
    layer.on("add", function () {
      var map = layer._map;
      if (!map || !data.token || fitApplied("focus:" + data.token)) return;
      var at = L.latLng(data.center[0], data.center[1]);
      var zoom = map.getBounds().contains(at) ? Math.max(map.getZoom(), data.zoom) : data.zoom;
      map.flyTo(at, zoom, { duration: 0.8 });
    });
    return layer;
  };

  /* A map button in ``bar``: a link holding a 16 px outline icon drawn by the SVG ``d``. */
  function iconButton(bar, d, strokeWidth, title) {
    var link = el("a");
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "#111827");
    path.setAttribute("stroke-width", strokeWidth);
    svg.appendChild(path);
    link.appendChild(svg);
    link.href = "#";
    link.title = title;
    link.setAttribute("role", "button");
    bar.appendChild(link);
    return link;
  }

  /* The "fit to events" button (under the zoom buttons). */
  NM.FitControl = L.Control.extend({
    options: { position: "topleft" },
    onAdd: function (map) {
      var bar = el("div", null, "leaflet-bar newsmap-fit");
      var link = iconButton(bar, "M2 5V2h3M11 2h3v3M14 11v3h-3M5 14H2v-3M6 8h4M8 6v4", "1.8",
        "Fit the map to the filtered events");
      link.setAttribute("aria-label", "Fit the map to the filtered events");
      if (!NM._view) link.classList.add("leaflet-disabled");
      NM._fitButton = link;
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(link, "click", function (e) {
        L.DomEvent.preventDefault(e);
        NM.fitToEvents(map);
      });
      return bar;
    },
  });
  NM.fitControl = function (options) {
    return new NM.FitControl(options);
  };

  /*
   * A legend as a layer: shown while its feature group is on the map. Its title folds it
   * away; it starts folded on a small map, and keeps what the reader chose while the layers
   * change under it (the app re-adds it on every change).
   */
  NM.Legend = L.Layer.extend({
    initialize: function (title, items) {
      this._title = title;
      this._items = items;
    },
    onAdd: function (map) {
      var self = this;
      if (NM._legendOpen === undefined) {
        var size = map.getSize();
        NM._legendOpen = size.x >= 600 && size.y >= 380;
      }
      this._control = L.control({ position: "topright" });
      this._control.onAdd = function () {
        var box = el("div", null, "newsmap-legend");
        var head = el("button", self._title, "newsmap-legend-title");
        head.type = "button";
        var body = el("div", null, "newsmap-legend-body");
        self._items.forEach(function (item) {
          if (item[2] === "note") {
            body.appendChild(el("div", item[1], "newsmap-legend-note"));
            return;
          }
          var row = el("div", null, "newsmap-legend-row");
          var swatch = el("span", null, "newsmap-swatch " + (item[2] || ""));
          swatch.style.background = item[0];
          if (item[3]) {
            swatch.classList.add("newsmap-swatch-pictogram");
            swatch.appendChild(NM.pictogram(item[3], 11));
          }
          row.appendChild(swatch);
          row.appendChild(el("span", item[1]));
          body.appendChild(row);
        });
        function show(open) {
          NM._legendOpen = open;
          box.classList.toggle("newsmap-folded", !open);
          head.setAttribute("aria-expanded", open ? "true" : "false");
          head.title = open ? "Fold the legend away" : "Show the legend";
        }
        show(NM._legendOpen);
        L.DomEvent.on(head, "click", function () {
          show(!NM._legendOpen);
        });
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        box.appendChild(head);
        box.appendChild(body);
        return box;
      };
      this._control.addTo(map);
    },
    onRemove: function (map) {
      map.removeControl(this._control);
    },
  });
  NM.legend = function (title, items) {
    return new NM.Legend(title, items);
  };

  /* Fullscreen: the Fullscreen API where the page allows it, else the map fills its frame. */
  NM.Fullscreen = L.Control.extend({
    options: { position: "topleft" },
    onAdd: function (map) {
      var bar = el("div", null, "leaflet-bar newsmap-fullscreen");
      var link = iconButton(bar, "M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5", "2", "Full screen");
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(link, "click", function (e) {
        L.DomEvent.preventDefault(e);
        var box = map.getContainer();
        if (document.fullscreenElement) {
          document.exitFullscreen();
        } else if (document.fullscreenEnabled && box.requestFullscreen) {
          box.requestFullscreen();
        } else {
          box.classList.toggle("newsmap-pseudo-fullscreen");
          map.invalidateSize();
        }
      });
      document.addEventListener("fullscreenchange", function () {
        map.invalidateSize();
      });
      return bar;
    },
  });
  NM.fullscreen = function (options) {
    return new NM.Fullscreen(options);
  };

  /* A mini-map of the country outlines with the main map's view as a rectangle. */
  NM.MiniMap = L.Control.extend({
    options: { position: "bottomright", url: "", zoomOffset: -5, dark: false },
    onAdd: function (map) {
      var box = el("div", null, "newsmap-minimap leaflet-bar");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var self = this;
      setTimeout(function () {
        self._build(map, box);
      }, 0);
      return box;
    },
    _build: function (map, box) {
      var mini = (this._mini = L.map(box, {
        attributionControl: false,
        zoomControl: false,
        dragging: false,
        scrollWheelZoom: false,
        doubleClickZoom: false,
        boxZoom: false,
        keyboard: false,
        touchZoom: false,
        worldCopyJump: true,
      }));
      // The dark base keeps a dark mini-map.
      var dark = this.options.dark;
      if (dark) box.classList.add("newsmap-dark");
      NM.outlineLayer(this.options.url, {
        color: dark ? "#6b7280" : "#9ca3af",
        weight: 0.5,
        fillColor: dark ? "#374151" : "#f8f5ec",
        fillOpacity: 1,
      }).addTo(mini);
      var rect = L.rectangle(map.getBounds(), { color: "#dc2626", weight: 1.5, fill: false, interactive: false }).addTo(mini);
      var offset = this.options.zoomOffset;
      function sync() {
        mini.invalidateSize();
        mini.setView(map.getCenter(), Math.max(0, map.getZoom() + offset), { animate: false });
        rect.setBounds(map.getBounds());
      }
      mini.on("click", function (e) {
        map.panTo(e.latlng);
      });
      map.on("moveend", sync);
      mini.setView(map.getCenter(), Math.max(0, map.getZoom() + offset), { animate: false });
      setTimeout(function () {
        mini.invalidateSize();
        sync();
      }, 250);
    },
  });
  NM.miniMap = function (options) {
    return new NM.MiniMap(options);
  };
})(window.L);
