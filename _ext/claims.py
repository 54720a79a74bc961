"""The evidence ledger: a ``claim`` directive and the page that lists every claim.

A headline claim is marked in a chapter's source like this::

    :::{claim} One-line statement of the claim as the ledger page lists it.
    :kind: simulation
    :cite: shumailov2024nature, gerstgrasser2024accumulate
    The claim as the chapter shows it: ordinary MyST content.
    :::

``:kind:`` says what kind of evidence carries the claim (see :data:`KINDS`);
``:cite:`` lists references.bib keys, separated by commas. The body renders
in place, opened by a small badge naming the kind (a link to the kind's
explanation on the ledger page); with no body, the statement is rendered.
Cited keys that the body does not cite already are appended as citations.

The ledger page holds a ``claimlist`` directive. It lists every claim of the
book, grouped by document in table-of-contents order, with its kind, its
citations and a link to the claim in place. The claims are read from the
sources before Sphinx parses any page (:func:`scan_source`), so the list can
use ordinary citation roles, which sphinxcontrib-bibtex resolves like any
other.

The build warns (so ``-W`` fails it) on a claim without a statement, without
a kind, with an unknown kind, or without a citation where its kind needs one
(:data:`NEEDS_CITATION`). It also warns when the scan and the parsed page
disagree on a page's claims (a claim written where the scan cannot see it,
such as inside a block quote), so the ledger is never silently incomplete.
A claim may open at the start of a line or of a list item.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "claims_static"

#: Kind -> (badge label, explanation on the ledger page).
KINDS: dict[str, tuple[str, str]] = {
    "theorem": ("theorem", "A cited paper proves it."),
    "re-derived": ("re-derived", "A cited result that the book derives again."),
    "derivation": ("our derivation", "The book's own derivation: no cited work gives it."),
    "simulation": ("simulation", "A simulation of a toy model: it shows what a mechanism can do, "
                                 "not what real systems do."),
    "data": ("real data", "Measured on real data."),
    "hypothesis": ("hypothesis", "An argument from an essay (cited), or a conjecture (no citation)."),
}
#: Kinds whose claims must cite at least one reference.
NEEDS_CITATION = frozenset({"theorem", "re-derived", "data"})

_KEY = re.compile(r"^[A-Za-z0-9_:.\-+/]+$")


@dataclass
class Claim:
    """One marked claim, as read from the source."""

    statement: str
    kind: str | None
    cites: list[str] = field(default_factory=list)
    docname: str = ""
    lineno: int = 0

    @property
    def target(self) -> str:
        """The id of the claim's anchor in its page (stable under edits elsewhere)."""
        digest = hashlib.sha1(self.statement.encode("utf-8")).hexdigest()[:10]
        return f"claim-{digest}"


def parse_cites(value: str | None) -> list[str]:
    """Split a ``:cite:`` value into keys (commas or spaces separate them)."""
    if value is None:
        return []
    return [key for key in re.split(r"[,\s]+", value.strip()) if key]


def check_claim(statement: str | None, kind: str | None, cite: str | None) -> tuple[Claim, list[str]]:
    """Parse one claim's fields and list what is wrong with them.

    Parameters
    ----------
    statement : str or None
        The directive's argument, the one-line statement.
    kind : str or None
        The ``:kind:`` option as written (None when absent).
    cite : str or None
        The ``:cite:`` option as written (None when absent).

    Returns
    -------
    (Claim, list of str)
        The claim and one message per problem (empty when it is valid).
    """
    problems = []
    statement = " ".join((statement or "").split())
    if not statement:
        problems.append("a claim needs a one-line statement as its argument")
    kind = (kind or "").strip().lower() or None
    allowed = ", ".join(KINDS)
    if kind is None:
        problems.append(f"claim has no :kind: (one of {allowed})")
    elif kind not in KINDS:
        problems.append(f"claim has unknown kind {kind!r} (one of {allowed})")
    cites = parse_cites(cite)
    bad = [key for key in cites if not _KEY.match(key)]
    if bad:
        problems.append(f"claim cites malformed key(s) {', '.join(map(repr, bad))}")
    if kind in NEEDS_CITATION and not cites:
        problems.append(f"claim of kind {kind!r} needs a citation (:cite: with references.bib keys)")
    return Claim(statement, kind, cites), problems


