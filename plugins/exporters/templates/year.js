// The year view's behaviour: filters, the detail panel, highlighting a rule's items.
// Plan text reaches the page only through textContent, never as HTML.
(function () {
  "use strict";
  var details = JSON.parse(document.getElementById("details").textContent);
  var words = JSON.parse(document.getElementById("words").textContent);
  var chips = Array.prototype.slice.call(document.querySelectorAll(".chip[data-i]"));
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var count = document.getElementById("count");
  var subscribe = document.getElementById("subscribe");
  var panel = document.getElementById("detail");

  function has(list, value) {
    return (" " + list + " ").indexOf(" " + value + " ") >= 0;
  }

  function apply() {
    var wanted = selects.filter(function (s) { return s.value !== ""; });
    var shown = {};
    chips.forEach(function (chip) {
      var ok = wanted.every(function (s) { return has(chip.dataset[s.dataset.filter], s.value); });
      chip.hidden = !ok;
      if (ok) { shown[chip.dataset.i] = true; }
    });
    count.textContent = words.shown + " " + Object.keys(shown).length + " / " +
      details.length + " " + words.items;
    var one = wanted.length === 1 ? wanted[0] : null;
    var option = one ? one.options[one.selectedIndex] : null;
    if (option && option.value !== "_none" && option.dataset.count !== "0") {
      subscribe.href = "feeds/" + one.dataset.feed + "-" + option.value + ".ics";
      subscribe.textContent = words.subscribe + "：" + option.textContent.replace(/（\d+）$/, "");
      subscribe.hidden = false;
    } else {
      subscribe.hidden = true;
    }
    document.querySelectorAll(".key").forEach(function (key) {
      key.classList.toggle("on", has(key.dataset.category, selectValue("c")));
    });
  }

  function selectValue(key) {
    var s = selects.filter(function (x) { return x.dataset.filter === key; })[0];
    return s ? s.value : "";
  }

  function choose(key, value) {
    selects.forEach(function (s) {
      if (s.dataset.filter === key) { s.value = s.value === value ? "" : value; }
    });
    apply();
  }

  function show(index) {
    var item = details[index];
    panel.querySelectorAll("[data-field]").forEach(function (field) {
      field.textContent = item[field.dataset.field] || "—";
    });
    panel.hidden = false;
  }

  selects.forEach(function (s) { s.addEventListener("change", apply); });
  chips.forEach(function (chip) {
    chip.addEventListener("click", function () { show(Number(chip.dataset.i)); });
  });
  panel.querySelector(".close").addEventListener("click", function () { panel.hidden = true; });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { panel.hidden = true; }
  });
  document.querySelectorAll(".key").forEach(function (key) {
    key.addEventListener("click", function () { choose("c", key.dataset.category); });
  });
  document.querySelectorAll(".heat tbody tr").forEach(function (row) {
    row.addEventListener("click", function () {
      choose("v", row.dataset.venue);
      document.getElementById("year").scrollIntoView({ behavior: "smooth" });
    });
  });
  document.querySelectorAll(".score tbody tr").forEach(function (row) {
    row.addEventListener("click", function () {
      var ids = row.dataset.ids;
      chips.forEach(function (chip) {
        chip.classList.toggle("hl", ids !== "" && has(ids, details[chip.dataset.i].id));
      });
    });
  });
  apply();
})();
