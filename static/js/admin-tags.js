// A record's tags field: after a comma, suggest the existing tags again,
// keeping the tags already typed in front of each suggestion, and leave
// out those already typed.
"use strict";
document.addEventListener("input", (event) => {
  const input = event.target;
  const list = input.list;
  if (!(input instanceof HTMLInputElement) || !list || !input.id.endsWith("tags")) {
    return;
  }
  const cut = input.value.lastIndexOf(",");
  const typed = cut < 0 ? "" : input.value.slice(0, cut + 1) + " ";
  const chosen = new Set(typed.split(",").map((name) => name.trim().toLowerCase()));
  for (const option of list.options) {
    option.dataset.name ??= option.value;
    option.value = typed + option.dataset.name;
    option.disabled = chosen.has(option.dataset.name.toLowerCase());
  }
});
