"""Any text put into an export cell cannot start a spreadsheet formula, and loses nothing."""

from hypothesis import given
from hypothesis import strategies as st

from people.csv_safety import FORMULA_STARTS, neutralise_formula

formula_like = st.builds(
    lambda start, rest: start + rest, st.sampled_from(FORMULA_STARTS), st.text()
)


@given(value=st.one_of(st.text(), formula_like))
def test_a_neutralised_cell_never_starts_a_formula_and_keeps_the_text(value: str) -> None:
    cell = neutralise_formula(value)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (value, "'" + value)


@given(value=formula_like)
def test_a_cell_that_starts_like_a_formula_gets_a_quote_in_front(value: str) -> None:
    assert neutralise_formula(value) == "'" + value


@given(value=st.text().filter(lambda text: not text.startswith(FORMULA_STARTS)))
def test_a_plain_cell_is_left_exactly_as_it_was(value: str) -> None:
    assert neutralise_formula(value) == value


def test_the_owasp_examples_are_neutralised() -> None:
    assert neutralise_formula('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert neutralise_formula("+SUM(1,2)") == "'+SUM(1,2)"
    assert neutralise_formula("-1+1") == "'-1+1"
    assert neutralise_formula("@A1") == "'@A1"
    assert neutralise_formula("\tx") == "'\tx"
    assert neutralise_formula("\rx") == "'\rx"
    assert neutralise_formula("Mill Lane") == "Mill Lane"
