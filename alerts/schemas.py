"""The alert look-up's answer, described for the OpenAPI schema.

`alerts.lookup.alert_payload` builds exactly this shape; `render_alert` turns it into bytes.
"""

from datetime import date
from typing import Literal

from ninja import Schema


class AlertInstructionOut(Schema):
    measure: Literal["warning_flag", "contact_restriction"]
    reference: str
    instruction: str
    applies_to: str
    risk_level: str | None
    single_point_of_contact: str | None
    starts_on: date | None
    review_on: date | None


class AlertOut(Schema):
    kind: Literal["person", "property", "uprn"]
    reference: str
    instructions: list[AlertInstructionOut]
    # Present whenever a contact restriction is in force: what a restriction never blocks.
    always_allowed: str | None
