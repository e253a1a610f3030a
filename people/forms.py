from django import forms

from people.importer import IMPORTERS

MAX_IMPORT_BYTES = 50 * 1024 * 1024


class HousingImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        widget=forms.RadioSelect,
        choices=[
            ("properties", "Properties"),
            ("tenancies", "Tenancies and households"),
            ("people", "People"),
        ],
        help_text="Import properties first, then tenancies, then people.",
        error_messages={"required": "Select what the file holds."},
    )
    file = forms.FileField(
        label="CSV file from the housing management system",
        error_messages={"required": "Choose a CSV file to import."},
    )

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        assert kind in IMPORTERS
        return str(kind)

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file must be 50 MB or smaller.")
        raw = upload.read()
        try:
            return str(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be a CSV saved as UTF-8.") from None
