"""Top-level sections 一、…十、: find the numbered headings, pick the best increasing chain, cut the text.

Real reports write headings many ways ("一、总体情况", "一． 概述", "一 概述", "一、 概述推进…" fused onto
the body in flattened text, broken over lines) and the same numerals label table rows ("一、本年新收…")
and list items.  So every numbered phrase is a *candidate*, scored by what it looks like; a small dynamic
programme then keeps the chain with strictly increasing numbers that explains the document best.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from auditor.model import Evidence, Finding, Section
from auditor.structure.dates import DATE_PATTERN
from auditor.structure.lexicon import footer_cues, preamble_cues, role_of, section_roles
from auditor.structure.titles import TITLE_YEAR, ends_with_suffix

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# A numeral 一…十九 not glued to a preceding numeral, 第 or an opening bracket ("十一、", "第一、",
# "（一）" are not top-level headings), then 、．. or white space, then the heading's first CJK char.
_CANDIDATE = re.compile(
    r"(?<![一二三四五六七八九十第（(〇○])"
    r"(?P<num>十[一二三四五六七八九]?|[一二三四五六七八九])"
    r"(?P<sep>[、．.，,]|[ \t\u3000]+)[ \t\u3000]*"
    r"(?=[\u4e00-\u9fff])"
)
# A numeral then one of the separators _CANDIDATE allows after it: where a candidate can end its numeral.
_NUMERAL_SEP = re.compile(r"[一二三四五六七八九十][、．.，,\t \u3000]")
# Fallback numbering when a report has no 一、 headings at all: （一）总体情况 / 第一部分 总体情况.
_FALLBACK = re.compile(
    r"(?:[（(](?P<num>十[一二三四五六七八九]?|[一二三四五六七八九])[）)]"
    r"|第(?P<num2>十[一二三四五六七八九]?|[一二三四五六七八九])部分)"
    r"(?P<sep>[、．.：:]?)[ \t\u3000]*(?=[\u4e00-\u9fff])"
)
_FALLBACK_MIN_ROLES = 3  # a fallback chain must name at least this many known section roles
# The 其他需要报告的事项 part written without its number after 五 (a "five-part" report with six parts).
_UNNUMBERED_OTHER = re.compile(r"(?:(?<=\n)|(?<=[。；]))[ \t\u3000]*(其他需要报告的事项|其他需要报告事项)[：:。]?")
# Where a heading phrase stops at the latest.
_STOP = re.compile(r"[\n。；;，,：:（(《“\"|0-9]")
_STOP_OR_SPACE = re.compile(r"[\n。；;，,：:（(《“\"|0-9]|\s")  # \s is exactly str.isspace
_MAX_HEADING = 40
_MAX_TITLE = 80  # a report's title line is short
_MAX_CANDIDATES = 400
_BOUNDARY_BEFORE = set("\n。；;！？!?）)”\"|：: \t\u3000")
# A date standing alone after a sentence end (the signature), optionally after the signing agency's
# name; a date inside a sentence ("2013年1月1日起…", "…日，我局…") is not followed by white space.
_SIGNATURE = re.compile(
    r"(?<=[。！!；;\n])[ \t\u3000|]*(?:[\u4e00-\u9fff（）()]{2,30}[ \t\u3000|\n]+)?" + DATE_PATTERN + r"(?=[\s|]|$)"
)
_SIGNER_TAIL = re.compile(r"(?<=[。！!；;\n])[ \t\u3000|\n]*[\u4e00-\u9fff（）()]{2,30}[ \t\u3000|\n]*$")
# white space, cell bars and scraped image placeholders ("![]()") after the last sentence
_TRAILING_JUNK = re.compile(r"(?:!\[[^\]\n]*\]\([^)\n]*\)|[\s|])+$")
_ATTACHMENT = re.compile(r"(?:^|[\n。 ])\s*(附件|附表)\s*[0-9一二三四五六七八九十]*\s*[:：\n]")


def cn_number(num: str) -> int:
    """一 → 1 … 十九 → 19 (only the forms the candidate pattern admits)."""
    if num.startswith("十"):
        return 10 + (_CN_DIGITS[num[1]] if len(num) > 1 else 0)
    return _CN_DIGITS[num]


@dataclass(frozen=True, slots=True)
class Candidate:
    no: int
    start: int  # the numeral
    head_end: int  # end of the heading phrase
    body_start: int
    heading: str
    key: str
    score: float


@cache
def _terminal_pattern() -> re.Pattern[str]:
    """Any heading terminal, longest first: a search finds the earliest one and, at that offset, the
    longest (情况统计表 ends at 统计表's end, not at 情况's)."""
    terminals = sorted(set(section_roles().terminals), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, terminals)))


def _heading_end(text: str, pos: int) -> tuple[int, bool]:
    """End offset of the heading phrase starting at ``pos`` and whether a heading terminal ended it.

    The phrase runs to the first stop character (digits, brackets, punctuation) — but in fused text
    ("概述推进政府信息公开…", "改进情况目前，…") it ends at the first terminal word (情况, 概述, 措施…)
    that is not followed by a connector (及, 和…) or another terminal ("情况统计表").  A line break
    inside a heading without a terminal yet is skipped (headings broken over lines).
    """
    roles = section_roles()
    terminal = _terminal_pattern()
    limit = min(len(text), pos + _MAX_HEADING)
    i = pos
    while True:
        m = _STOP_OR_SPACE.search(text, i, limit)
        if m is None:
            i = limit
            break
        i = m.start()
        if not text[i].isspace():
            break  # a stop character
        j = i
        while j < limit and text[j].isspace():
            j += 1
        # a heading broken over lines: continue only while no terminal has been seen yet and the
        # next line ends the heading with one ("二、主动公开政府\n信息情况")
        if "\n" in text[i:j] and i - pos < 25 and not terminal.search(text, pos, i):
            nxt = _STOP.search(text, j, min(len(text), j + 16))
            words = text[j:nxt.start() if nxt else min(len(text), j + 16)].split() if j < limit else []
            ahead = words[0] if words else ""
            if ahead and terminal.search(ahead):
                i = j
                continue
        break
    end = i
    segment = text[pos:end]
    best = -1
    search = 0
    while True:
        m = terminal.search(segment, search)
        if m is None:
            break
        stop = m.end()
        rest = segment[stop:]
        if rest and (rest[0] in roles.connectors or rest.startswith(roles.continuations)):
            best = stop
            search = stop
            continue
        best = stop
        break
    if best > 0:
        return pos + best, True
    return end, False


def _whole_line(text: str, m: re.Match[str]) -> int | None:
    """End of the heading when it stands alone on its line ("一、健全机制，全面落实…制度")."""
    k = m.start() - 1
    while k >= 0 and text[k] in " \t\u3000":
        k -= 1
    if k >= 0 and text[k] != "\n":
        return None
    e = text.find("\n", m.end())
    e = len(text) if e < 0 else e
    line = text[m.end():e].rstrip()
    if not line or len(line) > _MAX_HEADING or "|" in line or "。" in line or line[-1] in "；;：:，,":
        return None
    return m.end() + len(line)


def _numbered(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, faster for :data:`_CANDIDATE`.

    Its look-behind keeps the regex engine from skipping ahead to the next numeral, and numerals are
    common in prose (统一, 进一步); a numeral right before a separator is rare, so those are found first
    and the pattern is tried only there: at the numeral, or at a 十 before it ("十一、").  Every match
    ends its numeral right before a separator, and no other numeral lies inside a match, so this yields
    exactly the matches of a full scan.
    """
    if pattern is not _CANDIDATE:
        yield from pattern.finditer(text)
        return
    for hit in _NUMERAL_SEP.finditer(text):
        at = hit.start()
        if at > 0 and text[at - 1] == "十" and text[at] != "十":
            at -= 1
        m = pattern.match(text, at)  # the look-behind still sees the text before ``at``
        if m is not None:
            yield m


