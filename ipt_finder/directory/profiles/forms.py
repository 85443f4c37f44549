"""The visitor's report that a listing is out of date."""

from django import forms

from ..models import Report
from ..web.spam import SpamResistantForm


class ReportForm(SpamResistantForm, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["topic", "message", "contact"]
        labels = {
            "topic": "What is out of date?",
            "message": "What should it say?",
            "contact": "Your e-mail or phone (optional)",
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}
        help_texts = {"contact": "Only curators see this, and only to ask you about the report."}
