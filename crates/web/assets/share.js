// The document page's share button (shown at phone width, where a QR code to scan is of no
// use): the system share sheet where the browser has one; otherwise the link is copied; with
// neither, the button stays a plain link to the page, to long-press and share.
(function () {
  "use strict";
  document.querySelectorAll("a.share-native").forEach(function (a) {
    a.addEventListener("click", function (e) {
      var url = new URL(a.getAttribute("href"), window.location.href).href;
      if (navigator.share) {
        e.preventDefault();
        navigator.share({ title: a.getAttribute("data-share-title") || document.title, url: url }).catch(function () {});
      } else if (navigator.clipboard && window.isSecureContext) {
        e.preventDefault();
        navigator.clipboard.writeText(url).then(
          function () { a.textContent = "链接已复制"; },
          function () { window.location.href = url; }
        );
      }
    });
  });
})();
