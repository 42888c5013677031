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

  // save posts one tap and shows what the server answered; a refused tap
  // puts back the level the sheet has.
  function save(input) {
    var fieldset = input.closest("fieldset");
    var body = new URLSearchParams();
    body.set("init_data", sheet.elements.init_data.value);
    body.set("p", sheet.dataset.p);
    body.set("c", fieldset.dataset.c);
    body.set("level", input.value);
    said.textContent = sheet.dataset.saving;
    return fetch("/jury/app/score", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (resp) {
        return resp.json().then(function (answer) {
          said.textContent = answer.message;
          if (answer.total) { total.textContent = answer.total; }
          if (answer.note) { note.textContent = answer.note; }
          // The level the sheet has now: the answer's, or when the
          // request was refused before the sheet was read, the last saved.
          var level = answer.total ? answer.level : fieldset.dataset.level;
          fieldset.dataset.level = level;
          if (!answer.saved) {
            fieldset.querySelectorAll("input").forEach(function (other) {
              other.checked = other.value === level;
            });
          }
          fieldset.classList.toggle("invalid", !answer.saved);
        });
      })
      .catch(function () {
        said.textContent = sheet.dataset.offline;
        fieldset.querySelectorAll("input").forEach(function (other) {
          other.checked = other.value === fieldset.dataset.level;
        });
        fieldset.classList.add("invalid");
      });
  }

  // saveComment posts the comment as it stands, once the juror leaves the
  // field.
  function saveComment(comment) {
    var body = new URLSearchParams();
    body.set("init_data", sheet.elements.init_data.value);
    body.set("p", sheet.dataset.p);
    body.set("comment", comment.value);
    said.textContent = sheet.dataset.saving;
    return fetch("/jury/app/comment", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (resp) {
        return resp.json().then(function (answer) {
          said.textContent = answer.message;
          comment.classList.toggle("invalid", !answer.saved);
        });
      })
      .catch(function () {
        said.textContent = sheet.dataset.offline;
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
