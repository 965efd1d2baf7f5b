"""MinHash signatures, LSH candidates and the commonplace rule (document frequency over agencies)."""

from __future__ import annotations

import numpy as np
import pytest

from auditor.errors import ConfigError
from auditor.model import Report
from auditor.reuse import ReuseSettings, find_reuse
from auditor.reuse.minhash import MinHasher
from tests.reuse.planted import real_reports


def _jaccard(m: MinHasher, a: str, b: str) -> float:
    sa, sb = set(m.shingles(a).tolist()), set(m.shingles(b).tolist())
    return len(sa & sb) / len(sa | sb)


def test_signature_agreement_estimates_jaccard() -> None:
    m = MinHasher(num_perm=256, bands=128)
    forms = [p for r in real_reports()[:3] for p in r.text.split("。") if len(p) > 30][:40]
    sigs = m.signatures(forms)
    errors = []
    for i in range(0, len(forms) - 1):
        est = (sigs[i] == sigs[i + 1]).mean()
        errors.append(abs(est - _jaccard(m, forms[i], forms[i + 1])))
    assert np.mean(errors) < 0.05


def test_signatures_batch_equals_one_by_one() -> None:
    m = MinHasher()
    forms = ["部分单位信息公开属性界定不准确", "ab", "加强信息公开培训指导工作确保政府信息公开准确及时规范"]
    batch = m.signatures(forms)
    for i, f in enumerate(forms):
        assert (m.signatures([f])[0] == batch[i]).all()


def _report(i: int, text: str, agency: str) -> Report:
    return Report(file=f"r{i}.txt", format="text", text=text, agency=agency, year=2020 + i % 3)


def test_wording_of_many_agencies_is_commonplace_not_copying() -> None:
    """A sentence in the reports of many different agencies is stock wording; the same sentence in two
    agencies only is a copy."""
    stock = "坚持把政府信息公开工作摆在重要位置，定期研究部署信息公开工作重点任务和保障措施。"
    rare = "在政务大厅东侧设置政务公开专区，配备两台触摸查询一体机并安排专人值守解答群众疑问。"
    fill = [s for r in real_reports() for s in r.text.split("。") if 20 < len(s) < 200]
    reports = []
    for i in range(12):
        text = f"{fill[i]}。{stock}{fill[i + 20]}。"
        if i < 2:
            text += rare
        reports.append(_report(i, text, f"第{i}号测试县{'水务局' if i % 2 else '教育局'}"))
    result = find_reuse(reports, {"max_agencies": 8})
    shared = [b for b in result.blocks if stock[:10] in b.a.text]
    assert not shared
    assert any(rare[:10] in b.a.text and rare[:10] in b.b.text for b in result.blocks)
    assert result.stats["commonplace"] >= 8


def test_settings_are_validated_by_name() -> None:
    with pytest.raises(ConfigError, match="min_dice"):
        ReuseSettings.resolve({"min_dice": -1})
    with pytest.raises(ConfigError, match="unknown reuse setting"):
        ReuseSettings.resolve({"bandz": 3})
    with pytest.raises(ConfigError, match="multiple of bands"):
        ReuseSettings.resolve({"num_perm": 64, "bands": 10})
    assert ReuseSettings.resolve({"bands": 16}).bands == 16