def find_candidates(text: str, pattern: re.Pattern[str] = _CANDIDATE) -> list[Candidate]:
    roles = section_roles()
    out: list[Candidate] = []
    for m in _numbered(text, pattern):
        hpos = m.end()
        head_end, terminal = _heading_end(text, hpos)
        line_end = _whole_line(text, m)
        if line_end is not None and line_end > head_end and not terminal:
            head_end = line_end
        phrase = text[hpos:head_end]
        if len(phrase.strip()) < 2:
            continue
        key = role_of(phrase)
        score = 0.0
        score += 3.0 if key != "unknown" else 0.0
        score += 1.0 if terminal else -0.5
        before = text[m.start() - 1] if m.start() > 0 else "\n"
        score += 1.0 if before in _BOUNDARY_BEFORE else 0.0
        score += 1.5 if line_end is not None else 0.0
        sep = m.group("sep")[:1]
        if sep in ("，", ","):
            score -= 3.0
        elif pattern is _CANDIDATE and sep not in ("、", "．", "."):
            score -= 1.0
        if phrase.lstrip().startswith(roles.not_heading):
            score -= 6.0
        if len(phrase) > 30 and not terminal:
            score -= 2.0
        body = head_end
        while body < len(text) and (text[body].isspace() or text[body] in "：:|"):
            body += 1
        num = m.group("num") or m.group("num2")
        out.append(Candidate(cn_number(num), m.start(), head_end, body,
                             text[m.start():head_end].rstrip(), key, score))
    return out


