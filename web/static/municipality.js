// Name completion for the municipality picker (/gemeenten): fills the
// <datalist> of every input[data-municipality-picker] from
// /api/v1/municipalities?q= while the user types. Without this script the
// form still works: it lists the matches on /gemeenten?q=.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-municipality-picker]");
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list || !window.fetch) return;
    var timer = 0, last = "", ctrl = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(complete, 150);
    });
    function complete() {
      var q = input.value.trim();
      if (q === last || q.length > 100) return;
      last = q;
      if (ctrl) ctrl.abort();
      ctrl = window.AbortController ? new AbortController() : null;
      fetch("/api/v1/municipalities?size=10&q=" + encodeURIComponent(q), {
        headers: { Accept: "application/json" }, signal: ctrl ? ctrl.signal : undefined
      }).then(function (r) {
        return r.ok ? r.json() : [];
      }).then(function (items) {
        while (list.firstChild) list.removeChild(list.firstChild);
        items.forEach(function (m) {
          var opt = document.createElement("option");
          opt.value = m.name;
          opt.label = m.name + (m.province ? " (" + m.province + ")" : "") + " · " + m.cases + (m.cases === 1 ? " case" : " cases");
          list.appendChild(opt);
        });
      }).catch(function () { /* the form still works without suggestions */ });
    }
  });
})();
