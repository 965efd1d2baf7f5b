"""Cases kept as data: the rubric examples of DOMAIN.md (the project's labelling rubric), verbatim."""

RUBRIC_EXAMPLES = [
    ("26个区直部门发布事项896项，5个乡镇及76个村(社区)共发布事项6200项。", "substantive"),
    ("在政务大厅设置政务公开专区。", "substantive"),
    ("我局高度重视政府信息公开工作，建立完善了由局主要领导负总责……的工作机制。", "boilerplate"),
    ("一是政府信息主动公开的意识还需进一步加强；", "boilerplate"),
    ("本报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。", "template"),
    ("3个乡镇公开目录未及时更新", "substantive"),
    ("公开意识有待加强", "boilerplate"),
    ("进一步加强培训，提升业务水平", "boilerplate"),
    ("未收到政府信息公开申请", "template"),
    ("无其他需要报告的事项", "template"),
]

# (text, label, fragment) the specificity recogniser must find; and texts where it must find nothing
SPECIFIC_SPANS = [
    ("2022年全区共主动公开政府信息14571条。", "COUNT", "14571条"),
    ("收取信息处理费3.5万元", "MONEY", "3.5万元"),
    ("按时办结率达到98.5%", "PERCENT", "98.5%"),
    ("于2023年3月15日召开新闻发布会", "DATE", "2023年3月15日"),
    ("印发《平潭综合实验区政务公开工作方案》", "DOC", "《平潭综合实验区政务公开工作方案》"),
    ("（岚综管办〔2021〕12号）", "DOC", "〔2021〕12号"),
    ("上线“岚政通”小程序", "INITIATIVE", "“岚政通”"),
    ("在政务大厅设置政务公开专区", "NAMED", "政务大厅"),
]
NOT_SPECIFIC = [
    "根据《中华人民共和国政府信息公开条例》要求",
    "加强政府门户网站建设",
    "一是政府信息主动公开的意识还需进一步加强；",
    "认真贯彻落实《条例》",
]
