/* kientruc: search what the reader typed, including the last letter an input method commits.
 *
 * Material for MkDocs reads the search box on "keyup". Vietnamese is usually typed through an
 * input method (Telex or VNI on a phone, Unikey, dead keys): the toned letter that ends a word
 * ("tử", "số", "hỗ", "dữ") is committed as an "input" event with no key released after it, so
 * the search ran on "điện t" and matched every word starting with "t". Each input event that
 * is not part of a running composition is announced as a keyup, so the whole word is searched.
 */
(function () {
  "use strict";
  function announce(ev) {
    var box = ev.target;
    if (!box || !box.matches || !box.matches("input.md-search__input") || ev.isComposing) return;
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
  document.addEventListener("input", announce, true);
  document.addEventListener("compositionend", announce, true);
})();
