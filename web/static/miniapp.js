// The jury sheet as a Telegram Mini App. Telegram opens the page with the
// juror's signed initData in the address's fragment (#tgWebAppData=...),
// which never reaches the server: this script posts it to open the sheet.
// The server puts it in every form of the sheet it renders; each level
// tapped is then saved at once, and the comment when the juror leaves it,
// one request after another, and the answer (saved, or refused and why) is
// shown. No other script, no framework.
(function () {
  "use strict";

  // Tell Telegram the page is ready (it shows a placeholder until then).
  function ready() {
    var event = { eventType: "web_app_ready", eventData: "" };
    if (window.TelegramWebviewProxy) {
      window.TelegramWebviewProxy.postEvent(event.eventType, event.eventData);
    } else if (window.parent !== window) {
      window.parent.postMessage(JSON.stringify(event), "https://web.telegram.org");
    }
  }

  var open = document.getElementById("open");
  if (open) {
    var initData = new URLSearchParams(window.location.hash.slice(1)).get("tgWebAppData");
    ready();
    if (initData) {
      document.getElementById("outside").textContent = open.dataset.opening;
      open.elements.init_data.value = initData;
      open.submit();
    }
    return;
  }
  ready();

  var sheet = document.getElementById("sheet");
  if (!sheet) {
    return;
  }
  var said = document.getElementById("saved");
  var total = document.getElementById("total");
  var note = document.getElementById("note");
  var queue = Promise.resolve();

  // post sends one save of the sheet with fields, shows the server's
  // answer and hands it to then; on no answer, it says so and calls failed.
  function post(path, fields, then, failed) {
    var body = new URLSearchParams(fields);
    body.set("init_data", sheet.elements.init_data.value);
    body.set("p", sheet.dataset.p);
    said.textContent = sheet.dataset.saving;
    return fetch(path, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (resp) { return resp.json(); })
      .then(function (answer) {
        said.textContent = answer.message;
        then(answer);
      })
      .catch(function () {
        said.textContent = sheet.dataset.offline;
        failed();
      });
  }

  // showLevel checks the level the sheet has in a criterion's fieldset.
  function showLevel(fieldset, level) {
    fieldset.querySelectorAll("input").forEach(function (other) {
      other.checked = other.value === level;
    });
  }

  // save saves one tap; a refused one puts back the level the sheet has.
  function save(input) {
    var fieldset = input.closest("fieldset");
    return post("/jury/app/score", { c: fieldset.dataset.c, level: input.value }, function (answer) {
      if (answer.total) { total.textContent = answer.total; }
      if (answer.note) { note.textContent = answer.note; }
      // The level the sheet has now: the answer's, or when the request
      // was refused before the sheet was read, the last saved.
      var level = answer.total ? answer.level : fieldset.dataset.level;
      fieldset.dataset.level = level;
      if (!answer.saved) { showLevel(fieldset, level); }
      fieldset.classList.toggle("invalid", !answer.saved);
    }, function () {
      showLevel(fieldset, fieldset.dataset.level);
      fieldset.classList.add("invalid");
    });
  }

  // saveComment saves the comment as it stands, once the juror leaves it.
  function saveComment(comment) {
    return post("/jury/app/comment", { comment: comment.value }, function (answer) {
      comment.classList.toggle("invalid", !answer.saved);
    }, function () {
      comment.classList.add("invalid");
    });
  }

  sheet.addEventListener("change", function (e) {
    var input = e.target;
    if (input.type === "radio") {
      queue = queue.then(function () { return save(input); });
    } else if (input.name === "comment") {
      queue = queue.then(function () { return saveComment(input); });
    }
  });
})();
