"""Small inline SVG charts (no JavaScript, no CDN): the dashboard works offline and from a file share.

Every label is escaped here, since agency names and finding texts come from untrusted reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

_FONT = 'font-family="sans-serif" font-size="11"'


def histogram(values: Sequence[float], *, bins: int = 10, lo: float = 0, hi: float = 100, width: int = 260,
              height: int = 110, title: str = "", color: str = "#4e79a7") -> str:
    """Counts of ``values`` in ``bins`` equal bins over [lo, hi]."""
    counts = [0] * bins
    for v in values:
        i = int((v - lo) / (hi - lo) * bins) if hi > lo else 0
        counts[min(bins - 1, max(0, i))] += 1
    top = max(counts) or 1
    pad_l, pad_b, pad_t = 22, 16, 16 if title else 4
    w = (width - pad_l - 4) / bins
    h = height - pad_b - pad_t
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(title)}">']
    if title:
        parts.append(f'<text x="{pad_l}" y="11" {_FONT} font-weight="bold">{escape(title)}</text>')
    for i, c in enumerate(counts):
        bh = h * c / top
        x = pad_l + i * w
        parts.append(f'<rect x="{x:.1f}" y="{pad_t + h - bh:.1f}" width="{w - 1:.1f}" height="{bh:.1f}" '
                     f'fill="{color}"><title>{lo + i * (hi - lo) / bins:g}–{lo + (i + 1) * (hi - lo) / bins:g}: '
                     f'{c}</title></rect>')
        if c:
            parts.append(f'<text x="{x + w / 2:.1f}" y="{pad_t + h - bh - 2:.1f}" text-anchor="middle" '
                         f'{_FONT}>{c}</text>')
    for v in (lo, (lo + hi) / 2, hi):
        x = pad_l + (v - lo) / (hi - lo) * (width - pad_l - 4)
        parts.append(f'<text x="{x:.1f}" y="{height - 3}" text-anchor="middle" {_FONT}>{v:g}</text>')
    parts.append(f'<line x1="{pad_l}" y1="{pad_t + h}" x2="{width - 4}" y2="{pad_t + h}" stroke="#888"/>')
    parts.append("</svg>")
    return "".join(parts)


def hbars(labels: Sequence[str], values: Sequence[float], *, width: int = 560, bar: int = 16,
          maximum: float | None = None, title: str = "", color: str = "#59a14f", fmt: str = "{:g}") -> str:
    """Horizontal bars, one per label, longest label column on the left."""
    top = maximum if maximum is not None else (max(values) if values else 1) or 1
    label_w = min(260, 8 + 12 * max((len(s) for s in labels), default=4))
    pad_t = 18 if title else 2
    height = pad_t + len(labels) * (bar + 4) + 2
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
    parts.append("</svg>")
    return "".join(parts)
