// Keeps maintenance-window phases current without a rebuild: a page built yesterday still says
// "läuft gerade" while a window runs. Progressive enhancement only; pages work without it.
(function () {
  "use strict";
  var labels = { upcoming: "bevorstehend", running: "läuft gerade", finished: "beendet" };
  function update() {
    var now = Date.now();
    var nodes = document.querySelectorAll("[data-window-start][data-window-end]");
    for (var i = 0; i < nodes.length; i++) {
      var start = Date.parse(nodes[i].getAttribute("data-window-start"));
      var end = Date.parse(nodes[i].getAttribute("data-window-end"));
      if (isNaN(start) || isNaN(end)) continue;
      var phase = now < start ? "upcoming" : (now < end ? "running" : "finished");
      if (nodes[i].getAttribute("data-phase") !== phase) {
        nodes[i].setAttribute("data-phase", phase);
        nodes[i].textContent = "(" + labels[phase] + ")";
      }
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    update();
    setInterval(update, 60000);
  });
})();
