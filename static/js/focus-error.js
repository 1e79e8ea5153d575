// After a failed submission, move focus to the first field with an error (Django marks it aria-invalid),
// so that a phone user lands on it instead of on a banner thousands of pixels above it.
(function () {
  "use strict";
  var field = document.querySelector('[aria-invalid="true"]');
  if (!field) return;
  field.focus({ preventScroll: true });
  field.scrollIntoView({ block: "center" });
})();
