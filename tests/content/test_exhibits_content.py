"""`chart:` and `table:` in the content format: numbers as the language writes them, and every
mistake reported at its line and column."""

from __future__ import annotations

import pytest
from test_content import errors, load

from deckgen.content import numbers

HEAD = 'title: "Test"\nlanguage: {lang}\nsections:\n  - heading: "Kosten"\n    text: "Tekst."\n'


def doc(body: str, lang: str = "nl") -> str:
    return HEAD.format(lang=lang) + body


CHART = """    chart:
      type: "{type}"
      title: "Kosten"
      unit: "miljard euro"
      categories: ["2021", "2022"]
      series:
        - name: "Opvang"
          values: [{values}]
"""


def test_a_chart_and_a_table_load_with_numbers_read_in_the_language(tmp_path):
    text = doc(CHART.format(type="column", values='"0,6", "1.300,5"') + """    table:
      caption: "Landen"
      columns: ["Land", "Aantal"]
      rows:
        - ["Iran", "3,8 miljoen"]
        - ["Turkije", ""]
""")
    document, warnings = load(tmp_path, text)
    chart = document.sections[0].charts[0]
    assert chart.series[0].values == (0.6, 1300.5) and chart.series[0].written == ("0,6", "1.300,5")
    assert chart.decimals == 1 and chart.unit == "miljard euro"
    assert chart.alt == "Kosten (miljard euro). Opvang: 2021 0,6, 2022 1.300,5."
    table = document.sections[0].tables[0]
    assert table.rows == (("Iran", "3,8 miljoen"), ("Turkije", "")) and table.caption == "Landen"
    assert [table.alignment(i) for i in range(2)] == ["left", "right"]
    assert not warnings


def test_several_charts_in_a_list(tmp_path):
    one = CHART.format(type="pie", values='"1", "2"').replace("    chart:\n      type", "    chart:\n      - type")
    one = one.replace("\n      ", "\n        ").replace("        - type", "      - type")
    text = doc(one + one.replace("    chart:\n", ""))
    document, _ = load(tmp_path, text)
    assert [c.type for c in document.sections[0].charts] == ["pie", "pie"]


@pytest.mark.parametrize(("lang", "written", "value"), [
    ("nl", "0,6", 0.6), ("nl", "1.300", 1300.0), ("en", "1,300.5", 1300.5), ("de", "−3,5", -3.5),
    ("fr", "1 300,5", 1300.5), ("fr", "1\u202f300,5", 1300.5), ("nl-BE", "2,25", 2.25), ("xx", "0.5", 0.5)])
def test_numbers_per_language(lang, written, value):
    assert numbers.parse(written, lang)[0] == value


@pytest.mark.parametrize(("body", "expected"), [
    (CHART.format(type="column", values='"0,6", "0.9"'), ["doc.yaml:13:27: error: '0.9' in series 1 of the chart "
                                                         "of section 1 is not a number", "did you mean 0,9?"]),
    (CHART.format(type="column", values='"0,6", "12 %"'), ["doc.yaml:13:27:", "put the unit in 'unit:'"]),
    (CHART.format(type="column", values='"0,6"'), ["doc.yaml:13:19: error: series 1 of the chart of section 1 "
                                                  "has 1 value for 2 categories"]),
    (CHART.format(type="donut", values='"1", "2"'), ["doc.yaml:7:13: error: unknown chart type 'donut'",
                                                    "bar, column, line, pie, doughnut"]),
    (CHART.format(type="pie", values='"1", "2"') + '        - name: "Ander"\n          values: ["1", "2"]\n',
     ["doc.yaml:14:11: error: a pie chart shows one series; the chart of section 1 has 2"]),
    (CHART.format(type="pie", values='"1", "-2"'), ["doc.yaml:13:25: error: a pie chart cannot show the negative"]),
    ('    table:\n      columns: ["a", "b"]\n      rows:\n        - ["1"]\n        - ["1", "2", "3"]\n',
     ["doc.yaml:9:11: error: row 1 of the table of section 1 has 1 cell for 2 columns",
      "doc.yaml:10:11: error: row 2 of the table of section 1 has 3 cells for 2 columns"]),
    ('    table:\n      columns: ["a"]\n      rows: [["1"]]\n      align: ["middle"]\n',
     ["doc.yaml:9:15: error: unknown alignment 'middle'"]),
    ('    table:\n      columns: ["a"]\n      rows: []\n', ["'rows' in the table of section 1 is empty"]),
])
def test_mistakes_are_located(tmp_path, body, expected):
    found = "\n".join(errors(tmp_path, doc(body)))
    for part in expected:
        assert part in found, found
