from django import forms

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class JobsImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file of contractor jobs from the housing management system",
        help_text="Columns: job_ref, property_ref or uprn, contractor, starts_on, ends_on, "
        "description. Dates as YYYY-MM-DD.",
        error_messages={
            "required": "Choose a CSV file of contractor jobs to import.",
            "missing": "Choose a CSV file of contractor jobs to import.",
            "invalid": "Choose a CSV file of contractor jobs to import.",
            "empty": "The file you chose is empty. Choose a CSV file with a header row.",
        },
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file must be 20 MB or smaller.")
        raw = upload.read()
        try:
            return str(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be a CSV saved as UTF-8.") from None
