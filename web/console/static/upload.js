// Upload with a progress bar: XMLHttpRequest reports the bytes sent, which fetch() cannot.
"use strict";
(() => {
  const form = document.getElementById("upload-form");
  if (!form) return;
  const bar = document.getElementById("upload-progress");
  const message = document.getElementById("upload-message");
  const table = document.getElementById("rejections");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const file = document.getElementById("file").files[0];
    if (!file) return;
    const data = new FormData();
    data.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.dataset.url);
    bar.hidden = false;
    bar.value = 0;
    message.textContent = "Uploading " + file.name + "...";
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100); };
    xhr.onload = () => {
      bar.value = 100;
      let answer;
      try { answer = JSON.parse(xhr.responseText); } catch (err) { answer = { message: "The server answered " + xhr.status, rejected: [] }; }
      message.textContent = answer.message;
      message.className = answer.ok ? "ok" : "error";
      const body = table.querySelector("tbody");
      body.textContent = "";
      for (const row of answer.rejected || []) {
        const tr = document.createElement("tr");
        for (const value of [row.where, row.reason]) { const td = document.createElement("td"); td.textContent = value; tr.append(td); }
        body.append(tr);
      }
      table.hidden = !(answer.rejected || []).length;
      document.body.dataset.uploaded = answer.ok ? "ok" : "refused";
    };
    xhr.onerror = () => { message.textContent = "The upload failed; check the connection and try again."; message.className = "error"; };
    xhr.send(data);
  });
})();
