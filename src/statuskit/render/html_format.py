"""One self-contained HTML page: every space's codes in searchable tables.

No network access (inline CSS and script, a Content-Security-Policy that forbids loading
anything), works from ``file://``. The ``<h1>`` is the catalog's title; a table of contents
leads to each space and section when there is more than one; header and content share one
width. Each code row has an anchor (``#4008``; a code repeated in a later space gets
``#space-4008``); the search box filters rows by code, name or text and hides the sections left
without a match. A column no code of a space has a value in is left out; booleans read yes and
no. On a phone (below 40rem) each row is a card whose values carry their column's label, and
long unbreakable names wrap, so nothing scrolls sideways. All catalog text is escaped; Markdown
code spans, emphasis and http(s)/mailto links in it are rendered.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from ..answers import Policy
from ..model import Catalog, Code, Space
from ..operations import answers_text
from .inline_html import inline_html
from .sections import Section, field_names, sections

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
_STYLE = """
:root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fff;--muted:#666;--line:#ddd;--hit:#fff3b0;--width:70rem}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#161616;--muted:#aaa;--line:#333;--hit:#554d00}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
header{
  position:sticky;top:0;background:var(--bg);border-bottom:1px solid var(--line);padding:.75rem 0;z-index:1}
.bar,main{max-width:var(--width);margin:0 auto;padding-left:1rem;padding-right:1rem}
main{padding-bottom:3rem}
h1{font-size:1.4rem;margin:0 0 .5rem;overflow-wrap:anywhere}
h2,h3{overflow-wrap:anywhere}
#q{
  width:100%;font-size:1rem;padding:.5rem;border:1px solid var(--line);border-radius:.4rem;
  background:var(--bg);color:var(--fg)}
#count{color:var(--muted);font-size:.85rem}
nav.toc{margin:1rem 0;padding:.5rem 1rem;border:1px solid var(--line);border-radius:.4rem}
nav.toc ul{margin:.25rem 0;padding-left:1.25rem}
.wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line)}
td{overflow-wrap:anywhere}
td.code a{font-weight:600;font-variant-numeric:tabular-nums;text-decoration:none}
tr:target{background:var(--hit)}
tr,section{scroll-margin-top:8rem}
code{font-size:.9em}
.legend{color:var(--muted)}
@media (max-width:40rem){
  table,tbody{display:block;width:100%}
  thead{display:none}
  tr{display:block;border-bottom:1px solid var(--line);padding:.4rem 0}
  td{display:block;border:0;padding:.1rem .25rem}
  td:empty{display:none}
  td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85rem}
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
    document.querySelectorAll('section.group,section.space').forEach(function(s){
      s.hidden=!!q&&!s.querySelector('tr[data-search]:not([hidden])');});
    document.querySelectorAll('main>p,nav.toc').forEach(function(e){e.hidden=!!q;});
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
        f'<header><div class="bar"><h1>{inline_html(title)}</h1>',
        '<input id="q" type="search" placeholder="Search by code, name or text" aria-label="Search codes"'
        ' autocomplete="off"> <span id="count" aria-live="polite"></span></div></header><main>',
    ]
    if catalog.description:
        out.append(_paragraphs(catalog.description))
    used: set[str] = set()
    senders = Policy(catalog) if catalog.operations else None
    layout = [(space, sections(space, _codes(space, expand))) for space in catalog.spaces]
    out.extend(_contents(catalog, layout))
    for space, parts in layout:
        out.extend(_space(space, parts, used, expand, senders))
    if catalog.operations:
        out.extend(_operations(catalog))
    out.append(f"</main><script>{_SCRIPT}</script></body></html>\n")
    return "\n".join(out)


def _codes(space: Space, expand: bool) -> list[Code]:
    return list(space.all_codes()) if expand else list(space.codes)