# ---------------------------------------------------------------------------
# Reading claims from a MyST source without parsing it
# ---------------------------------------------------------------------------

_OPEN = re.compile(r"^(?P<indent>[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?)(?P<fence>:{3,}|`{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>.*?)\s*$")
_CODE_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
_OPTION = re.compile(r"^[ \t]*:(?P<key>[\w-]+):[ \t]*(?P<value>.*?)\s*$")
_HEADING = re.compile(r"^#\s+(?P<title>.+?)\s*$")
_VERBATIM = {"code-cell", "code-block", "code", "sourcecode", "literalinclude", "raw", "math"}


def scan_source(text: str, docname: str = "") -> tuple[str | None, list[Claim], bool]:
    """Find the title, the claims and any ``claimlist`` in a MyST source.

    Backtick or tilde code fences (other than directives that hold MyST) are
    skipped, so a claim shown as an example inside a code block is not
    counted.

    Returns
    -------
    (str or None, list of Claim, bool)
        The first level-1 heading, the claims in order, and whether the
        source holds a ``claimlist`` directive.
    """
    lines = text.splitlines()
    title, claims, has_list = None, [], False
    i = 0
    if lines and lines[0].strip() == "---":  # front matter
        end = next((j for j in range(1, len(lines)) if lines[j].strip() == "---"), 0)
        i = end + 1
    open_directives: list[str] = []  # fences of open backtick directives, innermost last
    while i < len(lines):
        line = lines[i]
        opened = _OPEN.match(line)
        code = None if opened else _CODE_OPEN.match(line)
        if code and not code["info"].strip() and open_directives and code["fence"].startswith(
                open_directives[-1]):
            open_directives.pop()  # a bare fence closes the innermost backtick directive
            i += 1
            continue
        if opened and opened["name"] not in _VERBATIM:
            if opened["fence"].startswith("`"):
                open_directives.append(opened["fence"])
            if opened["name"] == "claimlist":
                has_list = True
            elif opened["name"] == "claim":
                options, j = {}, i + 1
                while j < len(lines) and (m := _OPTION.match(lines[j])):
                    options[m["key"]] = m["value"]
                    j += 1
                claim, _ = check_claim(opened["arg"], options.get("kind"), options.get("cite"))
                claim.docname, claim.lineno = docname, i + 1
                claims.append(claim)
            i += 1
            continue
        if opened or code:  # verbatim block: skip to its closing fence
            fence = (opened or code)["fence"]
            j = i + 1
            while j < len(lines) and not re.match(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}\s*$",
                                                  lines[j]):
                j += 1
            i = j + 1
            continue
        if title is None and (m := _HEADING.match(line)):
            title = m["title"]
        i += 1
    return title, claims, has_list


# ---------------------------------------------------------------------------
# Nodes
# ---------------------------------------------------------------------------

class claim_link(nodes.Inline, nodes.TextElement):
    """A link to a claim (or to a kind's explanation), made a reference once docs resolve."""


def _visit_skip(self, node):  # pragma: no cover - replaced before writing
    pass


def _depart_skip(self, node):  # pragma: no cover
    pass


def _badge(kind: str) -> nodes.inline:
    label = KINDS[kind][0]
    badge = nodes.inline("", "", classes=["claim-badge"])
    badge += nodes.inline("", "Evidence: ", classes=["claim-sr-only"])
    link = claim_link("", "", todoc="", toid=f"claim-kind-{kind}", ledger=True)
    link += nodes.Text(label)
    badge += link
    return badge


