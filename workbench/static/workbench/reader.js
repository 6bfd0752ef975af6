// The reader page: turn a mouse selection into a coded excerpt, and keyboard shortcuts.
// No library: the page works as a plain form without this file; this only fills the form in.
(function () {
  "use strict";

  function applyColours(root) {
    root.querySelectorAll("[data-colour]").forEach(function (element) {
      if (element.dataset.colour) element.style.setProperty("--theme-colour", element.dataset.colour);
    });
  }

  // Offset of a selection boundary within its block: segments carry their start offset, and each
  // holds exactly one text node with the source's characters.
  function offsetIn(block, node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      var segment = node.parentElement.closest("[data-start]");
      return segment && block.contains(segment) ? Number(segment.dataset.start) + offset : null;
    }
    if (node === block) {
      var child = block.childNodes[offset];
      return child ? Number(child.dataset.start) : block.textContent.length;
    }
    var element = node.closest ? node.closest("[data-start]") : null;
    if (!element || !block.contains(element)) return null;
    return Number(element.dataset.start) + (offset > 0 ? element.textContent.length : 0);
  }

  function selectedPassage() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
    var range = selection.getRangeAt(0);
    var startBlock = closestBlock(range.startContainer);
    var endBlock = closestBlock(range.endContainer);
    if (!startBlock || startBlock !== endBlock) return null;
    var start = offsetIn(startBlock, range.startContainer, range.startOffset);
    var end = offsetIn(startBlock, range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return null;
    var text = startBlock.textContent.slice(start, end);
    if (!text.trim()) return null;
    return { block: startBlock.dataset.block, start: start, end: end, quote: text.trim(), rect: range.getBoundingClientRect() };
  }

  function closestBlock(node) {
    var element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest(".reader-block") : null;
  }

  function setup() {
    var reader = document.getElementById("reader");
    if (!reader) return;
    applyColours(document);
    var coding = document.getElementById("coding");
    var form = document.getElementById("coding-form");
    var home = coding ? coding.parentNode : null;
    var homeNext = coding ? coding.nextSibling : null;
    var closeButton = form ? form.querySelector(".coding-close") : null;

    function openAt(passage) {
      if (!form) return;
      form.elements.quote.value = passage.quote;
      form.elements.block.value = passage.block;
      form.elements.start.value = passage.start;
      form.elements.end.value = passage.end;
      document.body.appendChild(coding);
      coding.classList.add("floating");
      var left = Math.min(window.scrollX + passage.rect.left, window.scrollX + document.documentElement.clientWidth - coding.offsetWidth - 16);
      coding.style.top = window.scrollY + passage.rect.bottom + 8 + "px";
      coding.style.left = Math.max(8, left) + "px";
      if (closeButton) closeButton.hidden = false;
      var firstTheme = form.querySelector("input[name=themes]");
      (firstTheme || form.elements.quote).focus({ preventScroll: true });
    }

    function close() {
      if (!coding || !coding.classList.contains("floating")) return;
      coding.classList.remove("floating");
      coding.style.top = coding.style.left = "";
      home.insertBefore(coding, homeNext);
      if (closeButton) closeButton.hidden = true;
      form.elements.block.value = form.elements.start.value = form.elements.end.value = "";
    }

    if (form) {
      // A typed quote is looked up in the text: drop the offsets of an earlier selection.
      form.elements.quote.addEventListener("input", function () {
        form.elements.block.value = form.elements.start.value = form.elements.end.value = "";
      });
      if (closeButton) closeButton.addEventListener("click", close);
      document.querySelectorAll(".reader-block").forEach(function (block) {
        block.addEventListener("mouseup", function () {
          var passage = selectedPassage();
          if (passage) openAt(passage);
        });
      });
    }

    document.querySelectorAll("mark.excerpt").forEach(function (mark) {
      mark.addEventListener("click", function () {
        if (!window.getSelection().isCollapsed) return;
        document.querySelectorAll(".excerpt-card.active").forEach(function (card) { card.classList.remove("active"); });
        mark.dataset.excerpts.split(" ").forEach(function (id) {
          var card = document.getElementById("excerpt-" + id);
          if (card) { card.classList.add("active"); card.scrollIntoView({ block: "nearest" }); }
        });
      });
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); return; }
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
      if (event.key === "e" && form) {
        event.preventDefault();
        var passage = selectedPassage();
        if (passage) openAt(passage);
        else form.elements.quote.focus();
        return;
      }
      var control = document.querySelector('[data-shortcut="' + event.key + '"]');
      if (control) { event.preventDefault(); control.click(); }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