def best_chain(cands: list[Candidate]) -> list[Candidate]:
    """The increasing-number chain of candidates with the highest total score.

    Gaps in the numbering and near-empty bodies (a list of the report's parts in the preamble) cost.
    Candidates that score below zero (table row labels, comma-numbered list items) never help a chain;
    the programme is quadratic, so a pathological text keeps only its best candidates.
    """
    cands = [c for c in cands if c.score >= 0]
    if len(cands) > _MAX_CANDIDATES:
        keep = sorted(sorted(cands, key=lambda c: -c.score)[:_MAX_CANDIDATES], key=lambda c: c.start)
        cands = keep
    n = len(cands)
    if not n:
        return []
    best = [0.0] * n
    prev = [-1] * n
    for j, c in enumerate(cands):
        best[j] = c.score - 2.5 * (c.no - 1)
        for i in range(j):
            a = cands[i]
            if a.no >= c.no or a.head_end > c.start:
                continue
            gap = c.no - a.no - 1
            body_len = c.start - a.body_start
            s = best[i] + c.score - 2.5 * gap - (3.0 if body_len < 12 else 0.0)
            if s >= best[j]:  # ties go to the later heading (a list of parts precedes the parts)
                best[j] = s
                prev[j] = i
    j = max(range(n), key=lambda k: (best[k], cands[k].no))
    chain = []
    while j >= 0:
        chain.append(cands[j])
        j = prev[j]
    chain.reverse()
    # a chain of nothing but weak candidates is no structure at all
    if all(c.score < 2.0 for c in chain):
        return []
    return chain


def _tail_end(text: str, start: int, end: int) -> int:
    """Where the last section really ends: before footer, attachment table, signature and date."""
    cut = end
    low = text[start:end]
    for cue in footer_cues():
        k = low.find(cue)
        if k >= 0:
            cut = min(cut, start + k)
    m = _ATTACHMENT.search(text, start, cut)
    if m:
        cut = m.start(1)
    # a signature date closes the report: what follows it (annex tables, page furniture) is not section text
    for m in _SIGNATURE.finditer(text, start, cut):
        if _ends_report(text, m.end(), cut):
            cut = m.start()
            break
    # a bare signature (the agency's name alone after the last sentence)
    m = _SIGNER_TAIL.search(text, max(start, cut - 40), cut)
    if m and _is_agency_name(m.group(0).strip()):
        cut = m.start()
    m = _TRAILING_JUNK.search(text, start, cut)
    if m:
        cut = m.start()
    return max(cut, start)


