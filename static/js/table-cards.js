// Phones: every table of rows reads as cards (the CSS for .table-cards does the layout below
// 576 px). Each cell gets its column's heading as a label; the first cell heads the card.
// Tables that label their own cells already carry the class and are left alone.
(function () {
  "use strict";
  var tables = document.querySelectorAll("main table.table:not(.table-cards):not([data-no-cards])");
  Array.prototype.forEach.call(tables, function (table) {
    var head = table.tHead;
    // A two-row heading (column groups) has no single label per column: it keeps its scroller.
    if (!head || head.rows.length !== 1) {
      return;
    }
    var labels = Array.prototype.map.call(head.rows[0].cells, function (cell) {
      return cell.textContent.trim().replace(/\s+/g, " ");
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (column > 0 && cell.colSpan === 1 && labels[column] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", labels[column]);
          }
          column += cell.colSpan;
        });
      });
    });
    table.classList.add("table-cards");
  });
})();
