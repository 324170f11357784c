/* Direct-link click tag of the tracker. Paste on the landing page:
     <script src="https://TRACKER/pixel/click.js?a=AFFILIATE&c=CREATIVE" async></script>
   It reads a, c, s1..s5, udid and test from the landing page's own URL (falling back to the values in its
   own src) and reports the click with the click pixel of the tracker that served it. */
(function () {
  var script = document.currentScript;
  if (!script || !window.URLSearchParams) { return; }
  var src = new URL(script.src, window.location.href);
  var page = new URLSearchParams(window.location.search);
  var click = new URLSearchParams();
  ['a', 'c', 's1', 's2', 's3', 's4', 's5', 'udid', 'test'].forEach(function (name) {
    var value = page.get(name) || src.searchParams.get(name);
    if (value) { click.set(name, value); }
  });
  if (!click.get('a') || !click.get('c')) { return; }
  var pixel = new Image(1, 1);
  pixel.src = src.origin + '/pixel/click.gif?' + click.toString();
  window.__trackerClickPixel = pixel; // kept referenced until it has loaded
})();
