// Optional: after a search, put the keyboard where the results begin, and open the
// filters on wide screens in browsers whose CSS cannot.
"use strict";

if (location.hash === "#results-heading") {
  document.getElementById("results-heading")?.focus();
}
const drawer = document.querySelector(".filters-drawer");
if (drawer && !CSS.supports("selector(::details-content)") && matchMedia("(min-width: 992px)").matches) {
  drawer.open = true;
}
