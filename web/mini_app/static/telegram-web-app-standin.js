// A local stand-in for Telegram's telegram-web-app.js, for tests and local runs only (production loads
// Telegram's own script, see [mini_app] telegram_script_url). It provides the parts of window.Telegram.WebApp
// the app uses, read the way Telegram's script reads them: init data and theme from the launch URL's fragment
// (#tgWebAppData=...&tgWebAppThemeParams=...). The back button, which Telegram draws in its own header, is a
// small button at the top of the page; links opened through openTelegramLink are kept in `openedLinks`.
(function () {
  "use strict";
  const launch = new URLSearchParams(location.hash.slice(1));
  let theme = {};
  try { theme = JSON.parse(launch.get("tgWebAppThemeParams") || "{}"); } catch (e) { theme = {}; }
  const handlers = { back: [], themeChanged: [] };
  const back = document.createElement("button");
  back.id = "tg-back-button";
  back.type = "button";
  back.textContent = "‹ Back";
  back.style.cssText = "display:none;border:0;padding:4px 10px;font:inherit;background:none;color:inherit;";
  back.addEventListener("click", () => handlers.back.forEach((f) => f()));
  // Telegram's header, above the app's page (the page itself starts below it, as in Telegram).
  const header = document.createElement("div");
  header.style.cssText = "height:32px;display:flex;align-items:center;border-bottom:1px solid rgba(127,127,127,.3);";
  header.appendChild(back);
  document.addEventListener("DOMContentLoaded", () => document.body.prepend(header));
  // As Telegram does: the app's visible height (below the header) as a CSS variable.
  const viewport = () => document.documentElement.style.setProperty("--tg-viewport-height", innerHeight - 33 + "px");
  viewport();
  addEventListener("resize", viewport);
  const openedLinks = [];
  window.Telegram = {
    WebApp: {
      initData: launch.get("tgWebAppData") || "",
      themeParams: theme,
      colorScheme: launch.get("tgWebAppColorScheme") || "light",
      platform: "standin",
      version: "7.0",
      isExpanded: false,
      ready() { this.isReady = true; },
      expand() { this.isExpanded = true; },
      openTelegramLink(url) { openedLinks.push(url); },
      openedLinks,
      onEvent(name, f) { (handlers[name] = handlers[name] || []).push(f); },
      offEvent(name, f) { handlers[name] = (handlers[name] || []).filter((g) => g !== f); },
      BackButton: {
        isVisible: false,
        show() { this.isVisible = true; back.style.display = "block"; },
        hide() { this.isVisible = false; back.style.display = "none"; },
        onClick(f) { handlers.back.push(f); },
        offClick(f) { handlers.back = handlers.back.filter((g) => g !== f); },
      },
      HapticFeedback: { notificationOccurred() {}, impactOccurred() {} },
    },
  };
})();
