// The researcher's pages: bring the hit paragraph into view, copy a citation.
(function () {
  function target() {
    var id = decodeURIComponent(location.hash.slice(1));
    return (id && document.getElementById(id)) || document.querySelector(".zh-has-hit");
  }
  if (document.querySelector(".zh-article")) {
    var hit = target();
    if (hit) { hit.scrollIntoView({block: "center"}); }
  }
  document.querySelectorAll("button.zh-copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.getElementById(button.dataset.copy);
      var done = function () { button.textContent = "已复制 Copied"; };
      var select = function () {
        field.select();
        try { if (document.execCommand("copy")) { done(); } } catch (e) { /* the text stays selected to copy by hand */ }
      };
      // The clipboard API needs a secure context and a focused page; otherwise copy the selection.
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, select);
      } else {
        select();
      }
    });
  });
})();
