"""What the governance views share: the period asked for, errors onto forms."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from governance import periods
from governance.forms import PeriodForm
from governance.tables import Section


def period_from(query: QueryDict, *, today: date) -> tuple[PeriodForm, periods.Period | None]:
    """The period in the query string; this financial year so far when none is given."""
    if "starts_on" not in query and "ends_on" not in query:
        year = periods.financial_year_of(today)
        form = PeriodForm(initial={"starts_on": year.starts_on, "ends_on": year.ends_on})
        return form, year
    form = PeriodForm(query)
    return form, form.period() if form.is_valid() else None


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """An action's errors onto the form's fields, or above the form for any other field."""
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def chart_slugs(sections: list[Section]) -> set[str]:
    return {table.slug for section in sections for table in section.tables if table.chart}
