// Renders the OpenAPI document as a list of operations; shipped with the server, nothing fetched elsewhere.
"use strict";
(async () => {
  const target = document.getElementById("ops");
  const response = await fetch("/api/v1/openapi.json");
  const doc = await response.json();
  const text = (tag, value, cls) => { const el = document.createElement(tag); el.textContent = value; if (cls) el.className = cls; return el; };
  target.textContent = "";
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const box = document.createElement("div");
      box.className = "op";
      box.append(text("span", method, "method " + method), text("code", path), text("div", op.summary));
      const scopes = (op.security || []).flatMap((s) => Object.values(s).flat());
      if (scopes.length) box.append(text("div", "scope: " + scopes.join(", "), "muted"));
      const codes = Object.keys(op.responses || {}).join(" ");
      box.append(text("div", "answers: " + codes, "muted"));
      const body = op.requestBody && op.requestBody.content["application/json"];
      if (body) {
        const name = body.schema.$ref.split("/").pop();
        box.append(text("pre", name + " " + JSON.stringify(doc.components.schemas[name].properties, null, 1)));
      }
      target.append(box);
    }
  }
})();