_ANNEX_AFTER = re.compile(r"[\s|]*\S{0,30}?(?:统计表|附件|附表|指标名称)")
_PROSE_AFTER = 200  # a date followed by more sentences within this many characters is not a signature


def _ends_report(text: str, pos: int, cut: int) -> bool:
    """After a stand-alone date: nothing, an annex / statistics table, or text with no more sentences."""
    if _ANNEX_AFTER.match(text, pos, cut):
        return True
    return "。" not in text[pos:min(cut, pos + _PROSE_AFTER)]


def _is_agency_name(s: str) -> bool:
    return len(s) >= 3 and ends_with_suffix(s) and not s.endswith(("情况", "工作"))


# A second report on the same page (a page that appends last year's report, a department's and its
# bureau's reports one after the other): a run of headings outside the chosen chain naming this many
# distinct section roles, spread over this many characters (a table of contents is not a report).
_OTHER_REPORT_ROLES = 4
_OTHER_REPORT_SPAN = 300
_HEADER_LINES = 3  # a scraper's header lines (发布时间, 来源, 字号) between a report's opening and its first heading


def _report_run(cands: list[Candidate]) -> list[Candidate]:
    """The best chain of ``cands`` when it looks like a whole report's headings, else []."""
    chain = best_chain(cands)
    roles = {c.key for c in chain if c.key != "unknown"}
    if len(roles) < _OTHER_REPORT_ROLES or chain[-1].start - chain[0].start < _OTHER_REPORT_SPAN:
        return []
    return chain


def _one_report(text: str, cands: list[Candidate], chain: list[Candidate]) -> tuple[list[Candidate], int, list[Finding]]:
    """Keep the first of several reports written one after another; say so.

    Returns the chain to segment, where its text ends, and a ``structure.multiple_reports`` finding when
    another report's headings were found before or after the chosen ones.  The first report is kept
    because the page's title and metadata name it.
    """
    before = _report_run([c for c in cands if c.head_end <= chain[0].start])
    after = _report_run([c for c in cands if c.start >= chain[-1].body_start])
    if before:
        kept, other, end = before, chain, chain[0].start
    elif after:
        kept, other, end = chain, after, after[0].start
    else:
        return chain, len(text), []
    end = _other_report_start(text, kept[-1].body_start, end)
    finding = Finding("structure.multiple_reports", "warning",
                      f"the text holds another report (sections {[c.no for c in other]} at offset {other[0].start}); "
                      f"only the one at offset {kept[0].start} is audited",
                      evidence=tuple(Evidence(c.start, c.head_end, c.heading) for c in other),
                      stage="structure", data={"audited_end": end, "other_start": other[0].start})
    return kept, end, [finding]


def _other_report_start(text: str, after: int, heading: int) -> int:
    """Where another report that starts with the heading at ``heading`` begins, looking back to ``after``
    (this report's last heading): at the first short title line, as the title and a scraper's header
    lines come before the first heading; without a title, at the opening paragraph just before the
    heading when it announces a year's report ('…现将本局2020年度政府信息公开工作报告如下。')."""
    lines = [(after + m.start(), m.group(0)) for m in re.finditer(r"(?<=\n)[^\n]+", text[after:heading])]
    for start, line in lines:
        if len(line) < _MAX_TITLE and TITLE_YEAR.search(line):
            return start
    # the opening paragraph, or a scraper's short header lines (发布时间, 来源) between it and the heading
    tail = [(start, line) for start, line in lines if line.strip()][-1 - _HEADER_LINES:]
    for start, line in reversed(tail):
        if TITLE_YEAR.search(line) and any(cue in line for cue in preamble_cues()):
            return start
        if len(line) >= _MAX_TITLE or "。" in line:
            break
    return heading