class ClaimDirective(SphinxDirective):
    """``claim``: one headline claim with the kind of evidence behind it."""

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"kind": directives.unchanged, "cite": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        statement = self.arguments[0] if self.arguments else None
        claim, problems = check_claim(statement, self.options.get("kind"), self.options.get("cite"))
        for problem in problems:
            logger.warning("%s", problem, location=(self.env.docname, self.lineno),
                           type="claims", subtype="invalid")
        claim.docname, claim.lineno = self.env.docname, self.lineno
        seen = self.env.temp_data.setdefault("claim_targets", set())
        if claim.target in seen:
            logger.warning("two claims on this page have the same statement: %r", claim.statement,
                           location=(self.env.docname, self.lineno), type="claims", subtype="duplicate")
        seen.add(claim.target)
        if not hasattr(self.env, "claims_rendered"):
            self.env.claims_rendered = {}
        self.env.claims_rendered.setdefault(self.env.docname, []).append(claim.target)

        kind = claim.kind if claim.kind in KINDS else None
        container = nodes.container(classes=["claim"] + ([f"claim-{kind}"] if kind else []))
        self.set_source_info(container)
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, container)
        else:
            para = nodes.paragraph()
            inline, messages = self.state.inline_text(claim.statement, self.lineno)
            para.extend(inline)
            container += para
            container.extend(messages)
        source = (statement or "") + "\n" + "\n".join(self.content)
        missing = [key for key in claim.cites if key not in source]
        first = next(iter(container.findall(nodes.paragraph)), None)
        if first is None:
            first = nodes.paragraph()
            container.insert(0, first)
        if kind:
            first.insert(0, nodes.Text(" "))
            first.insert(0, _badge(kind))
        if missing:
            last = list(container.findall(nodes.paragraph))[-1]
            cite_nodes, messages = self.state.inline_text(
                " {cite:p}`" + ",".join(missing) + "`", self.lineno)
            last.extend(cite_nodes)
            container.extend(messages)
        target = nodes.target("", "", ids=[claim.target])
        return [target, container]


class ClaimListDirective(SphinxDirective):
    """``claimlist``: every claim of the book, grouped by document."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        scanned: dict[str, tuple[str | None, list[Claim]]] = getattr(self.env, "claims_scanned", {})
        out: list[nodes.Node] = []
        # Explanations of the kinds, each an anchor the badges link to.
        kinds = nodes.definition_list(classes=["claim-kinds"])
        for kind, (label, text) in KINDS.items():
            item = nodes.definition_list_item()
            term = nodes.term(ids=[f"claim-kind-{kind}"])
            term += _badge_plain(kind)
            item += term
            definition = nodes.definition()
            para = nodes.paragraph(text=text)
            if kind in NEEDS_CITATION:
                para += nodes.Text(" A citation is required.")
            definition += para
            item += definition
            kinds += item
        out.append(kinds)
        counts = nodes.paragraph()
        total = sum(len(c) for _, c in scanned.values())
        tally = {kind: sum(c.kind == kind for _, cl in scanned.values() for c in cl) for kind in KINDS}
        counts += nodes.Text(f"The book marks {total} claims: " + ", ".join(
            f"{count} {KINDS[kind][0]}" for kind, count in tally.items() if count) + ".")
        out.append(counts)
        for docname in _ordered(self.env, scanned):
            title, claims = scanned[docname]
            if not claims:
                continue
            section = nodes.section(ids=[nodes.make_id(f"claims-{docname}")])
            section += nodes.title(text=title or docname)
            n = len(claims)
            section += nodes.paragraph(text=f"{n} claim{'s' if n != 1 else ''}, in the order "
                                            "the page makes them; each links to its place.")
            items = nodes.bullet_list(classes=["claim-ledger"])
            for claim in claims:
                if claim.kind not in KINDS:
                    continue
                para = nodes.paragraph()
                para += _badge(claim.kind)
                para += nodes.Text(" ")
                link = claim_link("", "", todoc=docname, toid=claim.target, ledger=False)
                inline, _ = self.state.inline_text(claim.statement, self.lineno)
                link.extend(inline)
                para += link
                if claim.cites:
                    cites, _ = self.state.inline_text(" {cite:p}`" + ",".join(claim.cites) + "`",
                                                      self.lineno)
                    para.extend(cites)
                items += nodes.list_item("", para)
            section += items
            out.append(section)
        return out


def _badge_plain(kind: str) -> nodes.inline:
    badge = nodes.inline("", "", classes=["claim-badge"])
    badge += nodes.Text(KINDS[kind][0])
    return badge


def _ordered(env, scanned: dict) -> list[str]:
    """Documents in table-of-contents order (falls back to name order)."""
    order: list[str] = []
    site_map = getattr(env, "external_site_map", None) or getattr(env.app.config,
                                                                  "external_site_map", None)
    if site_map is not None:
        def walk(name: str) -> None:
            if name in order:
                return
            order.append(name)
            doc = site_map[name]
            for sub in getattr(doc, "subtrees", []):
                for child in sub.items:
                    child_name = getattr(child, "docname", child)
                    if isinstance(child_name, str) and child_name in site_map:
                        walk(child_name)
        try:
            walk(site_map.root.docname)
        except (AttributeError, KeyError):
            order = []
    rest = sorted(name for name in scanned if name not in order)
    return [name for name in order if name in scanned] + rest


# ---------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------

def _scan(app: Sphinx, env, docnames: list[str]) -> None:
    """Read every claim from the sources before any page is parsed."""
    scanned, ledgers = {}, []
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        if path.suffix != ".md" or not path.exists():
            continue
        title, claims, has_list = scan_source(path.read_text(encoding="utf-8"), docname)
        if claims:
            scanned[docname] = (title, claims)
        if has_list:
            ledgers.append(docname)
    env.claims_scanned = scanned
    env.claims_ledger = ledgers[0] if ledgers else None
    # The ledger lists claims from every page, so it is re-read whenever anything is.
    for docname in ledgers:
        if docname not in docnames:
            docnames.append(docname)


def _purge(app: Sphinx, env, docname: str) -> None:
    getattr(env, "claims_rendered", {}).pop(docname, None)


def _check_ledger(app: Sphinx, env) -> None:
    """Warn when the ledger's scan and the parsed pages disagree on the claims."""
    scanned = getattr(env, "claims_scanned", {})
    rendered = getattr(env, "claims_rendered", {})
    for docname in sorted(set(scanned) | set(rendered)):
        listed = [c.target for c in scanned.get(docname, (None, []))[1]]
        parsed = rendered.get(docname, [])
        if sorted(listed) != sorted(parsed):
            logger.warning("the claims ledger lists %d claim(s) but the page has %d; write each "
                           "claim as a `:::{claim}` fence at the start of a line or list item",
                           len(listed), len(parsed), location=docname, type="claims",
                           subtype="ledger")


