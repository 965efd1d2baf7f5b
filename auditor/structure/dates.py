"""Dates as reports write them: '2023-02-20 15:07', '2024年1月17日', '二○一四年一月十日' → ISO."""

from __future__ import annotations

import re

_CN_NUM = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
YEARS = range(2007, 2100)  # disclosure reports exist from 2008 on; anything else is not a report year
_ISO = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_CN_DATE = re.compile(r"([〇○零一二三四五六七八九Ｏ]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
# A date in either writing, for patterns that need to embed one.
DATE_PATTERN = (r"(?:(?:19|20)\d{2}|[〇○零一二三四五六七八九Ｏ]{4})\s*年\s*[\d〇○零一二三四五六七八九十]{1,3}\s*月"
                r"\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日")


def _cn_digits(s: str) -> int:
    """二○一四 → 2014 (digit by digit)."""
    return int("".join(str(_CN_NUM[c]) for c in s))


def _cn_small(s: str) -> int:
    """一 … 三十一 (months and days)."""
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_NUM[s[1]]
    if s.endswith("十"):
        return _CN_NUM[s[0]] * 10
    if "十" in s:
        a, b = s.split("十")
        return _CN_NUM[a] * 10 + _CN_NUM[b]
    return _CN_NUM[s]


def iso(y: int, m: int, d: int) -> str | None:
    if y not in YEARS or not 1 <= m <= 12 or not 1 <= d <= 31:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_date(value: str) -> str | None:
    """An ISO date from '2023-02-20 15:07', '2024年1月17日', '二○一四年一月十日'; None otherwise."""
    m = _ISO.search(value)
    if m:
        return iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _CN_DATE.search(value)
    if m:
        return iso(_cn_digits(m.group(1)), _cn_small(m.group(2)), _cn_small(m.group(3)))
    return None