def segment(text: str) -> tuple[tuple[Section, ...], tuple[Finding, ...]]:
    """Sections of ``text`` and findings about missing or disordered headings."""
    cands = find_candidates(text)
    chain = best_chain(cands)
    notes: list[Finding] = []
    text_end = len(text)
    if chain:
        chain, text_end, notes = _one_report(text, cands, chain)
    if not chain:
        fallback = best_chain(find_candidates(text, _FALLBACK))
        if sum(c.key != "unknown" for c in fallback) >= _FALLBACK_MIN_ROLES:
            chain = fallback
            notes.append(Finding("structure.numbering", "info",
                                 "sections are numbered （一）/第一部分 instead of 一、二、…",
                                 evidence=tuple(Evidence(c.start, c.head_end, c.heading) for c in chain),
                                 status="note", stage="structure"))
    sections: list[Section] = []
    for k, c in enumerate(chain):
        end = chain[k + 1].start if k + 1 < len(chain) else text_end
        if k + 1 == len(chain):
            end = _tail_end(text, c.body_start, end)
        else:
            while end > c.body_start and text[end - 1].isspace():
                end -= 1
        sections.append(Section(no=c.no, heading=c.heading, start=c.start, body_start=c.body_start,
                                end=max(end, c.body_start), key=c.key))
    if sections and sections[-1].key == "problems":
        notes += _split_unnumbered_other(text, sections)
    return tuple(sections), tuple(_order_findings(sections) + notes)


def _split_unnumbered_other(text: str, sections: list[Section]) -> list[Finding]:
    """A last section 五 holding an unnumbered "其他需要报告的事项" part: make it its own section."""
    last = sections[-1]
    m = _UNNUMBERED_OTHER.search(text, last.body_start, last.end)
    if not m:
        return []
    body = m.end()
    while body < last.end and text[body].isspace():
        body += 1
    end = last.end
    cut = m.start()
    while cut > last.body_start and text[cut - 1].isspace():
        cut -= 1
    sections[-1] = Section(no=last.no, heading=last.heading, start=last.start, body_start=last.body_start,
                           end=cut, key=last.key)
    heading = text[m.start(1):m.end()].rstrip("：:。")
    sections.append(Section(no=last.no + 1, heading=heading, start=m.start(1), body_start=body, end=end,
                            key="other"))
    return [Finding("structure.unnumbered_heading", "warning",
                    f"the part {heading!r} after section {last.no} has no number of its own",
                    evidence=(Evidence(m.start(1), m.end(), heading),), stage="structure")]


def _order_findings(sections: list[Section]) -> list[Finding]:
    out: list[Finding] = []
    if not sections:
        out.append(Finding("structure.missing_section", "warning",
                           "no numbered section headings (一、二、…) found: the report is not segmented",
                           stage="structure"))
        return out
    nos = [s.no for s in sections]
    missing = sorted(set(range(1, nos[-1] + 1)) - set(nos))
    if missing:
        out.append(Finding("structure.missing_section", "warning",
                           f"section number(s) {missing} missing between the headings found {nos}",
                           evidence=tuple(Evidence(s.start, s.body_start, s.heading) for s in sections),
                           stage="structure", data={"missing_numbers": missing}))
    template_keys = section_roles().template_keys
    keys = [s.key for s in sections]
    if "unknown" not in keys and all(k in template_keys for k in keys):
        ranks = [template_keys.index(k) for k in keys]
        if ranks != sorted(ranks):
            out.append(Finding("structure.order", "warning",
                               f"sections are not in the template order: {keys}",
                               evidence=tuple(Evidence(s.start, s.body_start, s.heading) for s in sections),
                               stage="structure", data={"keys": keys}))
    return out


def missing_template_sections(sections: tuple[Section, ...]) -> list[str]:
    """Template section keys (2019/2021) that no section carries."""
    have = {s.key for s in sections}
    return [k for k in section_roles().template_keys if k not in have]
