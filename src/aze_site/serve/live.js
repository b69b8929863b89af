// aze-site serve: live reload, the build-error overlay and the warnings panel (only ever
// sent by the dev server). Diagnostics are always shown as text, never as markup.
(() => {
  "use strict";
  if (window.__azeLive) return;
  window.__azeLive = true;
  const KEY = "aze-scroll:" + location.pathname;
  // The server sent the 404 page for this address (no page there yet).
  const MISSING = Boolean(document.currentScript && document.currentScript.hasAttribute("data-missing"));

  // A reload we asked for comes back to where the reader was.
  const saved = sessionStorage.getItem(KEY);
  if (saved !== null) {
    sessionStorage.removeItem(KEY);
    const restore = () => window.scrollTo(0, Number(saved));
    restore();
    addEventListener("DOMContentLoaded", restore, {once: true});
    addEventListener("load", restore, {once: true});
  }

  function reload() {
    sessionStorage.setItem(KEY, String(window.scrollY));
    location.reload();
  }

  // This page's file in the built site, as the server names changed files.
  function ownFile() {
    let path = decodeURIComponent(location.pathname).replace(/^\//, "");
    if (path === "" || path.endsWith("/")) path += "index.html";
    return path;
  }

  function sources(doc, selector, attribute) {
    return Array.from(doc.querySelectorAll(selector), (el) => el.getAttribute(attribute) || el.textContent).join("\n");
  }

  // The page's new version takes the old one's place without a reload when it loads the
  // same stylesheets and scripts and runs no script of its own in its body (nothing would
  // run it again): the text shows at once, where the reader was. Anything else reloads.
  async function refresh() {
    try {
      const response = await fetch(location.href, {cache: "no-store"});
      if (!response.ok) return reload();
      const next = new DOMParser().parseFromString(await response.text(), "text/html");
      const same = ["link[rel~=stylesheet]", "script"].every((s) =>
        sources(next.head, s, s === "script" ? "src" : "href") === sources(document.head, s, s === "script" ? "src" : "href"));
      const scripted = (doc) => Array.from(doc.body.querySelectorAll("script")).some((s) => !String(s.src).includes("/__aze/"));
      if (!same || scripted(next) || scripted(document)) return reload();
      const y = window.scrollY;
      document.title = next.title;
      document.body.replaceWith(document.adoptNode(next.body));
      window.scrollTo(0, y);
      markDraft({});  // found now: no longer a draft's address
    } catch (error) {
      reload();
    }
  }

  // A rebuild reloads only the pages it changed (or all, when what changed is not a page);
  // a tab showing the 404 page reloads when that page changed too (its menu, its words).
  function changed(d) {
    if (!Array.isArray(d.pages) || d.assets) return true;
    return d.pages.includes(ownFile()) || (MISSING && d.pages.includes("404.html"));
  }

  // New stylesheets load beside the old ones, which go once the new ones apply: no flash.
  function swapCss() {
    const stamp = Date.now().toString(36);
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("v", stamp);
      const fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.addEventListener("load", () => link.remove(), {once: true});
      fresh.addEventListener("error", () => fresh.remove(), {once: true});
      link.after(fresh);
    }
  }

  let host = null;
  function hideOverlay() {
    if (host) host.remove();
    host = null;
  }
  function showOverlay(lines, served) {
    hideOverlay();
    host = document.createElement("aze-build-error");
    host.id = "__aze-overlay";
    const root = host.attachShadow({mode: "open"});  // the site's CSS cannot restyle it
    root.innerHTML = `<style>
      .box { position: fixed; inset: 0 0 auto 0; z-index: 2147483647; max-height: 80vh;
        overflow: auto; background: #fff8f7; color: #1a1a1a; border-bottom: 4px solid #7f1d1d;
        box-shadow: 0 6px 24px rgba(0,0,0,.35); font: 16px/1.5 system-ui, sans-serif; }
      header { display: flex; align-items: center; justify-content: space-between;
        background: #7f1d1d; color: #fff; padding: .6rem 1rem; }
      h2 { margin: 0; font-size: 1.25rem; }
      button { font: inherit; font-size: 1.5rem; line-height: 1; color: #fff; background: none;
        border: 2px solid transparent; border-radius: 4px; padding: 0 .5rem; cursor: pointer; }
      button:focus-visible { border-color: #fff; }
      p { margin: .75rem 1rem; }
      ol { margin: 0 1rem 1rem; padding: 0; list-style: none; }
      li { font: 14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        white-space: pre-wrap; overflow-wrap: anywhere; padding: .35rem .5rem;
        border-left: 4px solid #b91c1c; background: #fff; margin: .25rem 0; }
    </style>
    <div class="box" role="alertdialog" aria-live="assertive" aria-labelledby="aze-title"
         aria-describedby="aze-help">
      <header><h2 id="aze-title">Build failed</h2>
        <button type="button" aria-label="Close">\u00d7</button></header>
      <p id="aze-help"></p>
      <ol></ol>
    </div>`;
    root.querySelector("#aze-help").textContent = served === false
      ? "Fix the file and save it: this page appears by itself. Nothing has built yet, " +
        "so there is no page to show until then."
      : "Fix the file and save it: this page updates by itself. " +
        "Until then you are seeing the last version that built.";
    const list = root.querySelector("ol");
    for (const line of lines) {
      const item = document.createElement("li");
      item.textContent = line;  // text, never markup: messages quote the editor's content
      list.append(item);
    }
    root.querySelector("button").addEventListener("click", hideOverlay);
    root.addEventListener("keydown", (e) => { if (e.key === "Escape") hideOverlay(); });
    document.documentElement.append(host);
  }

  // The title bar of a panel (the warnings, a draft's notice), in its colour.
  function bar(color) {
    return `header { display: flex; align-items: center; justify-content: space-between;
        background: ${color}; color: #fff; padding: .4rem 1rem; }
      h2 { margin: 0; font-size: 1.1rem; }
      button { font: inherit; font-size: 1.5rem; line-height: 1; color: #fff; background: none;
        border: 2px solid transparent; border-radius: 4px; padding: 0 .5rem; cursor: pointer; }
      button:focus-visible { border-color: #fff; outline: 2px solid #fff; outline-offset: 2px; }`;
  }

  // A good build's warnings: a panel at the bottom that the editor can dismiss. Dismissed,
  // it stays closed (across reloads of this tab) until the warnings change.
  const DISMISSED = "aze-warnings-dismissed";
  let panel = null;
  function hideWarnings() {
    if (panel) panel.remove();
    panel = null;
  }
  function showWarnings(lines) {
    hideWarnings();
    const key = JSON.stringify(lines);
    if (!lines.length) {
      sessionStorage.removeItem(DISMISSED);
      return;
    }
    if (sessionStorage.getItem(DISMISSED) === key) return;
    panel = document.createElement("aze-build-warnings");
    panel.id = "__aze-warnings";
    const root = panel.attachShadow({mode: "open"});  // the site's CSS cannot restyle it
    root.innerHTML = `<style>
      .box { position: fixed; inset: auto 0 0 0; z-index: 2147483646; max-height: 40vh;
        overflow: auto; background: #fffbeb; color: #1a1a1a; border-top: 4px solid #78350f;
        box-shadow: 0 -6px 24px rgba(0,0,0,.3); font: 16px/1.5 system-ui, sans-serif; }
      ${bar("#78350f")}
      p { margin: .5rem 1rem; }
      ol { margin: 0 1rem .75rem; padding: 0; list-style: none; }
      li { font: 14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        white-space: pre-wrap; overflow-wrap: anywhere; padding: .3rem .5rem;
        border-left: 4px solid #b45309; background: #fff; margin: .25rem 0; }
    </style>
    <section class="box" role="region" aria-live="polite" aria-labelledby="aze-warn-title"
             aria-describedby="aze-warn-help">
      <header><h2 id="aze-warn-title">Build warnings</h2>
        <button type="button" aria-label="Dismiss warnings">\u00d7</button></header>
      <p id="aze-warn-help"></p>
      <ol></ol>
    </section>`;
    root.querySelector("#aze-warn-help").textContent = (lines.length === 1 ? "1 warning" :
      lines.length + " warnings") + ": the site built, and this page shows it. " +
      "Dismissed, this panel stays closed until the warnings change.";
    const list = root.querySelector("ol");
    for (const line of lines) {
      const item = document.createElement("li");
      item.textContent = line;  // text, never markup: messages quote the editor's content
      list.append(item);
    }
    const dismiss = () => {
      sessionStorage.setItem(DISMISSED, key);
      hideWarnings();
    };
    root.querySelector("button").addEventListener("click", dismiss);
    root.addEventListener("keydown", (e) => { if (e.key === "Escape") dismiss(); });
    document.documentElement.append(panel);
  }

  // A draft's address, where the preview leaves drafts out: the page not found says why.
  let draft = null;
  let drafted = null;  // the draft this address is said to be (shown or closed), or null
  function hideDraft() {
    if (draft) draft.remove();
    draft = null;
  }
  // After a rebuild that changed the drafts (one saved, renamed, deleted or published):
  // said again only when it is another file, so that a notice closed stays closed.
  function markDraft(drafts) {
    const source = drafts[ownAddress()];
    if (typeof source !== "string") {
      drafted = null;
      hideDraft();
    } else if (source !== drafted) {
      showDraft(source);
    }
  }
  function showDraft(source) {
    hideDraft();
    drafted = source;
    draft = document.createElement("aze-draft-notice");
    draft.id = "__aze-draft";
    const root = draft.attachShadow({mode: "open"});  // the site's CSS cannot restyle it
    root.innerHTML = `<style>
      .box { position: fixed; inset: 0 0 auto 0; z-index: 2147483645; background: #eff6ff;
        color: #1a1a1a; border-bottom: 4px solid #1e3a8a; box-shadow: 0 6px 24px rgba(0,0,0,.25);
        font: 16px/1.5 system-ui, sans-serif; }
      ${bar("#1e3a8a")}
      p { margin: .6rem 1rem; }
      code { font: 14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        overflow-wrap: anywhere; }
    </style>
    <section class="box" role="region" aria-live="polite" aria-labelledby="aze-draft-title">
      <header><h2 id="aze-draft-title">A draft</h2>
        <button type="button" aria-label="Close">\u00d7</button></header>
      <p>This is the address of <code></code>, a draft (its file says <code>draft: true</code>).
        The preview leaves drafts out, as <code>aze-site build</code> does: stop the preview and
        run <code>aze-site serve --drafts</code> to see it here, or set <code>draft: false</code>
        in its file to publish it.</p>
    </section>`;
    root.querySelector("code").textContent = source;  // text, never markup
    root.querySelector("button").addEventListener("click", hideDraft);
    root.addEventListener("keydown", (e) => { if (e.key === "Escape") hideDraft(); });
    document.documentElement.append(draft);
  }
  function ownAddress() {
    const path = decodeURIComponent(location.pathname);
    return path.endsWith("/index.html") ? path.slice(0, -"index.html".length) : path;
  }

  // A page opened while the build is broken shows what broke at once; a page opened
  // after a good build with warnings shows those; a draft's address, that it is one.
  fetch("/__aze/status", {cache: "no-store"})
    .then((r) => r.json())
    .then((s) => {
      if (!s.ok) showOverlay(s.diagnostics, s.served); else showWarnings(s.warnings || []);
      markDraft(s.drafts || {});
    })
    .catch(() => {});

  let boot = null;
  let build = null;
  function connect() {
    const source = new EventSource("/__aze/events");
    source.addEventListener("hello", (e) => {
      const d = JSON.parse(e.data);
      // Back after the server restarted or rebuilt while we were away: catch up.
      if (boot !== null && (d.boot !== boot || d.build !== build)) return reload();
      boot = d.boot;
      build = d.build;
    });
    source.addEventListener("reload", (e) => {
      const d = JSON.parse(e.data);
      const broken = host !== null;
      build = d.build;
      hideOverlay();
      showWarnings(d.warnings || []);
      if (d.drafts) markDraft(d.drafts);
      if (broken || changed(d)) refresh();
    });
    source.addEventListener("css", (e) => {
      const d = JSON.parse(e.data);
      build = d.build;
      swapCss();
      showWarnings(d.warnings || []);
      if (d.drafts) markDraft(d.drafts);
    });
    source.addEventListener("warnings", (e) => {
      const d = JSON.parse(e.data);
      build = d.build;
      showWarnings(d.warnings || []);
      if (d.drafts) markDraft(d.drafts);
    });
    source.addEventListener("error", (e) => {
      if (e instanceof MessageEvent) {  // our event, not a dropped connection
        const d = JSON.parse(e.data);
        build = d.build;
        hideWarnings();  // the overlay lists every diagnostic, warnings included
        showOverlay(d.diagnostics, d.served);
      } else if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, 1000);  // EventSource gives up on some failures: keep trying
      }
    });
  }
  connect();
})();
