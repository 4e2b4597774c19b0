// Security keys and passkeys (WebAuthn) with @simplewebauthn/browser (public/vendor):
// signing in with a key on the code page, and adding one on "Keamanan akun". Both are
// shown only where the browser can use a key; without JavaScript the pages stay as they
// are (the code field). The server answers JSON: options, then { redirect } or { error }.
(function () {
  var lib = window.SimpleWebAuthnBrowser;
  if (!lib || !window.PublicKeyCredential || !window.fetch) return;

  function post(url, csrf, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body || {}),
    }).then(function (res) {
      return res.json().then(
        function (data) {
          return { ok: res.ok, data: data };
        },
        function () {
          return { ok: false, data: { error: "Jawaban server tidak dapat dibaca. Muat ulang halaman, lalu coba lagi." } };
        },
      );
    });
  }

  function say(box, text) {
    box.textContent = text;
    box.className = text ? "alert alert-error" : "";
  }

  /** Why the browser or the key said no, in words for the user. */
  function browserError(e) {
    var name = e && e.name;
    if (name === "NotAllowedError" || name === "AbortError") return "Dibatalkan atau waktu habis. Coba lagi, atau masukkan kode dari aplikasi.";
    if (name === "InvalidStateError") return "Kunci keamanan ini sudah terdaftar di akun Anda.";
    if (name === "SecurityError") return "Peramban menolak kunci keamanan untuk alamat ini. Buka aplikasi lewat alamat resminya.";
    return "Kunci keamanan tidak dapat dipakai di peramban ini. Masukkan kode dari aplikasi autentikator.";
  }

  /** One ceremony: options from the server, the browser asks the key, the answer back to the server. */
  function ceremony(el, box, ask, extra) {
    var csrf = el.getAttribute("data-csrf");
    say(box, "");
    return post(el.getAttribute("data-options"), csrf, {})
      .then(function (r) {
        if (!r.ok) throw { server: r.data };
        return ask({ optionsJSON: r.data }).then(
          function (response) {
            var body = extra ? extra() : {};
            body.response = response;
            return post(el.getAttribute("data-verify"), csrf, body);
          },
          function (e) {
            throw { browser: e };
          },
        );
      })
      .then(function (r) {
        if (!r.ok) throw { server: r.data };
        window.location.assign(r.data.redirect);
      })
      .catch(function (e) {
        if (e && e.server && e.server.redirect) {
          window.location.assign(e.server.redirect);
          return;
        }
        if (e && e.server) say(box, e.server.error || "Permintaan ditolak server.");
        else if (e && e.browser) say(box, browserError(e.browser));
        else say(box, "Server tidak dapat dihubungi. Periksa sambungan, lalu coba lagi.");
      });
  }

  var signin = document.getElementById("key-signin");
  if (signin) {
    var button = document.getElementById("key-signin-button");
    var signinBox = document.getElementById("key-signin-message");
    signin.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      ceremony(signin, signinBox, lib.startAuthentication).then(function () {
        button.disabled = false;
      });
    });
  }

  var add = document.getElementById("key-add");
  if (add) {
    var addBox = document.getElementById("key-add-message");
    var hint = document.getElementById("key-name-hint");
    var submit = add.querySelector("button[type=submit]");
    add.hidden = false;
    if (hint) hint.hidden = false;
    add.addEventListener("submit", function (ev) {
      ev.preventDefault();
      submit.disabled = true;
      ceremony(add, addBox, lib.startRegistration, function () {
        return { name: add.querySelector("[name=name]").value };
      }).then(function () {
        submit.disabled = false;
      });
    });
  }
})();
