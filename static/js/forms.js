// Forms where typing is work: nothing typed is lost by leaving the page by mistake, an action
// that cannot be undone asks first, and a field taking the focus is never left under the sticky
// bar of buttons (WCAG 2.2, 2.4.11). No inline script: the page states its wishes in data-*
// attributes (data-unsaved-warning on a form, data-confirm on a button).
(function () {
  "use strict";

  var dirty = false;
  var warned = document.querySelectorAll("form[data-unsaved-warning]");
  Array.prototype.forEach.call(warned, function (form) {
    function changed() { dirty = true; }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
  });
  if (warned.length) {
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) {
        return;
      }
      // Browsers show their own words; returnValue is what makes them ask at all.
      event.preventDefault();
      event.returnValue = "";
    });
  }

  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = button && button.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    // The form leaves with its contents: nothing is lost, nothing to ask.
    dirty = false;
  });

  // The bar's height, for the CSS that keeps a focused field above it (scroll-padding); and a
  // safety net for whatever the browser scrolled without it.
  var bar = document.querySelector(".sticky-actions");
  if (!bar) {
    return;
  }
  function measure() {
    document.documentElement.style.setProperty(
      "--sticky-actions-height", bar.getBoundingClientRect().height + "px");
  }
  measure();
  window.addEventListener("resize", measure);
  // Bootstrap scrolls smoothly: the field is checked once the page has come to rest.
  function whenSettled(then) {
    var last = null;
    var still = 0;
    var frames = 0;
    function step() {
      frames += 1;
      still = window.scrollY === last ? still + 1 : 0;
      last = window.scrollY;
      if (still >= 2 || frames > 90) {
        then();
      } else {
        window.requestAnimationFrame(step);
      }
    }
    window.requestAnimationFrame(step);
  }
  document.addEventListener("focusin", function (event) {
    var field = event.target;
    if (bar.contains(field) || !field.getBoundingClientRect) {
      return;
    }
    whenSettled(function () {
      if (document.activeElement !== field) {
        return;
      }
      var box = field.getBoundingClientRect();
      var barBox = bar.getBoundingClientRect();
      if (box.bottom > barBox.top && box.top < barBox.bottom) {
        window.scrollBy({ top: box.bottom - barBox.top + 8, behavior: "instant" });
      }
    });
  });
})();
