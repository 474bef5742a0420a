/* jobboard filters: narrows the server-rendered list of open roles using roles.json.
   Every filter lives in the URL query, so reloads, back/forward and shared links restore it.
   Without this script the page still lists every open role, and the index pages filter. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var list = document.getElementById("role-list");
  var status = document.getElementById("result-count");
  var total = document.getElementById("role-total");
  var chipBox = document.getElementById("active-filters");
  var filterCount = document.getElementById("filter-count");
  if (!form || !list || !status || !window.fetch || !window.URLSearchParams) return;

  /* Checkbox sets, one per filterable field the build declares (site_builder/content/schema.py): each
     fieldset names the roles.json key its boxes test. */
  var FIELD_OF = {};
  Array.prototype.forEach.call(form.querySelectorAll("fieldset[data-key]"), function (set) {
    var box = set.querySelector("input[type=checkbox]");
    if (box) FIELD_OF[box.name] = set.dataset.key;
  });
  var MULTI = Object.keys(FIELD_OF);
  var SINGLE = ["q", "location", "region", "tag", "org", "paid", "min_pay", "unlisted", "closing", "sort"];
  var ORDER = ["q"].concat(MULTI, SINGLE.slice(1));
  var PAGE = 50;  // cards shown at once: filtering then touches ~100 nodes, not thousands
  var more = document.getElementById("more-roles");
  var roles = [];
  var currency = "";
  var cards = {};
  var shards = {};
  var sorted = {};
  var shownNow = [];
  var limit = PAGE;
  var last = null;
  var generation = 0;
  var typing = null;

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  /* The same terms the build indexes (site_builder/site/search.py `terms`). */
  function terms(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(function (t) { return Array.from(t).length >= 2; });
  }

  function shardName(term) {
    var bytes = new TextEncoder().encode(Array.from(term).slice(0, 2).join(""));
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function loadShard(name) {
    if (!shards[name]) {
      shards[name] = fetch(form.dataset.search + name + ".json").then(function (response) {
        if (response.status === 404) return {};
        if (!response.ok) throw new Error("search index unavailable");
        return response.json();
      });
    }
    return shards[name];
  }

  /* Role numbers whose text holds every query term (as a word prefix), from the search index. */
  function indexHits(words) {
    return Promise.all(words.map(function (word) {
      return loadShard(shardName(word)).then(function (shard) {
        var hits = new Set();
        Object.keys(shard).forEach(function (term) {
          if (term.indexOf(word) === 0) shard[term].forEach(function (n) { hits.add(n); });
        });
        return hits;
      });
    })).then(function (sets) {
      return sets.reduce(function (all, set) {
        return new Set(Array.from(all).filter(function (n) { return set.has(n); }));
      });
    });
  }

  /* Fallback when the index can't be fetched (e.g. opened from disk): search the facts in roles.json. */
  function factHits(words) {
    var hits = new Set();
    roles.forEach(function (role, n) {
      var text = fold([role.title, role.organization.name, role.summary].concat(role.employment_type)
        .concat(role.locations.map(function (l) { return l.label; }), role.tags.map(function (t) { return t.label; }))
        .join(" "));
      if (words.every(function (w) { return text.indexOf(w) >= 0; })) hits.add(n);
    });
    return hits;
  }

  function textHits(query) {
    var words = terms(query);
    if (!words.length) return Promise.resolve(null);
    return indexHits(words).catch(function () { return factHits(words); });
  }

  function stateFromUrl() {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    SINGLE.forEach(function (key) { state[key] = params.get(key) || ""; });
    MULTI.forEach(function (key) {  // only values with a box to untick: a link may name one no open role has now
      var boxes = form.querySelectorAll("input[type=checkbox][name='" + key + "']");
      state[key] = params.getAll(key).filter(function (value) {
        return Array.prototype.some.call(boxes, function (box) { return box.value === value; });
      });
    });
    return state;
  }

  function stateFromForm() {
    var data = new FormData(form);
    var state = {};
    SINGLE.forEach(function (key) { state[key] = String(data.get(key) || "").trim(); });
    MULTI.forEach(function (key) { state[key] = data.getAll(key).map(String); });
    return state;
  }

  function query(state) {
    var params = new URLSearchParams();
    ORDER.forEach(function (key) {
      var values = MULTI.indexOf(key) >= 0 ? state[key] : [state[key]];
      values.forEach(function (value) {
        if (value && !(key === "sort" && value === "newest")) params.append(key, value);
      });
    });
    var text = params.toString();
    return text ? "?" + text : window.location.pathname;
  }

  function writeForm(state) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      if (el.type === "checkbox") {
        el.checked = MULTI.indexOf(el.name) >= 0 ? state[el.name].indexOf(el.value) >= 0 : state[el.name] === el.value;
      } else if (el.tagName === "SELECT") {
        var known = Array.prototype.some.call(el.options, function (o) { return o.value === state[el.name]; });
        el.value = known ? state[el.name] : el.options[0].value;
      } else if (SINGLE.indexOf(el.name) >= 0) {
        el.value = state[el.name];
      }
    });
  }

  function daysUntil(isoDate, today) {
    var parts = isoDate.split("-").map(Number);
    return Math.round((Date.UTC(parts[0], parts[1] - 1, parts[2]) - today) / 86400000);
  }

  function localToday() {
    var now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  }

  /* Whether a role's value for a field (a word, or a list of words or of {label, slug}) is one of
     the boxes ticked; true when none is. */
  function hasOneOf(value, ticked) {
    if (!ticked.length) return true;
    var values = Array.isArray(value) ? value : [value];
    return values.some(function (v) { return ticked.indexOf(v && typeof v === "object" ? v.slug : v) >= 0; });
  }

  function keeps(role, state, today) {
    /* A role whose closing time has passed since the board was built is closed, though the page still lists it. */
    if (role.closes_at && Date.parse(role.closes_at) < Date.now()) return false;
    var last = role.deadline || role.expires;
    if (last && daysUntil(last, today) < 0) return false;
    if (!MULTI.every(function (name) { return hasOneOf(role[FIELD_OF[name]], state[name]); })) return false;
    if (state.location === "remote" && role.workplace !== "remote") return false;
    if (state.location && state.location !== "remote" &&
        !role.locations.some(function (l) { return l.slug === state.location; })) return false;
    if (state.region && role.remote_regions.indexOf(state.region) < 0) return false;
    if (state.tag && !role.tags.some(function (t) { return t.slug === state.tag; })) return false;
    if (state.org && role.organization.slug !== state.org) return false;
    /* Pay listed: an amount, or a role that says it is unpaid (it states its pay: none). */
    if (state.paid === "1" && !(role.salary && (role.salary.min != null || role.salary.kind === "unpaid"))) return false;
    var minimum = amount(state.min_pay);
    if (minimum > 0) {
      /* No yearly figure: pay not stated, unpaid, or a contract under a year (whose yearly figure would be untrue). */
      if (!role.salary || role.salary.annual_max == null) return state.unlisted === "1" && keepsDeadline(role, state, today);
      if (role.salary.currency !== currency || role.salary.annual_max < minimum) return false;
    }
    return keepsDeadline(role, state, today);
  }

  /* An amount as people type it: 60000, 60,000, 60 000, 60k, $60K, 62.5k; NaN for anything else (60.000 reads
     two ways, as in postings, so it is no amount). */
  function amount(text) {
    var t = String(text || "").replace(/[\s\u00a0\u202f$£€¥₹]/g, "").replace(/^(USD|EUR|GBP|CAD|AUD)/i, "");
    if (!t) return 0;
    var m = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([kK])?$/.exec(t);
    if (!m || (m[2] && m[2].length === 4 && !m[3])) return NaN;
    var value = Number(m[1].replace(/,/g, "") + (m[2] || ""));
    return m[3] ? value * 1000 : value;
  }

  /* An amount that does not read is said so beside the box (and filters nothing) rather than read as a guess. */
  function markPay(text) {
    var box = form.elements.min_pay, hint = document.getElementById("f-min-pay-hint");
    if (!box || !hint) return;
    var bad = isNaN(amount(text));
    box.setAttribute("aria-invalid", bad ? "true" : "false");
    hint.hidden = !bad;
  }

  function keepsDeadline(role, state, today) {
    if (!state.closing) return true;
    if (!role.deadline) return false;
    var left = daysUntil(role.deadline, today);
    return left >= 0 && left <= Number(state.closing);
  }

  function ordered(sort) {
    if (sorted[sort]) return sorted[sort];
    var numbers = roles.map(function (_, n) { return n; });
    if (sort === "deadline") {
      numbers.sort(function (a, b) {
        var da = roles[a].deadline || "9999-99-99";
        var db = roles[b].deadline || "9999-99-99";
        return da < db ? -1 : da > db ? 1 : a - b;
      });
    } else if (sort === "pay") {
      var pay = function (role) {
        return role.salary && role.salary.annual_max != null && role.salary.currency === currency ? role.salary.annual_max : -1;
      };
      numbers.sort(function (a, b) { return pay(roles[b]) - pay(roles[a]) || a - b; });
    }
    sorted[sort] = numbers;
    return numbers;
  }

  function roleCount(n, adjective) {
    return n + " " + adjective + (n === 1 ? " role" : " roles");
  }

  function announce(shown, total) {
    if (total === 0) return "No open roles match these filters.";
    var of = total === roles.length ? "all " + roleCount(total, "open") : roleCount(total, "matching") + " (of " + roles.length + " open)";
    return shown === total ? "Showing " + of + "." : "Showing " + shown + " of " + of + ".";
  }

  /* Show the first `limit` matches in order; only cards whose visibility changes are touched. */
  function show(state, hits) {
    var today = localToday();
    var matches = ordered(state.sort || "newest").filter(function (n) {
      return (!hits || hits.has(n)) && keeps(roles[n], state, today);
    });
    var visible = matches.slice(0, limit);
    var keep = new Set(visible);
    shownNow.forEach(function (n) { if (!keep.has(n)) cards[roles[n].id].hidden = true; });
    visible.forEach(function (n) {
      var card = cards[roles[n].id];
      card.hidden = false;
      list.appendChild(card);  // hidden cards take no space, so appending the shown ones orders them
    });
    shownNow = visible;
    last = { state: state, hits: hits };
    status.textContent = announce(visible.length, matches.length);
    if (total) total.textContent = matches.length === roles.length ? "(" + roles.length + ")" : "(" + matches.length + " of " + roles.length + ")";
    showChips(state);
    if (more) {
      more.hidden = visible.length >= matches.length;
      more.textContent = "Show " + Math.min(PAGE, matches.length - visible.length) + " more";
    }
    return visible;
  }

  /* What each active filter is called on its chip: a ticked box's label, a chosen option's text, or the words. */
  function activeFilters(state) {
    var found = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "sort") return;
      if (el.type === "checkbox" && el.checked) {
        found.push({ el: el, label: el.parentNode.textContent.trim() });
      } else if (el.tagName === "SELECT" && el.value) {
        found.push({ el: el, label: el.labels[0].textContent.trim() + ": " + el.options[el.selectedIndex].text.replace(/ \(\d+\)$/, "") });
      } else if ((el.type === "search" || el.type === "text") && state[el.name]) {
        found.push({ el: el, label: el.name === "q" ? "“" + state.q + "”" : "At least " + state.min_pay + " a year" });
      }
    });
    return found;
  }

  /* Active filters as chips above the results; each removes its filter, and focus moves to the next chip. */
  function showChips(state) {
    if (!chipBox) return;
    var found = activeFilters(state);
    chipBox.textContent = "";
    found.forEach(function (filter, n) {
      var chip = document.createElement("button");
      chip.type = "button";
      chip.className = "chip";
      chip.textContent = filter.label + " ";
      chip.setAttribute("aria-label", "Remove filter: " + filter.label);
      var mark = document.createElement("span");
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = "×";
      chip.appendChild(mark);
      chip.addEventListener("click", function () {
        if (filter.el.type === "checkbox") filter.el.checked = false; else filter.el.value = "";
        commit(false).then(function () {
          var chips = chipBox.querySelectorAll(".chip");
          (chips[Math.min(n, chips.length - 1)] || status).focus();
        });
      });
      chipBox.appendChild(chip);
    });
    chipBox.hidden = !found.length;
    if (filterCount) filterCount.textContent = found.length ? "(" + found.length + " on)" : "";
  }

  /* With JavaScript, start from the first page of cards; the list is detached meanwhile because
     hiding thousands of cards in place costs seconds of layout in Chromium, detached a few ms. */
  function firstPage() {
    var parent = list.parentNode;
    var next = list.nextSibling;
    parent.removeChild(list);
    roles.forEach(function (role, n) { if (n >= PAGE) cards[role.id].hidden = true; });
    parent.insertBefore(list, next);
    shownNow = roles.slice(0, PAGE).map(function (_, n) { return n; });
  }

  /* Apply the URL's filters to the list; later calls win over slower earlier ones. */
  function apply() {
    var mine = ++generation;
    var state = stateFromUrl();
    limit = PAGE;
    markPay(state.min_pay);
    return textHits(state.q).then(function (hits) {
      if (mine === generation) show(state, hits);
    });
  }

  function commit(replace) {
    var target = query(stateFromForm());
    if (target !== window.location.search && !(target === window.location.pathname && !window.location.search)) {
      window.history[replace ? "replaceState" : "pushState"](null, "", target);
    }
    return apply();
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); commit(false); });
  form.addEventListener("change", function (event) {
    if (event.target.name === "q") return;
    commit(false);
  });
  form.addEventListener("input", function (event) {
    if (event.target.name !== "q" && event.target.name !== "min_pay") return;
    window.clearTimeout(typing);
    typing = window.setTimeout(function () { commit(true); }, 200);
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () { commit(false); }, 0);
  });
  if (more) {
    more.addEventListener("click", function () {
      if (!last) return;
      var before = shownNow.length;
      limit += PAGE;
      var visible = show(last.state, last.hits);
      var first = visible[before] !== undefined && cards[roles[visible[before]].id].querySelector("a");
      if (first) first.focus();  // keyboard and screen-reader users land on the first new role
    });
  }
  window.addEventListener("popstate", function () {
    writeForm(stateFromUrl());
    apply();
  });

  var ready = fetch(form.dataset.roles)
    .then(function (response) { return response.json(); })
    .then(function (data) {
      currency = data.salary_currency;
      Array.prototype.forEach.call(list.querySelectorAll("[data-id]"), function (card) { cards[card.dataset.id] = card; });
      roles = data.roles.filter(function (role) { return cards[role.id]; });
      firstPage();
      var panel = document.getElementById("filter-panel");
      // Open on wide screens; on phones the results come first and the panel opens on request.
      if (panel && window.matchMedia("(min-width: 60rem)").matches) panel.open = true;  // beside the results (style.css)
      form.hidden = false;
      writeForm(stateFromUrl());
      return apply();
    })
    .catch(function () { /* roles.json unreachable (opened from disk): the plain list stays. */ });

  window.jobboard = { ready: ready, apply: apply };
})();
