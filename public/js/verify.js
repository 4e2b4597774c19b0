// The verification page: hashes the chosen file in the browser (SHA-256, Web Crypto)
// and says whether it is the numbered copy on record. Nothing is uploaded.
(function () {
  var box = document.querySelector(".verify-check");
  if (!box) return;
  var input = document.getElementById("check-file");
  var out = document.getElementById("check-result");
  var expected = box.getAttribute("data-sha256");
  function say(text, kind) {
    out.textContent = text;
    out.className = kind ? "alert alert-" + kind : "";
  }
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) return say("", "");
    if (!window.crypto || !window.crypto.subtle) {
      return say(
        "Peramban ini tidak dapat menghitung SHA-256 di halaman tanpa HTTPS. Bandingkan sidik jari di atas dengan hasil perintah sha256sum (Linux) atau certutil -hashfile <berkas> SHA256 (Windows).",
        "warn",
      );
    }
    say("Menghitung sidik jari berkas...", "info");
    file
      .arrayBuffer()
      .then(function (buf) {
        return window.crypto.subtle.digest("SHA-256", buf);
      })
      .then(
        function (digest) {
          var hex = Array.prototype.map
            .call(new Uint8Array(digest), function (b) {
              return ("0" + b.toString(16)).slice(-2);
            })
            .join("");
          if (hex === expected) say("Cocok: berkas ini sama persis dengan salinan bernomor yang tercatat.", "success");
          else say("Tidak cocok: berkas ini berbeda dari salinan bernomor yang tercatat (sidik jarinya " + hex + "). Berkas bisa jadi telah diubah.", "error");
        },
        function () {
          say("Berkas tidak dapat dibaca.", "error");
        },
      );
  });
})();