def _resolve_links(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    ledger = getattr(app.env, "claims_ledger", None)
    for node in list(doctree.findall(claim_link)):
        todoc = ledger if node["ledger"] else node["todoc"]
        children = node.children[:]
        if todoc and fromdocname is not None:
            content = nodes.inline("", "", *children)
            try:
                ref = make_refnode(app.builder, fromdocname, todoc, node["toid"], content)
            except Exception:  # noqa: BLE001 - a builder without links keeps the text
                ref = content
            node.replace_self(ref)
        else:
            node.replace_self(nodes.inline("", "", *children))


def _add_static(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))
        app.add_css_file("claims.css")


LATEX_PREAMBLE = r"""
% Evidence ledger (_ext/claims.py): the kind badge, and text meant only for screen readers.
\expandafter\def\csname DUroleclaim-badge\endcsname#1{\fbox{\footnotesize\sffamily #1}}
\expandafter\def\csname DUroleclaim-sr-only\endcsname#1{}
"""


def _latex_preamble(app: Sphinx, config) -> None:
    elements = dict(config.latex_elements or {})
    elements["preamble"] = elements.get("preamble", "") + LATEX_PREAMBLE
    config.latex_elements = elements


def setup(app: Sphinx) -> dict:
    app.add_node(claim_link, html=(_visit_skip, _depart_skip), latex=(_visit_skip, _depart_skip),
                 text=(_visit_skip, _depart_skip))
    app.add_directive("claim", ClaimDirective)
    app.add_directive("claimlist", ClaimListDirective)
    app.connect("env-before-read-docs", _scan)
    app.connect("env-purge-doc", _purge)
    app.connect("env-check-consistency", _check_ledger)
    app.connect("doctree-resolved", _resolve_links)
    app.connect("builder-inited", _add_static)
    app.connect("config-inited", _latex_preamble)
    return {"parallel_read_safe": False, "parallel_write_safe": True}
