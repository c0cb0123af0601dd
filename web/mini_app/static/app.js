// chatlabel's Mini App: one card per task, swiped (pointer), pressed or keyed (arrows); the server decides the rest.
(function () {
  "use strict";
  const tg = window.Telegram && window.Telegram.WebApp;
  // The page's words: English as served, then the player's language from the first call (applyLabels).
  let labels = JSON.parse(document.getElementById("labels").textContent);
  const $ = (id) => document.getElementById(id);
  const SWIPE_PX = 80; // a drag this far past the centre is an answer
  const state = { card: null, busy: false, view: "play", answered: 0 };

  function applyTheme() {
    const p = (tg && tg.themeParams) || {};
    const root = document.documentElement.style;
    const pairs = { bg: p.bg_color, text: p.text_color, hint: p.hint_color, link: p.link_color,
      button: p.button_color, "button-text": p.button_text_color, "secondary-bg": p.secondary_bg_color };
    for (const [name, value] of Object.entries(pairs)) if (value) root.setProperty("--" + name, value);
  }

  function applyLabels(words, language) {
    if (!words) return;
    labels = Object.assign({}, labels, words);
    if (language) document.documentElement.lang = language;
    document.title = labels.title;
    document.querySelectorAll("[data-label]").forEach((el) => {
      const word = labels[el.dataset.label];
      if (word !== undefined && !(el.id === "level-title" && state.card)) el.textContent = word;
    });
    document.querySelectorAll("[data-label-title]").forEach((el) => { el.title = labels[el.dataset.labelTitle] || el.title; });
  }

  async function call(path, body) {
    const init = { method: body === undefined ? "GET" : "POST",
      headers: { Authorization: "tma " + ((tg && tg.initData) || "") } };
    if (body !== undefined) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
    let response;
    try { response = await fetch(path, init); } catch (e) { throw new Error(labels.offline); }
    if (path.startsWith("api/image/")) {
      if (!response.ok) throw new Error(labels.offline);
      return response.blob();
    }
    const data = await response.json().catch(() => ({ error: labels.offline }));
    if (!response.ok) throw new Error(data.error || labels.offline);
    return data;
  }

  function say(text, tone) {
    const el = $("feedback");
    el.textContent = text || "";
    el.className = "feedback" + (tone ? " " + tone : "");
  }

  function showProgress(p) {
    if (!p) return;
    $("level-title").textContent = labels.level + " " + p.level + ": " + p.title;
    $("next-title").textContent = p.next_title ? "→ " + p.next_title : "";
    $("level-bar").style.width = Math.round(p.fraction * 100) + "%";
    $("level-bar").parentElement.setAttribute("aria-valuenow", String(Math.round(p.fraction * 100)));
  }

  async function refreshProfile() {
    const me = await call("api/profile");
    showProgress(me.progress);
    $("streak").textContent = me.streak;
    $("points").textContent = me.points;
    $("pending").textContent = me.pending ? labels.pending + " " + me.pending : "";
    $("rank").textContent = me.rank + "/" + me.players;
    $("check-in").disabled = me.checked_in;
    $("check-in").textContent = me.checked_in ? labels.checked_in : labels.check_in;
  }

  // Builds a card's element; its picture is fetched with the init data (the address names the task only).
  async function buildCard(card) {
    const el = document.createElement("article");
    el.className = "card";
    el.dataset.task = card.task_id;
    const add = (tag, cls, text) => { const n = document.createElement(tag); if (cls) n.className = cls;
      if (text !== undefined) n.textContent = text; el.appendChild(n); return n; };
    if (card.swipe) { add("span", "tag left", card.choices[0].label); add("span", "tag right", card.choices[1].label); }
    add("div", "question", card.question);
    if (card.image) {
      const img = add("img");
      img.alt = card.question;
      img.src = URL.createObjectURL(await call(card.image));
      await img.decode().catch(() => {});
    }
    if (card.answers.length) {
      if (card.text) add("div", "text", card.text);
      const pair = add("div", "pair");
      card.answers.forEach((text, i) => {
        const box = document.createElement("div");
        const name = document.createElement("b");
        name.textContent = card.choices[i] ? card.choices[i].label : "";
        box.appendChild(name);
        box.appendChild(document.createTextNode(text));
        pair.appendChild(box);
      });
    } else if (card.text) add("div", "text", card.text);
    return el;
  }

  function showChoices(card) {
    const box = $("choices");
    box.replaceChildren();
    box.className = "choices" + (card && card.choices.length > 2 ? " many" : "");
    if (!card) return;
    const button = (label, cls, onClick) => { const b = document.createElement("button"); b.type = "button";
      b.textContent = label; if (cls) b.className = cls; b.addEventListener("click", onClick); box.appendChild(b); };
    if (card.swipe) {
      button("← " + card.choices[0].label, "choice", () => answer(card.choices[0].key, -1));
      button(labels.not_sure, "skip", skip);
      button(card.choices[1].label + " →", "choice", () => answer(card.choices[1].key, 1));
    } else {
      card.choices.forEach((c) => button(c.label, "choice", () => answer(c.key, 0)));
      button(labels.not_sure, "skip", skip);
    }
  }

  // The next card is built (picture decoded) before the old one leaves, so it is there when the swipe ends.
  async function show(card, direction) {
    const stack = $("stack");
    const old = stack.querySelector(".card.top");
    state.card = card;
    $("empty").hidden = !!card;
    let el = null;
    if (card) {
      el = await buildCard(card);
      el.classList.add("behind");
      stack.appendChild(el);
      showProgress(card.progress);
    }
    if (old) {
      old.classList.remove("dragging");
      old.style.transform = "translateX(" + (direction || 0) * 130 + "%) rotate(" + (direction || 0) * 18 + "deg)";
      old.style.opacity = "0";
      old.classList.remove("top");
      setTimeout(() => old.remove(), 200);
    }
    if (el) { el.getBoundingClientRect(); el.classList.remove("behind"); el.classList.add("top"); swipeable(el, card); }
    showChoices(card);
  }

  async function run(work) {
    if (state.busy) return;
    state.busy = true;
    try { await work(); } catch (e) { say(e.message, "bad"); } finally { state.busy = false; }
  }

  function answer(key, direction) {
    const card = state.card;
    if (!card) return;
    run(async () => {
      const result = await call("api/answer", { task_id: card.task_id, choice: key });
      say(result.message, result.correct === false || !result.counted ? "bad" : result.correct ? "good" : "");
      if (result.level_up && tg && tg.HapticFeedback) tg.HapticFeedback.notificationOccurred("success");
      showProgress(result.progress);
      await show(result.next, direction);
      // The outcome carries the progress and the points; the whole profile is read again only now and then.
      state.answered += 1;
      if (result.level_up || result.level_down || state.answered % 10 === 0) refreshProfile().catch(() => {});
      else if (result.points) $("points").textContent = Number($("points").textContent) + result.points;
    }).finally(() => snapBack());
  }

  function skip() {
    const card = state.card;
    if (!card) return;
    run(async () => { const result = await call("api/skip", { task_id: card.task_id }); say(""); await show(result.card, 0); });
  }

  function snapBack() {
    const top = $("stack").querySelector(".card.top");
    if (top && state.card && top.dataset.task == state.card.task_id) { top.classList.remove("dragging"); top.style.transform = ""; }
  }

  // Real pointer events (touch, pen or mouse): drag the card; past SWIPE_PX on release it answers.
  function swipeable(el, card) {
    if (!card.swipe) return;
    let startX = null, dx = 0;
    const tags = el.querySelectorAll(".tag");
    el.addEventListener("pointerdown", (e) => { startX = e.clientX; dx = 0; el.setPointerCapture(e.pointerId); el.classList.add("dragging"); });
    el.addEventListener("pointermove", (e) => {
      if (startX === null) return;
      dx = e.clientX - startX;
      el.style.transform = "translateX(" + dx + "px) rotate(" + dx / 20 + "deg)";
      tags[0].style.opacity = String(Math.min(1, Math.max(0, -dx / SWIPE_PX)));
      tags[1].style.opacity = String(Math.min(1, Math.max(0, dx / SWIPE_PX)));
    });
    const end = () => {
      if (startX === null) return;
      startX = null;
      tags.forEach((t) => { t.style.opacity = "0"; });
      if (dx <= -SWIPE_PX) answer(card.choices[0].key, -1);
      else if (dx >= SWIPE_PX) answer(card.choices[1].key, 1);
      else { el.classList.remove("dragging"); el.style.transform = ""; }
    };
    el.addEventListener("pointerup", end);
    el.addEventListener("pointercancel", end);
  }

  function open(view) {
    state.view = view;
    for (const name of ["play", "board", "invite"]) $(name).hidden = name !== view;
    if (tg && tg.BackButton) { if (view === "play") tg.BackButton.hide(); else tg.BackButton.show(); }
  }

  async function openBoard() {
    const board = await call("api/leaderboard");
    const rows = $("board-rows");
    rows.replaceChildren();
    const line = (row, you) => { const li = document.createElement("li"); if (you) li.className = "you";
      const name = document.createElement("span"); name.textContent = row.rank + ". " + (you ? labels.you + " · " : "") + row.name;
      const pts = document.createElement("b"); pts.textContent = row.points; li.append(name, pts); rows.appendChild(li); };
    board.rows.forEach((row) => line(row, board.you && board.you.rank === row.rank && board.you.name === row.name));
    if (board.you && !board.rows.some((r) => r.rank === board.you.rank)) line(board.you, true);
    open("board");
  }

  async function openInvite() {
    const facts = await call("api/invite");
    $("invite-link").textContent = facts.link || "";
    $("invite-figures").textContent = labels.invited + ": " + facts.invited + " (" + facts.rewarded + " " + labels.rewarded + ")";
    $("share").disabled = !facts.link;
    $("share").onclick = () => {
      const url = "https://t.me/share/url?url=" + encodeURIComponent(facts.link) + "&text=" + encodeURIComponent(facts.share_text);
      if (tg && tg.openTelegramLink) tg.openTelegramLink(url); else window.open(url, "_blank");
    };
    open("invite");
  }

  document.addEventListener("keydown", (e) => {
    if (state.view !== "play" || !state.card) return;
    if (e.key === "Escape") return;
    if (state.card.swipe && e.key === "ArrowLeft") answer(state.card.choices[0].key, -1);
    else if (state.card.swipe && e.key === "ArrowRight") answer(state.card.choices[1].key, 1);
    else if (e.key === "ArrowDown") skip();
  });
  $("check-in").addEventListener("click", () => run(async () => {
    const facts = await call("api/check-in", {});
    say(facts.message, "good");
    await refreshProfile();
  }));
  $("open-board").addEventListener("click", () => run(openBoard));
  $("open-invite").addEventListener("click", () => run(openInvite));

  if (tg) {
    tg.ready();
    tg.expand();
    applyTheme();
    if (tg.onEvent) tg.onEvent("themeChanged", applyTheme);
    if (tg.BackButton) tg.BackButton.onClick(() => open("play"));
  }
  run(async () => {
    const welcome = await call("api/start", {});
    applyLabels(welcome.labels, welcome.language);
    say(welcome.message);
    await show(welcome.card, 0);
    if (!welcome.card) await show((await call("api/card")).card, 0);
    await refreshProfile();
  });
})();
