/* qikit pages: the large-type switch, and accessible names for widget parts that
   ipywidgets leaves unlabelled. Loaded in <head> of every qikit page, from this
   server. No dependencies, nothing fetched. */
(function () {
  "use strict";

  var KEY = "qikit-large";
  var root = document.documentElement;

  function remembered() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function remember(on) {
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode */ }
  }
  function apply(on) {
    root.classList.toggle("qikit-large", on);
    var buttons = document.querySelectorAll(".qikit-large-toggle");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
  }

  /* ?large=1 (or yes/true/on) switches large type on, ?large=0 off; both are
     remembered, so a trainer can hand out one address for the projector. */
  var flag = null;
  try { flag = new URLSearchParams(window.location.search).get("large"); } catch (e) { flag = null; }
  var on = remembered();
  if (flag !== null) {
    on = ["1", "yes", "true", "on"].indexOf(flag.toLowerCase()) >= 0;
    remember(on);
  }
  apply(on);

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".qikit-large-toggle");
    if (!button) { return; }
    var now = !root.classList.contains("qikit-large");
    remember(now);
    apply(now);
  });

  /* ipywidgets leaves some parts of its widgets without an accessible name or
     state, and replaces an HTML widget's content on every update. Each fix below is
     small, idempotent, and runs again whenever the page changes. */
  function labelText(widget) {
    var label = widget && widget.querySelector(":scope > .widget-label");
    var text = label ? (label.textContent || "").replace(/\u200b/g, "").trim() : "";
    if (!text && widget) { text = (widget.getAttribute("title") || "").trim(); }
    return text === "null" ? "" : text;
  }
  function each(selector, fn) {
    var found = document.querySelectorAll(selector);
    for (var i = 0; i < found.length; i++) { fn(found[i]); }
  }
  var fixes = [
    function landmark() {
      /* Voila moves the cells into a JupyterLab shell (<div id="main">): that is the
         page's main content, and the skip link's target. */
      each("#main.jp-LabShell:not([role])", function (shell) {
        shell.setAttribute("role", "main");
        shell.setAttribute("tabindex", "-1");
      });
    },
    function sliderHandles() {
      /* A slider's handle is a div with role="slider" and no name. */
      each(".noUi-handle:not([aria-label])", function (handle) {
        var text = labelText(handle.closest(".widget-inline-hbox"));
        if (text) { handle.setAttribute("aria-label", text); }
      });
      each(".widget-readout:not([aria-label])", function (readout) {
        var text = labelText(readout.closest(".widget-inline-hbox"));
        readout.setAttribute("aria-label", text ? text + ": value" : "Value");
      });
    },
    function unnamedInputs() {
      /* e.g. the colour picker's second input. */
      each(".widget-inline-hbox input:not([id]):not([aria-label]):not([type=checkbox]):not([type=file])",
        function (input) {
          var text = labelText(input.closest(".widget-inline-hbox.jupyter-widgets"));
          if (text) { input.setAttribute("aria-label", text); }
        });
    },
    function nullTitles() {
      /* ipywidgets writes title="null" when a widget has no tooltip. */
      each('[title="null"]', function (el) { el.removeAttribute("title"); });
    },
    function toggleButtons() {
      /* The chosen button is shown by colour only: say it (aria-pressed, and a tick
         in qikit.css), and name the group after its label. */
      each(".widget-toggle-button", function (button) {
        var pressed = button.classList.contains("mod-active") ? "true" : "false";
        if (button.getAttribute("aria-pressed") !== pressed) {
          button.setAttribute("aria-pressed", pressed);
        }
      });
      each(".widget-toggle-buttons > div:not([role])", function (group) {
        var text = labelText(group.parentElement);
        group.setAttribute("role", "group");
        if (text) { group.setAttribute("aria-label", text); }
      });
    },
    function collapseHeaders() {
      /* An Accordion's header is a div that only a mouse can open. */
      each(".jupyter-widget-Collapse-header:not([role])", function (header) {
        header.setAttribute("role", "button");
        header.setAttribute("tabindex", "0");
        header.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            header.click();
          }
        });
      });
      each(".jupyter-widget-Collapse-header[role=button]", function (header) {
        var open = header.parentElement &&
          header.parentElement.classList.contains("jupyter-widget-Collapse-open");
        var expanded = open ? "true" : "false";
        if (header.getAttribute("aria-expanded") !== expanded) {
          header.setAttribute("aria-expanded", expanded);
        }
      });
    },
    function statusLines() {
      /* An HTML widget's content is replaced on every update, so the lasting
         container of a qikit status line is the live region... */
      each(".qikit-status > .widget-html-content:not([role])", function (box) {
        box.setAttribute("role", "status");
        box.setAttribute("aria-live", "polite");
        box.setAttribute("aria-atomic", "true");
      });
      /* ...and the text inside, which says role="status" for JupyterLab (which runs
         no page script), need not say it twice. */
      each(".qikit-status > .widget-html-content[role] .qikit-status-text[role]", function (text) {
        text.removeAttribute("role");
        text.removeAttribute("aria-live");
      });
    }
  ];
  function upgrade() {
    for (var i = 0; i < fixes.length; i++) {
      try { fixes[i](); } catch (e) { /* one failed fix must not stop the others */ }
    }
  }

  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    window.setTimeout(function () { pending = false; upgrade(); }, 0);
  }
  document.addEventListener("DOMContentLoaded", function () {
    apply(root.classList.contains("qikit-large"));
    upgrade();
    new MutationObserver(schedule).observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["class"]
    });
  });
})();
