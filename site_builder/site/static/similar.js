/* A closed role's page: list up to five open roles like it (same organization, topics, employment type or place),
   read from roles.json, so the page itself never changes when other roles do. Without JavaScript the links
   below the list still lead to the open roles. */
(function () {
  "use strict";
  var section = document.querySelector(".similar");
  if (!section || !window.fetch) return;
  var words = function (name) { return (section.dataset[name] || "").split(" ").filter(Boolean); };
  var tags = words("tags"), types = words("types"), places = words("places"), org = section.dataset.org;
  /* The home page's link as the site writes links: `../../index.html` where the site is browsed from disk. */
  var home = section.dataset.root, base = home.replace(/index\.html$/, ""), index = home === base ? "" : "index.html";

  function score(role) {
    var points = role.organization && role.organization.slug === org ? 3 : 0;
    role.tags.forEach(function (tag) { if (tags.indexOf(tag.slug) >= 0) points += 2; });
    role.employment_type.forEach(function (type) { if (types.indexOf(type) >= 0) points += 1; });
    role.locations.forEach(function (place) { if (places.indexOf(place.slug) >= 0) points += 1; });
    return points;
  }

  fetch(section.dataset.roles)
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var ranked = data.roles.map(function (role, n) { return { role: role, points: score(role), n: n }; })
        .filter(function (entry) { return entry.points > 0; })
        .sort(function (a, b) { return b.points - a.points || a.n - b.n; })
        .slice(0, 5);
      var list = section.querySelector(".similar-list");
      ranked.forEach(function (entry) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = base + "roles/" + entry.role.id + "/" + index;
        link.textContent = entry.role.title;
        item.appendChild(link);
        item.appendChild(document.createTextNode(" · " + entry.role.organization.name));
        list.appendChild(item);
      });
      if (!ranked.length) list.hidden = true;
    })
    .catch(function () { /* the links below the list remain */ });
})();
