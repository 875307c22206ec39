"""The HTML roadmap's inline stylesheet and its one small, optional script.

Kept apart from the renderer so export_html.py reads as the document's structure.
Status colours come in pairs (ink, tint) chosen for at least 4.5:1 contrast in both
colour schemes; print turns everything to ink on paper and drops the chrome.
"""

CSS = """
:root{
  color-scheme:light dark;
  --bg:#f5f6f8;--surface:#fff;--surface-2:#eff1f5;--text:#1b2130;--muted:#586172;--border:#dce0e7;
  --accent:#4338ca;--accent-tint:#eceafd;--link:#3730a3;--focus:#d97706;--edge:#9aa2b1;
  --done:#17723a;--done-tint:#e3f3e8;--prog:#0a5fb4;--prog-tint:#e2effc;
  --todo:#5f6775;--todo-tint:#fff;--skip:#6d7380;--skip-tint:#f0f1f3;
  --warn:#8a5a00;--warn-tint:#fff5d6;--shadow:0 1px 2px rgba(20,24,36,.06),0 4px 14px rgba(20,24,36,.05);
}
@media (prefers-color-scheme:dark){:root{
  --bg:#0e1117;--surface:#161b24;--surface-2:#1e2430;--text:#e7eaf0;--muted:#a0a8b6;--border:#2c3342;
  --accent:#a5a6ff;--accent-tint:#23224a;--link:#b4b8ff;--focus:#fbbf24;--edge:#5d6678;
  --done:#4cc46e;--done-tint:#12281b;--prog:#62adff;--prog-tint:#10243b;
  --todo:#a0a8b6;--todo-tint:#161b24;--skip:#8b93a1;--skip-tint:#1b1f27;
  --warn:#e0ac3c;--warn-tint:#2a2110;--shadow:none;
}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;scroll-behavior:smooth}
body{margin:0;background:var(--bg);color:var(--text);
  font:16px/1.55 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Liberation Sans",system-ui,sans-serif}
a{color:var(--link);text-underline-offset:2px}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px;border-radius:4px}
code{font:.86em/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;
  background:var(--surface-2);border-radius:5px;padding:.1em .35em}
.wrap{max-width:1080px;margin:0 auto;padding:0 20px}
.skip{position:absolute;left:12px;top:-60px;z-index:9;background:var(--accent);color:#fff;
  padding:8px 14px;border-radius:8px;font-weight:600;text-decoration:none}
.skip:focus{top:12px}
header.page{background:var(--surface);border-bottom:1px solid var(--border);padding:28px 0 22px}
.eyebrow{margin:0 0 4px;font-size:.78rem;font-weight:700;letter-spacing:.08em;text-transform:uppercase;color:var(--accent)}
h1{font-size:2rem;line-height:1.2;margin:0 0 6px;letter-spacing:-.01em}
.answers{margin:0;color:var(--muted)}
.answers span+span::before{content:"·";margin:0 .5em;color:var(--border)}
.overall{margin-top:20px}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin:16px 0 0;padding:0}
.stat{background:var(--surface-2);border-radius:12px;padding:12px 14px;margin:0}
.stat dt{font-size:.8rem;color:var(--muted);font-weight:600}
.stat dd{margin:2px 0 0;font-size:1.25rem;font-weight:700;line-height:1.3}
.stat dd small{display:block;font-size:.8rem;font-weight:400;color:var(--muted)}
.progress{display:flex;align-items:center;gap:12px}
.bar{flex:1;height:10px;border-radius:999px;background:var(--surface-2);overflow:hidden;
  box-shadow:inset 0 0 0 1px var(--border)}
.bar>span{display:block;height:100%;border-radius:999px;background:var(--done);
  -webkit-print-color-adjust:exact;print-color-adjust:exact}
.bar.big{height:14px}
.pct{font-weight:700;font-variant-numeric:tabular-nums;min-width:3.2em;text-align:right}
.progress-text{margin:6px 0 0;color:var(--muted);font-size:.92rem}
.toolbar{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin-top:18px}
.next{margin:0;flex:1 1 320px}
button{font:inherit;font-size:.9rem;font-weight:600;color:var(--text);background:var(--surface);
  border:1px solid var(--border);border-radius:999px;padding:6px 14px;cursor:pointer;min-height:36px}
button:hover{border-color:var(--accent)}
button[aria-pressed="true"]{background:var(--accent-tint);border-color:var(--accent);color:var(--link)}
nav.topics{background:var(--surface);border-bottom:1px solid var(--border)}
nav.topics ol{list-style:none;margin:0;padding:10px 0;display:flex;gap:8px;overflow-x:auto}
nav.topics li{flex:none}
nav.topics a{display:inline-flex;gap:8px;align-items:center;padding:6px 12px;border-radius:999px;
  background:var(--surface-2);color:var(--text);text-decoration:none;font-size:.88rem;white-space:nowrap}
nav.topics a:hover{background:var(--accent-tint)}
nav.topics .pct{min-width:0;font-weight:600;color:var(--muted)}
main{padding:8px 0 40px}
.card{background:var(--surface);border:1px solid var(--border);border-radius:16px;padding:22px 24px;
  margin:22px 0;box-shadow:var(--shadow)}
h2{font-size:1.35rem;line-height:1.3;margin:0}
.lede{color:var(--muted);margin:6px 0 0}
.graph-scroll{overflow-x:auto;margin:14px -6px 0;padding:6px}
svg.graph{display:block;margin:0 auto;max-width:100%;height:auto;font-family:inherit}
.edge{fill:none;stroke:var(--edge);stroke-width:2}
.edge-path{stroke-dasharray:6 5}
.arrowhead{fill:var(--edge)}
.node-box{fill:var(--surface);stroke:var(--border);stroke-width:1.5}
.node-title{font-size:14px;font-weight:700;fill:var(--text)}
.node-meta{font-size:13px;fill:var(--muted)}
.node-track{fill:var(--surface-2)}
.node-fill{fill:var(--done)}
.node-stripe{fill:var(--todo)}
.node-done .node-box{fill:var(--done-tint);stroke:var(--done)}
.node-done .node-stripe,.node-done .node-icon{fill:var(--done)}
.node-in-progress .node-box{fill:var(--prog-tint);stroke:var(--prog)}
.node-in-progress .node-stripe,.node-in-progress .node-icon{fill:var(--prog)}
.node-skipped .node-box,.node-empty .node-box{fill:var(--skip-tint);stroke-dasharray:5 4}
.node-skipped .node-stripe,.node-empty .node-stripe{fill:var(--skip)}
a.node:hover .node-box{stroke:var(--accent);stroke-width:2.5}
a.node:focus{outline:none}
a.node:focus-visible .node-box{stroke:var(--focus);stroke-width:4}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;list-style:none;margin:12px 0 0;padding:0;
  font-size:.85rem;color:var(--muted)}
.legend li{display:flex;align-items:center;gap:6px}
.swatch{width:14px;height:14px;border-radius:4px;border:1.5px solid var(--todo);background:var(--todo-tint)}
.swatch.done{border-color:var(--done);background:var(--done-tint)}
.swatch.in-progress{border-color:var(--prog);background:var(--prog-tint)}
.swatch.skipped{border:1.5px dashed var(--skip);background:var(--skip-tint)}
.line{width:26px;border-top:2px solid var(--edge)}
.line.dashed{border-top-style:dashed}
.topic-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:8px 12px}
.pill{display:inline-block;font-size:.75rem;font-weight:700;letter-spacing:.04em;text-transform:uppercase;
  color:var(--accent);background:var(--accent-tint);border-radius:999px;padding:2px 10px}
.topic-progress{margin:14px 0 4px}
.topic-progress .progress-text{margin-top:4px}
.unit-progress{list-style:none;padding:0;margin:6px 0;font-size:.9em}
.unit-progress li{display:flex;gap:8px;align-items:center;margin:2px 0}
.needs{margin:10px 0 0;font-size:.92rem;color:var(--muted)}
details{margin:14px 0 0;border-top:1px solid var(--border);padding-top:10px}
summary{cursor:pointer;font-weight:600;color:var(--link)}
details h3{font-size:.95rem;margin:12px 0 4px}
details ul{margin:0;padding-left:1.2em}
ol.items{list-style:none;margin:16px 0 0;padding:0;display:grid;gap:10px}
.item{border:1px solid var(--border);border-left:5px solid var(--todo);border-radius:12px;
  padding:12px 16px;background:var(--surface)}
.item[data-state="done"]{border-left-color:var(--done)}
.item[data-state="in-progress"]{border-left-color:var(--prog);background:linear-gradient(90deg,var(--prog-tint),var(--surface) 40%)}
.item[data-state="skipped"]{border-left-color:var(--skip);background:var(--skip-tint)}
.item-head{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 10px}
.item h3{font-size:1.02rem;line-height:1.35;margin:0;flex:1 1 300px}
.item .pos{color:var(--muted);font-weight:600;font-variant-numeric:tabular-nums;margin-right:.25em}
.item[data-state="skipped"] h3 .title{text-decoration:line-through;color:var(--muted)}
.item[data-state="done"] h3 .title{color:var(--muted)}
.badge{display:inline-flex;align-items:center;gap:5px;font-size:.78rem;font-weight:700;white-space:nowrap;
  border-radius:999px;padding:2px 10px;border:1px solid currentColor;color:var(--todo);background:var(--todo-tint)}
.badge.done{color:var(--done);background:var(--done-tint)}
.badge.in-progress{color:var(--prog);background:var(--prog-tint)}
.badge.skipped{color:var(--skip);background:var(--skip-tint)}
.badge.warn{color:var(--warn);background:var(--warn-tint)}
.meta{margin:4px 0 0;font-size:.86rem;color:var(--muted)}
.meta>span+span::before{content:"·";margin:0 .45em}
.about{margin:8px 0 0}
.why{margin:6px 0 0;font-size:.92rem;color:var(--muted)}
.callout{margin:8px 0 0;padding:8px 12px;border-radius:8px;font-size:.92rem}
.callout.status{background:var(--warn-tint);color:var(--text)}
.callout.status strong{color:var(--warn)}
.callout.note{background:var(--accent-tint);border-left:3px solid var(--accent)}
.callout.skip-reason{background:var(--surface-2)}
.notes{margin:4px 0 0;padding-left:18px}.notes time{color:var(--muted);font-variant-numeric:tabular-nums;margin-right:6px}
.callout p{margin:0;white-space:pre-wrap}
.empty{color:var(--muted);font-style:italic;margin:14px 0 0}
.hide-done .item[data-state="done"]{display:none}
footer.page{border-top:1px solid var(--border);color:var(--muted);font-size:.88rem;padding:18px 0 36px}
footer.page p{margin:4px 0}
@media (max-width:640px){
  .wrap{padding:0 14px}
  h1{font-size:1.5rem}
  .card{padding:16px;border-radius:12px;margin:14px 0}
  .stats{grid-template-columns:1fr 1fr}
  .stat dd{font-size:1.05rem}
  .item{padding:10px 12px}
}
@media print{
  :root{--bg:#fff;--surface:#fff;--surface-2:#fff;--text:#000;--muted:#222;--border:#888;--accent:#000;
    --accent-tint:#fff;--link:#000;--edge:#444;--done:#000;--done-tint:#fff;--prog:#000;--prog-tint:#fff;
    --todo:#000;--todo-tint:#fff;--skip:#555;--skip-tint:#fff;--warn:#000;--warn-tint:#fff;--shadow:none}
  .skip,nav,button,details{display:none!important}
  ol.items{display:block}
  .item{margin:0 0 6pt}
  body{font-size:10.5pt;background:#fff;color:#000}
  header.page{padding:0 0 8pt;border-bottom:1.5pt solid #000}
  .wrap{max-width:none;padding:0}
  .card{border:0;border-radius:0;padding:0;margin:14pt 0;box-shadow:none}
  .graph-scroll{overflow:visible}
  svg.graph{min-width:0!important}
  .item{break-inside:avoid;border-radius:0;border-width:0 0 .5pt 0;border-left:2pt solid #000;
    background:none!important}
  .badge{border:.75pt solid #000}
  .bar{box-shadow:inset 0 0 0 .75pt #000}
  .bar>span{background:#777}
  .node-fill{fill:#777}
  h2{break-after:avoid}
  .item h3 a[href]::after{content:" <" attr(href) ">";font-weight:400;font-size:8.5pt;word-break:break-all}
}
@media (prefers-reduced-motion:reduce){html{scroll-behavior:auto}}
"""

# Progressive enhancement only: the button stays hidden (and the page complete) without JS.
JS = """
(function(){var b=document.getElementById("hide-done");if(!b)return;b.hidden=false;
b.addEventListener("click",function(){var on=document.body.classList.toggle("hide-done");
b.setAttribute("aria-pressed",on?"true":"false");});})();
"""
