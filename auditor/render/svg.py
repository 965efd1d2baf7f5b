"""Small inline SVG charts (no JavaScript, no CDN): the dashboard works offline and from a file share.

Every label is escaped here, since agency names and finding texts come from untrusted reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

FONT_FAMILY = ("'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','Hiragino Sans GB',"
               "'WenQuanYi Zen Hei',sans-serif")
_FONT = f'font-family="{FONT_FAMILY}" font-size="11"'


def text_width(s: str, size: int = 11) -> float:
    """Rough rendered width in px: CJK glyphs are about one em wide, Latin about 0.6 em."""
    return sum(size if ord(ch) >= 0x2E80 else 0.6 * size for ch in s)


def histogram(values: Sequence[float], *, bins: int = 10, lo: float = 0, hi: float = 100, width: int = 420,
              height: int = 170, title: str = "", color: str = "#4e79a7", x_label: str = "score (0–100)",
              y_label: str = "reports") -> str:
    """Counts of ``values`` in ``bins`` equal bins over [lo, hi], with both axes labelled."""
    counts = [0] * bins
    for v in values:
        i = int((v - lo) / (hi - lo) * bins) if hi > lo else 0
        counts[min(bins - 1, max(0, i))] += 1
    top = max(counts) or 1
    pad_l, pad_r, pad_b, pad_t = 40, 14, 34, 30 if title else 14
    w = (width - pad_l - pad_r) / bins
    h = height - pad_b - pad_t
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(title or x_label)}">']
    if title:
        parts.append(f'<text x="0" y="12" {_FONT} font-weight="bold">{escape(title)}</text>')
    for i, c in enumerate(counts):
        bh = h * c / top
        x = pad_l + i * w
        parts.append(f'<rect x="{x:.1f}" y="{pad_t + h - bh:.1f}" width="{w - 1:.1f}" height="{bh:.1f}" '
                     f'fill="{color}"><title>{lo + i * (hi - lo) / bins:g}–{lo + (i + 1) * (hi - lo) / bins:g}: '
                     f'{c}</title></rect>')
        if c:
            parts.append(f'<text x="{x + w / 2:.1f}" y="{pad_t + h - bh - 2:.1f}" text-anchor="middle" '
                         f'{_FONT}>{c}</text>')
    for k in range(bins + 1):
        v = lo + k * (hi - lo) / bins
        x = pad_l + k * w
        parts.append(f'<text x="{x:.1f}" y="{pad_t + h + 13}" text-anchor="middle" {_FONT}>{v:g}</text>')
    parts.append(f'<line x1="{pad_l}" y1="{pad_t + h}" x2="{width - pad_r}" y2="{pad_t + h}" stroke="#888"/>')
    parts.append(f'<line x1="{pad_l}" y1="{pad_t}" x2="{pad_l}" y2="{pad_t + h}" stroke="#888"/>')
    parts.append(f'<text x="{pad_l - 4}" y="{pad_t + 4}" text-anchor="end" {_FONT}>{top}</text>')
    parts.append(f'<text x="{pad_l - 4}" y="{pad_t + h}" text-anchor="end" {_FONT}>0</text>')
    parts.append(f'<text x="{pad_l + (width - pad_l - pad_r) / 2:.1f}" y="{height - 4}" text-anchor="middle" '
                 f'{_FONT} font-weight="bold">{escape(x_label)}</text>')
    parts.append(f'<text transform="translate(12,{pad_t + h / 2:.1f}) rotate(-90)" text-anchor="middle" {_FONT} '
                 f'font-weight="bold">{escape(y_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def hbars(labels: Sequence[str], values: Sequence[float], *, width: int = 560, bar: int = 16,
          maximum: float | None = None, title: str = "", color: str = "#59a14f", fmt: str = "{:g}",
          caption: str = "") -> str:
    """Horizontal bars, one per label, longest label column on the left; ``caption`` names the unit below."""
    top = maximum if maximum is not None else (max(values) if values else 1) or 1
    label_w = int(min(300, 12 + max((text_width(s[:40]) for s in labels), default=30)))
    pad_t = 18 if title else 2
    height = pad_t + len(labels) * (bar + 4) + 2 + (16 if caption else 0)
    avail = width - label_w - 50
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(title)}">']
    if title:
        parts.append(f'<text x="0" y="12" {_FONT} font-weight="bold">{escape(title)}</text>')
    for i, (lab, v) in enumerate(zip(labels, values, strict=True)):
        y = pad_t + i * (bar + 4)
        bw = max(0.0, avail * v / top)
        parts.append(f'<text x="{label_w - 4}" y="{y + bar - 4}" text-anchor="end" {_FONT}>{escape(lab[:40])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{bw:.1f}" height="{bar}" fill="{color}">'
                     f'<title>{escape(lab)}: {escape(fmt.format(v))}</title></rect>')
        parts.append(f'<text x="{label_w + bw + 4:.1f}" y="{y + bar - 4}" {_FONT}>{escape(fmt.format(v))}</text>')
    if caption:
        parts.append(f'<text x="{label_w}" y="{height - 3}" {_FONT} font-style="italic">{escape(caption)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def strip_plot(groups: Sequence[tuple[str, Sequence[float]]], *, lo: float = 0, hi: float = 100, width: int = 900,
               row: int = 22, axis_label: str = "score (0–100)", color: str = "#4e79a7") -> str:
    """One row per group: a dot per value on a shared, labelled axis, the median as a black tick.

    Readable for a cohort of 1 as for a cohort of 500 (dots are translucent), and all cohorts compare on
    one axis, which small per-cohort histograms do not allow.
    """
    label_w = int(min(320, 14 + max((text_width(g) for g, _ in groups), default=30)))
    n_w = 90
    pad_t, pad_b = 8, 36
    plot_w = width - label_w - n_w - 10
    height = pad_t + len(groups) * row + pad_b

    def x_of(v: float) -> float:
        return label_w + (min(hi, max(lo, v)) - lo) / ((hi - lo) or 1) * plot_w

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(axis_label)} per group">']
    for t in range(int(lo), int(hi) + 1, 10):
        x = x_of(t)
        parts.append(f'<line x1="{x:.1f}" y1="{pad_t}" x2="{x:.1f}" y2="{pad_t + len(groups) * row}" '
                     f'stroke="#e5e5e5"/><text x="{x:.1f}" y="{pad_t + len(groups) * row + 13}" '
                     f'text-anchor="middle" {_FONT}>{t}</text>')
    parts.append(f'<text x="{label_w + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle" {_FONT} '
                 f'font-weight="bold">{escape(axis_label)}</text>')
    parts.append(f'<text x="{label_w + plot_w + 20}" y="{pad_t + len(groups) * row + 13}" {_FONT} '
                 'font-weight="bold">n · median</text>')
    for i, (name, values) in enumerate(groups):
        y = pad_t + i * row + row / 2
        if i % 2:
            parts.append(f'<rect x="0" y="{pad_t + i * row}" width="{width}" height="{row}" fill="#f7f7f7"/>')
        parts.append(f'<text x="{label_w - 6}" y="{y + 4:.1f}" text-anchor="end" {_FONT}>{escape(name)}</text>')
        for v in values:
            parts.append(f'<circle cx="{x_of(v):.1f}" cy="{y:.1f}" r="5" fill="{color}" fill-opacity="0.6">'
                         f"<title>{escape(name)}: {v:.1f}</title></circle>")
        if values:
            med = sorted(values)[len(values) // 2] if len(values) % 2 else (
                sorted(values)[len(values) // 2 - 1] + sorted(values)[len(values) // 2]) / 2
            xm = x_of(med)
            parts.append(f'<line x1="{xm:.1f}" y1="{y - 8:.1f}" x2="{xm:.1f}" y2="{y + 8:.1f}" stroke="#000" '
                         'stroke-width="2"/>')
            parts.append(f'<text x="{label_w + plot_w + 20}" y="{y + 4:.1f}" {_FONT}>{len(values)} · {med:.1f}</text>')
    parts.append("</svg>")
    return "".join(parts)
