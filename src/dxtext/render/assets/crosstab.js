// dxtext crosstab: a click (or Enter) on a cell lists that cell's documents. Our own code, no library.
// Every crosstab on the page is a table with data-crosstab="ID", its documents are the JSON of the element
// with id "ctdata-ID" and its list box is the element with id "ctdocs-ID".
(function () {
  "use strict";
  function setup(table) {
    var id = table.getAttribute("data-crosstab");
    var data = JSON.parse(document.getElementById("ctdata-" + id).textContent);
    var box = document.getElementById("ctdocs-" + id);
    function show(key, cell) {
      var c = data.cells[key];
      if (!c) return;
      var old = table.querySelector("td.ct-on");
      if (old) old.classList.remove("ct-on");
      cell.classList.add("ct-on");
      box.textContent = "";
      var h = document.createElement("h4");
      h.textContent = c.label + " — " + c.n + " 件" +
        (c.ids.length < c.n ? "（最初の " + c.ids.length + " 件を表示）" : "");
      box.appendChild(h);
      var ol = document.createElement("ol");
      c.ids.forEach(function (i) {
        var li = document.createElement("li");
        var b = document.createElement("b");
        b.textContent = data.docs[i][0] + "：";
        li.appendChild(b);
        li.appendChild(document.createTextNode(data.docs[i][1]));
        ol.appendChild(li);
      });
      box.appendChild(ol);
      box.hidden = false;
    }
    table.querySelectorAll("td[data-k]").forEach(function (td) {
      td.addEventListener("click", function () { show(td.getAttribute("data-k"), td); });
      td.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); show(td.getAttribute("data-k"), td); }
      });
    });
  }
  document.querySelectorAll("table[data-crosstab]").forEach(setup);
})();
