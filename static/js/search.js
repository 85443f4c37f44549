// Optional: after a search, put the keyboard where the results begin, and open the
// filters' drawer on wide screens, where CSS already shows what it holds.
"use strict";

if (location.hash === "#results-heading") {
  document.getElementById("results-heading")?.focus();
}
const drawer = document.querySelector(".filters-drawer");
if (drawer && matchMedia("(min-width: 992px)").matches) {
  drawer.open = true;
}
