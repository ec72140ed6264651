"""The Polish user guide (docs/user-guide.pl.md) as HTML inside the product, with an anchor on every heading.

The guide is ours and written in a small part of Markdown, so this module renders exactly that part instead of
pulling in a Markdown package: headings (#, ##, ###), paragraphs, bulleted and numbered lists (nested by
indentation, continued on indented lines), **bold**, `code` and [links](url). Every piece of text is escaped
first, so the page carries no markup the file did not ask for, and no inline script or style (CSP).
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kooperacja.core.text import fold

_HEADING = re.compile(r"^(#{1,3}) +(.+?) *#*$")
_ITEM = re.compile(r"^( *)(- |\d+\. )(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_SAFE_URL = re.compile(r"^(https?://|/|#)")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Guide:
    title: str
    headings: tuple[Heading, ...]  # levels 2 and 3, in order
    html: SafeString

    @property
    def topics(self) -> list[tuple[Heading, list[Heading]]]:
        """The sections (level 2), each with its subsections (level 3)."""
        topics: list[tuple[Heading, list[Heading]]] = []
        for heading in self.headings:
            if heading.level == 2 or not topics:
                topics.append((heading, []))
            else:
                topics[-1][1].append(heading)
        return topics

    @property
    def anchors(self) -> frozenset[str]:
        return frozenset(heading.anchor for heading in self.headings)


def guide_path() -> Path:
    return Path(settings.PROJECT_DIR) / "docs" / "user-guide.pl.md"


def user_guide() -> Guide | None:
    """The guide as it is on disk now (rendered once per version of the file); None if it is missing (a system
    check warns of it)."""
    path = guide_path()
    try:
        modified = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    return _rendered(path, modified)


@lru_cache(maxsize=2)
def _rendered(path: Path, _mtime: int) -> Guide:
    return render(path.read_text(encoding="utf-8"))


def anchor_for(text: str) -> str:
    """The anchor of a heading: folded to ASCII, words joined by hyphens ("Świadczenie integracyjne (CIS)" ->
    "swiadczenie-integracyjne-cis")."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "section"


def _link(match: re.Match) -> str:
    text, url = match[1], match[2]
    if not _SAFE_URL.match(url.replace("&amp;", "&")):
        return text
    return f'<a href="{url}">{text}</a>'


def inline(text: str) -> str:
    """One line of text as HTML: escaped, with code spans, bold and links."""
    out = []
    for index, part in enumerate(text.split("`")):
        if index % 2:
            out.append(f"<code>{escape(part)}</code>")
        else:
            html = _BOLD.sub(r"<strong>\1</strong>", str(escape(part)))
            out.append(_LINK.sub(_link, html))
    return "".join(out)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _same_list_continues(lines: list[str], index: int, indent: int, ordered: bool) -> int | None:
    """After blank lines inside a list: the index of the next item of the same list, if one follows."""
    while index < len(lines) and not lines[index].strip():
        index += 1
    match = _ITEM.match(lines[index]) if index < len(lines) else None
    if match and len(match[1]) == indent and (match[2] != "- ") == ordered:
        return index
    return None


def _list(lines: list[str], index: int, indent: int) -> tuple[str, int]:
    first = _ITEM.match(lines[index])
    assert first is not None  # called on a list item only
    ordered = first[2] != "- "
    items = []
    while index < len(lines):
        match = _ITEM.match(lines[index])
        if not match or len(match[1]) != indent or (match[2] != "- ") != ordered:
            break
        parts: list[str] = []
        words = [match[3]]
        index += 1
        while index < len(lines):
            line = lines[index]
            if not line.strip():
                following = _same_list_continues(lines, index, indent, ordered)
                if following is not None:
                    index = following
                break
            if _HEADING.match(line):
                break
            nested = _ITEM.match(line)
            if nested and len(nested[1]) > indent:
                if words:
                    parts.append(inline(" ".join(words)))
                    words = []
                html, index = _list(lines, index, len(nested[1]))
                parts.append(html)
                continue
            if nested or (_indent(line) <= indent and indent > 0):
                break
            words.append(line.strip())
            index += 1
        if words:
            parts.append(inline(" ".join(words)))
        items.append("<li>" + "".join(parts) + "</li>")
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(items) + f"</{tag}>", index


def render(source: str) -> Guide:
    lines = source.splitlines()
    blocks: list[str] = []
    headings: list[Heading] = []
    used: set[str] = set()
    title = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            level, text = len(heading[1]), heading[2]
            anchor = base = anchor_for(text)
            number = 2
            while anchor in used:
                anchor, number = f"{base}-{number}", number + 1
            used.add(anchor)
            if level == 1:
                title = title or text  # the page's own heading shows it
            else:
                headings.append(Heading(level, text, anchor))
                blocks.append(f'<h{level} id="{anchor}">{inline(text)}</h{level}>')
            index += 1
            continue
        if _ITEM.match(line):
            html, index = _list(lines, index, _indent(line))
            blocks.append(html)
            continue
        words: list[str] = []
        while index < len(lines) and lines[index].strip():
            if _HEADING.match(lines[index]) or (words and _ITEM.match(lines[index])):
                break
            words.append(lines[index].strip())
            index += 1
        blocks.append(f"<p>{inline(' '.join(words))}</p>")
    return Guide(title=title, headings=tuple(headings), html=mark_safe("\n".join(blocks)))  # noqa: S308 - escaped above
