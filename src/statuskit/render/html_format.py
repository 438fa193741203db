"""One self-contained HTML page: every space's codes in searchable tables.

No network access (inline CSS and script, a Content-Security-Policy that forbids loading
anything), works from ``file://``, readable on a phone. Each code row has an anchor (``#4008``;
a code repeated in a later space gets ``#space-4008``); the search box filters rows by code,
name or text. All catalog text is escaped; Markdown code spans, emphasis and http(s)/mailto links
in it are rendered.
"""

from __future__ import annotations

import html

from ..answers import Policy
from ..model import Catalog, Code, Space
from ..operations import answers_text
from .inline_html import inline_html
from .sections import field_names, sections

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
_STYLE = """
:root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fff;--muted:#666;--line:#ddd;--hit:#fff3b0}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#161616;--muted:#aaa;--line:#333;--hit:#554d00}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
header{
  position:sticky;top:0;background:var(--bg);border-bottom:1px solid var(--line);
  padding:.75rem 1rem;z-index:1}
h1{font-size:1.4rem;margin:0 0 .5rem}
main{padding:0 1rem 3rem;max-width:70rem;margin:auto}
#q{
  width:100%;font-size:1rem;padding:.5rem;border:1px solid var(--line);border-radius:.4rem;
  background:var(--bg);color:var(--fg)}
#count{color:var(--muted);font-size:.85rem}
.wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line)}
td.code a{font-weight:600;font-variant-numeric:tabular-nums;text-decoration:none}
tr:target{background:var(--hit)}
tr{scroll-margin-top:8rem}
code{font-size:.9em}
.legend{color:var(--muted)}
@media (max-width:40rem){
  thead{display:none}
  tr{display:block;border-bottom:1px solid var(--line);padding:.4rem 0}
  td{display:block;border:0;padding:.1rem .25rem}
}
"""
_SCRIPT = """
(function(){
  var box=document.getElementById('q'),count=document.getElementById('count');
  var rows=Array.prototype.slice.call(document.querySelectorAll('tr[data-search]'));
  var text=rows.map(function(r){return r.getAttribute('data-search');});
  function apply(){
    var q=box.value.trim().toLowerCase(),shown=0;
    for(var i=0;i<rows.length;i++){var hit=!q||text[i].indexOf(q)!==-1;rows[i].hidden=!hit;if(hit)shown++;}
    document.querySelectorAll('section.group').forEach(function(s){
      s.hidden=!!q&&!s.querySelector('tr[data-search]:not([hidden])');});
    count.textContent=q?shown+' of '+rows.length+' codes':rows.length+' codes';
  }
  box.addEventListener('input',apply);apply();
})();
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def render(catalog: Catalog, *, expand: bool = False) -> str:
    title = catalog.title or catalog.id
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<header><h1>{inline_html(title)}</h1>",
        '<input id="q" type="search" placeholder="Search by code, name or text" aria-label="Search codes"'
        ' autocomplete="off"> <span id="count" aria-live="polite"></span></header><main>',
    ]
    if catalog.description:
        out.append(_paragraphs(catalog.description))
    used: set[str] = set()
    senders = Policy(catalog) if catalog.operations else None
    for space in catalog.spaces:
        out.extend(_space(space, used, expand, senders))
    if catalog.operations:
        out.extend(_operations(catalog))
    out.append(f"</main><script>{_SCRIPT}</script></body></html>\n")
    return "\n".join(out)


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{inline_html(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def _operations(catalog: Catalog) -> list[str]:
    """Each operation, how it is recognised, and what it answers (``always`` after them)."""
    out = ['<section class="space" id="operations"><h2>Operations</h2><section class="group">']
    head = "<th>Operation</th><th>Recognised by</th><th>Answers</th>"
    out.append(f'<div class="wrap"><table><thead><tr>{head}</tr></thead><tbody>')
    for operation in catalog.operations:
        answers = answers_text(operation.answers)
        search = " ".join((operation.name, operation.wire, answers)).lower()
        out.append(
            f'<tr id="operation-{_e(operation.name)}" data-search="{_e(search)}">'
            f"<td>{_e(operation.name)}</td><td><code>{_e(operation.wire)}</code></td><td>{_e(answers)}</td></tr>"
        )
    out.append("</tbody></table></div>")
    if catalog.always:
        out.append(f"<p>Any operation may also answer {_e(answers_text(catalog.always))}.</p>")
    out.append("</section></section>")
    return out


def _space(space: Space, used: set[str], expand: bool, senders: Policy | None = None) -> list[str]:
    heading = inline_html(space.title or space.name)
    out = [f'<section class="space" id="space-{_e(space.name)}"><h2>{heading}</h2>']
    if space.description:
        out.append(_paragraphs(space.description))
    legend = [g for g in space.groups if g.kind != "list"]
    if legend:
        out.append('<ul class="legend">')
        for group in legend:
            item = f"<code>{_e(group.key)}</code>"
            if group.title:
                item += f" {inline_html(group.title)}"
            if group.description:
                item += f": {inline_html(group.description)}"
            out.append(f"<li>{item}</li>")
        out.append("</ul>")
    codes = list(space.all_codes()) if expand else list(space.codes)
    fields = field_names(space, codes)
    if senders is not None and not any(next(senders.senders(space.name, c.code), None) for c in codes):
        senders = None  # no operation answers a code of this space: no empty column
    extra = ["Sent by"] if senders is not None else []
    head = "".join(f"<th>{_e(h)}</th>" for h in ["Code", "Name", "Title", "Meaning", *fields, *extra])
    for section in sections(space, codes):
        out.append('<section class="group">')
        if section.group is not None:
            group = section.group
            label = group.name if group.kind == "list" else group.label
            out.append(f"<h3>{inline_html(label or '')}</h3>")
            if group.description and group.kind == "list":
                out.append(_paragraphs(group.description))
        out.append(f'<div class="wrap"><table><thead><tr>{head}</tr></thead><tbody>')
        out.extend(_row(space, code, fields, used, senders) for code in section.codes)
        out.append("</tbody></table></div></section>")
    out.append("</section>")
    return out


def _row(space: Space, code: Code, fields: list[str], used: set[str], senders: Policy | None = None) -> str:
    anchor = code.shown if code.shown not in used else f"{space.name}-{code.shown}"
    used.add(code.shown)
    values = [code.field(name) if name == "outcome" else code.fields.get(name) for name in fields]
    search = " ".join(
        str(part)
        for part in (code.shown, code.name, code.title, code.description, *values)
        if part is not None
    ).lower()
    cells = [
        f'<td class="code"><a href="#{_e(anchor)}">{_e(code.shown)}</a></td>',
        f"<td>{_e(code.name or '')}</td>",
        f"<td>{inline_html(code.title or '')}</td>",
        f"<td>{inline_html(code.description or '')}</td>",
        *(f"<td>{'' if v is None else inline_html(str(v))}</td>" for v in values),
    ]
    if senders is not None:
        names = ", ".join(op.name for op in senders.senders(space.name, code.code))
        cells.append(f'<td class="sent-by">{_e(names)}</td>')
    return f'<tr id="{_e(anchor)}" data-search="{_e(search)}">{"".join(cells)}</tr>'