def _contents(catalog: Catalog, layout: list[tuple[Space, list[Section]]]) -> list[str]:
    """A table of contents when there is more than one space or section to jump to."""
    if len(layout) < 2 and not any(len(parts) > 1 for _, parts in layout):
        return []
    out = ['<nav class="toc" aria-label="Contents"><strong>Contents</strong><ul>']
    for space, parts in layout:
        out.append(f'<li><a href="#space-{_e(space.name)}">{inline_html(space.title or space.name)}</a>')
        titled = [(index, part) for index, part in enumerate(parts) if part.group is not None]
        if len(parts) > 1 and titled:
            out.append("<ul>")
            for index, part in titled:
                out.append(
                    f'<li><a href="#{_e(_section_id(space, index))}">{inline_html(_label(part))}</a></li>'
                )
            out.append("</ul>")
        out.append("</li>")
    if catalog.operations:
        out.append('<li><a href="#operations">Operations</a></li>')
    out.append("</ul></nav>")
    return out


def _section_id(space: Space, index: int) -> str:
    return f"space-{space.name}-section-{index + 1}"


def _label(part: Section) -> str:
    group = part.group
    if group is None:
        return ""
    return (group.name if group.kind == "list" else group.label) or ""


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


def _space(
    space: Space, parts: list[Section], used: set[str], expand: bool, senders: Policy | None = None
) -> list[str]:
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
    codes = _codes(space, expand)
    if senders is not None and not any(next(senders.senders(space.name, c.code), None) for c in codes):
        senders = None  # no operation answers a code of this space: no empty column
    columns = _columns(space, codes, senders)
    head = "".join(f"<th>{_e(label)}</th>" for label, _ in columns)
    for index, part in enumerate(parts):
        out.append(f'<section class="group" id="{_e(_section_id(space, index))}">')
        if part.group is not None:
            out.append(f"<h3>{inline_html(_label(part))}</h3>")
            if part.group.description and part.group.kind == "list":
                out.append(_paragraphs(part.group.description))
        out.append(f'<div class="wrap"><table><thead><tr>{head}</tr></thead><tbody>')
        out.extend(_row(space, code, columns, used) for code in part.codes)
        out.append("</tbody></table></div></section>")
    out.append("</section>")
    return out


Cell = Callable[[Space, Code], object]


def _columns(space: Space, codes: list[Code], senders: Policy | None) -> list[tuple[str, Cell]]:
    """The space's columns (label, value of a code), leaving out those no code has a value in."""
    columns: list[tuple[str, Cell]] = [
        ("Name", lambda _, code: code.name),
        ("Title", lambda _, code: code.title),
        ("Meaning", lambda _, code: code.description),
    ]
    for name in field_names(space, codes):
        if name == "outcome":
            columns.append((name, lambda _, code: code.field("outcome")))
        else:
            columns.append((name, _field(name)))
    if senders is not None:
        policy = senders
        columns.append(
            (
                "Sent by",
                lambda space, code: ", ".join(op.name for op in policy.senders(space.name, code.code)),
            )
        )
    kept = [(label, value) for label, value in columns if any(_text(value(space, c)) for c in codes)]
    return [("Code", lambda _, code: code.shown), *kept]


def _field(name: str) -> Cell:
    return lambda _, code: code.fields.get(name)


def _text(value: object) -> str:
    """A cell's value as text: booleans read yes and no, nothing is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _row(space: Space, code: Code, columns: list[tuple[str, Cell]], used: set[str]) -> str:
    anchor = code.shown if code.shown not in used else f"{space.name}-{code.shown}"
    used.add(code.shown)
    values = [_text(value(space, code)) for _, value in columns[1:]]
    search = " ".join(part for part in (code.shown, *values) if part).lower()
    cells = [f'<td class="code"><a href="#{_e(anchor)}">{_e(code.shown)}</a></td>']
    for (label, _), text in zip(columns[1:], values, strict=True):
        shown = _e(text) if label in ("Name", "Sent by") else inline_html(text)
        cells.append(f'<td data-label="{_e(label)}">{shown}</td>' if text else "<td></td>")
    return f'<tr id="{_e(anchor)}" data-search="{_e(search)}">{"".join(cells)}</tr>'
