/// The pages' style sheet and script, served from `/static/` so the
/// content security policy can forbid inline code.
enum Assets {
    static let css = """
        :root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #fff; --line: #d1d9e0; --accent: #0969da; --mark: #fff8c5; }
        @media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --line: #3d444d; --accent: #4493f8; --mark: #5a4a00; } }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 72rem; padding: 0 1rem 3rem; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
        a { color: var(--accent); }
        .top { display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; padding: .75rem 0; border-bottom: 1px solid var(--line); }
        .brand { font-weight: 700; font-size: 1.25rem; text-decoration: none; color: var(--fg); }
        .top nav a { margin-right: .75rem; }
        form.search { margin: 1rem 0 .5rem; }
        form .row { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; margin-bottom: .5rem; }
        form input[type=search] { flex: 1 1 16rem; min-width: 0; font-size: 1.05rem; padding: .45rem .6rem; }
        form input, form select, form button { font: inherit; padding: .3rem .45rem; }
        .controls label { font-size: .9rem; color: var(--muted); white-space: nowrap; }
        .help { font-size: .9rem; margin-bottom: 1rem; }
        .help td { padding: 0 .75rem .15rem 0; vertical-align: top; }
        .layout { display: grid; grid-template-columns: minmax(0, 1fr) 18rem; gap: 2rem; }
        @media (max-width: 760px) { .layout { grid-template-columns: minmax(0, 1fr); } .facets { order: -1; } }
        .summary { color: var(--muted); }
        .chip { display: inline-block; border: 1px solid var(--line); border-radius: 1rem; padding: 0 .6rem; font-size: .85rem; text-decoration: none; }
        ol.hits { list-style: none; padding: 0; margin: 0; }
        .hit { padding: .75rem 0; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
        .hit h2 { font-size: 1.1rem; margin: .1rem 0; }
        .meta { font-size: .85rem; color: var(--muted); }
        .snippet { margin: .25rem 0; }
        mark { background: var(--mark); color: inherit; padding: 0 .1em; }
        .copies summary { cursor: pointer; font-size: .9rem; color: var(--muted); }
        .copies ul { font-size: .9rem; margin: .25rem 0; }
        .pager { display: flex; gap: 1.5rem; padding: 1rem 0; }
        .facets h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
        .sources { list-style: none; padding: 0; margin: 0; font-size: .9rem; }
        .sources li { display: flex; justify-content: space-between; gap: .5rem; }
        .n { color: var(--muted); }
        svg { width: 100%; height: auto; display: block; }
        svg.histogram rect { fill: var(--accent); }
        svg.histogram rect.hit-area { fill: transparent; }
        svg a.bar:hover rect:not(.hit-area) { opacity: .7; }
        svg .axis { font-size: 10px; fill: var(--muted); }
        svg .grid { stroke: var(--line); stroke-width: 1; }
        .legend { list-style: none; padding: 0; display: flex; gap: 1rem; flex-wrap: wrap; }
        .legend svg.swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -1px; }
        .queries { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .4rem; margin-bottom: .5rem; }
        .numbers table { border-collapse: collapse; font-size: .85rem; }
        .numbers td, .numbers th { border: 1px solid var(--line); padding: .15rem .4rem; text-align: right; }
        .error { border: 1px solid #d1242f; border-radius: .4rem; padding: .6rem .8rem; margin: 1rem 0; }
        .article { max-width: 44rem; overflow-wrap: anywhere; }
        .article h1 { font-size: 1.6rem; line-height: 1.25; }
        .origin { font-size: .85rem; }
        .cluster { margin-top: 2rem; font-size: .95rem; }
        .cluster h2 { font-size: 1.05rem; }
        """

    /// Progressive enhancement only: the pages work without it.
    static let javascript = """
        "use strict";
        // Choosing a sort order or a period submits the form, as a button press would.
        document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
          select.addEventListener("change", function () { if (select.form) select.form.requestSubmit(); });
        });
        // "/" jumps to the search box, as on many search sites.
        document.addEventListener("keydown", function (event) {
          var box = document.querySelector("input[type=search]");
          if (event.key === "/" && box && document.activeElement !== box && !/input|select|textarea/i.test(document.activeElement.tagName)) {
            event.preventDefault();
            box.focus();
            box.select();
          }
        });
        // Empty fields stay out of the URL, so shared links stay short.
        document.querySelectorAll("form.search").forEach(function (form) {
          form.addEventListener("submit", function () {
            form.querySelectorAll("input[name], select[name]").forEach(function (field) {
              if (field.value === "" || (field.type === "checkbox" && !field.checked)) field.disabled = true;
            });
            setTimeout(function () { form.querySelectorAll("[disabled]").forEach(function (f) { f.disabled = false; }); }, 0);
          });
        });
        """
}
