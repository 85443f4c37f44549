// Optional: add to and remove from the shortlist without leaving the page.
// Without JavaScript the same forms post and come back here.
"use strict";

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-shortlist")) {
    return;
  }
  event.preventDefault();
  let response;
  try {
    response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
  } catch {
    form.submit();
    return;
  }
  const data = response.ok ? await response.json() : { full: true };
  if (data.full) {
    // A full shortlist has its own page, to choose which to replace.
    form.submit();
    return;
  }
  const holder = document.createElement("div");
  holder.innerHTML = data.html;
  const replacement = holder.firstElementChild;
  form.replaceWith(replacement);
  replacement.querySelector("button").focus();
  for (const badge of document.querySelectorAll("[data-shortlist-count]")) {
    badge.textContent = data.count;
  }
  const status = document.getElementById("shortlist-status");
  if (status) {
    status.textContent = data.message;
  }
});
